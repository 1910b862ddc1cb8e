#pragma once

#include "learners/vit_classifier.h"

namespace pf::learners {

struct LwfOptions : ViTClassifierOptions {
    double alpha = 1.0;        ///< lwf_alpha: weight of the distillation term
    double temperature = 2.0;  ///< lwf_temperature: softening of both distributions
    static const config::FieldSet<LwfOptions>& fields();
};

/// LwF's distillation: the cross-entropy between the old model's and the new model's softened
/// distributions over the old classes, -sum softmax(old / T) log softmax(new / T), averaged over
/// the batch and scaled by T^2 (so its gradients keep their size whatever T).
torch::Tensor distillationLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                               double temperature);

/// `lwf` (Li & Hoiem, 2016): the ViT fully fine-tuned on each task with cross-entropy on its
/// labels plus the distillation of a frozen copy of the model from before the task on the old
/// classes' logits (domain-il: on all classes), temperature 2. No stored images.
class LwfLearner : public ViTClassifierLearner {
public:
    LwfLearner(const LearnerContext& context, const LwfOptions& options);
    void beginTask(const TaskInfo& task) override;

protected:
    std::pair<torch::Tensor, std::string> extraLoss(const data::Batch& batch,
                                                    const torch::Tensor& logits) override;

private:
    LwfOptions options_;
    models::VisionTransformer oldVit_{nullptr};
    torch::nn::Linear oldHead_{nullptr};
    int oldClasses_ = 0;
};

}  // namespace pf::learners
