#include "learners/linear_probe.h"

#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "data/task_sequence.h"
#include "learners/backbones.h"
#include "learners/learner_state.h"
#include "learners/optim.h"

namespace pf::learners {

const config::FieldSet<LinearProbeOptions>& LinearProbeOptions::fields() {
    using O = LinearProbeOptions;
    static const auto set =
        config::FieldSet<O>("model")
            .choice("probe_backbone", &O::backbone, {"vit", "clip"},
                    "The frozen backbone whose features the head reads: the ViT's class token "
                    "or CLIP's image embedding")
            .text("vit_weights", &O::vitWeights, "timm ViT checkpoint (empty: built-in tiny ViT)")
            .text("clip_weights", &O::clipWeights, "CLIP checkpoint (empty: built-in tiny CLIP)")
            .text("clip_vocab", &O::clipVocab, "CLIP BPE merges file, for real CLIP weights");
    return set;
}

void LinearProbeOptions::validate(const data::DatasetInfo&) const {
    if (!clipWeights.empty() && clipVocab.empty())
        throw ConfigError("config key 'clip_vocab': CLIP weights need CLIP's BPE merges file");
}

LinearProbeLearner::LinearProbeLearner(const LearnerContext& context,
                                       const LinearProbeOptions& options)
    : context_(context), options_(options) {
    std::int64_t width = 0;
    if (options.backbone == "clip") {
        ClipBackbone b = loadClipBackbone(options.clipWeights, options.clipVocab);
        clip_ = b.clip;
        const models::ClipVisionOptions& v = clip_->options().vision;
        requireImageShape("clip_weights", v.imageSize, v.channels, context.imageSize,
                          context.channels, options.clipWeights.empty());
        width = v.outputDim;
        clip_->to(context_.device);
    } else {
        vit_ = loadViTBackbone(options.vitWeights);
        const models::ViTOptions& o = vit_->options();
        requireImageShape("vit_weights", o.imageSize, o.channels, context.imageSize,
                          context.channels, options.vitWeights.empty());
        width = o.dim;
        vit_->to(context_.device);
    }
    head_ = torch::nn::Linear(width, context.totalClasses);
    head_->to(context_.device);
}

std::vector<std::int64_t> LinearProbeLearner::trainingIndices(const data::TaskSequence& sequence,
                                                              int task) const {
    return sequence.trainUpTo(task);
}

void LinearProbeLearner::beginTask(const TaskInfo& task) {
    task_ = task;
    optimizer_ = makeOptimizer(head_->parameters(), context_.experiment.training);
}

torch::Tensor LinearProbeLearner::features(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    const torch::Tensor f = clip_ ? clip_->encodeImage(images) : vit_->features(images);
    // The same length for every image: the head's learning rate means the same on either
    // backbone, whatever the scale of its features.
    return f / f.norm(2, -1, true).clamp_min(1e-12) * std::sqrt(static_cast<double>(f.size(-1)));
}

StepResult LinearProbeLearner::trainStep(const data::Batch& batch) {
    const torch::Tensor logits =
        head_->forward(features(batch.images)).narrow(1, 0, task_.seenClasses);
    StepResult result;
    optimize(torch::cross_entropy_loss(logits, batch.targets), *optimizer_, head_->parameters(),
             context_.experiment.training.gradClip, result);
    return result;
}

torch::Tensor LinearProbeLearner::predict(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    return head_->forward(features(images)).narrow(1, 0, task_.seenClasses);
}

void LinearProbeLearner::setLearningRate(double lr) {
    if (optimizer_) learners::setLearningRate(*optimizer_, lr);
}

std::int64_t LinearProbeLearner::trainableParameters() const {
    std::int64_t n = 0;
    for (const auto& p : head_->parameters())
        n += p.numel();
    return n;
}

std::int64_t LinearProbeLearner::totalParameters() const {
    std::int64_t n = trainableParameters();
    const std::vector<torch::Tensor> backbone =
        clip_ ? clip_->visual->parameters() : vit_->parameters();
    for (const auto& p : backbone)
        n += p.numel();
    return n;
}

void LinearProbeLearner::saveState(LearnerState& state) const {
    state.putModule("head", *head_);
}

void LinearProbeLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    state.loadModule("head", *head_);
    task_ = lastTask;
}

}  // namespace pf::learners
