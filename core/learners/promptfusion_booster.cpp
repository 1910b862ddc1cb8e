// PromptFusion's Booster: frozen ViT, a shallow VPT prompt and a head over all classes.

#include <torch/torch.h>

#include "learners/backbones.h"
#include "learners/promptfusion.h"

namespace pf::learners {

void PromptFusionLearner::buildBooster() {
    vit_ = loadViTBackbone(options_.vitWeights);
    const models::ViTOptions& o = vit_->options();
    requireImageShape("vit_weights", o.imageSize, o.channels, context_.imageSize, context_.channels,
                      options_.vitWeights.empty());
    vit_->to(context_.device);
    if (options_.vptLength > 0)
        vptPrompt_ = torch::empty({1, options_.vptLength, o.dim},
                                  torch::TensorOptions().device(context_.device))
                         .uniform_(-1.0, 1.0)
                         .requires_grad_(true);
    head_ = torch::nn::Linear(o.dim, context_.totalClasses);
    head_->to(context_.device);
}

torch::Tensor PromptFusionLearner::boosterLogits(const torch::Tensor& images) {
    models::PromptInputs prompts;
    prompts.shallow = vptPrompt_;
    const torch::Tensor feature = vit_->featuresPrompted(
        images, prompts,
        vptPrompt_.defined() ? models::Pooling::PromptMean : models::Pooling::ClassToken);
    return head_->forward(feature).narrow(1, 0, task_.seenClasses);
}

}  // namespace pf::learners
