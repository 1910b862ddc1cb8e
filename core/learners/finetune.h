#pragma once

#include <memory>

#include <torch/optim/optimizer.h>

#include "data/catalog.h"
#include "learners/learner.h"
#include "models/vit.h"

namespace pf::learners {

/// Architecture keys of the learners that train a ViT from its initialisation.
struct ViTClassifierOptions {
    int patchSize = 7;      ///< vit_patch_size: patch side in pixels (7: a 4x4 grid on 28x28)
    int dim = 64;           ///< vit_dim: token width
    int depth = 4;          ///< vit_depth: transformer blocks
    int heads = 4;          ///< vit_heads: attention heads (divides vit_dim)
    double mlpRatio = 2.0;  ///< vit_mlp_ratio: MLP width over token width

    static const config::FieldSet<ViTClassifierOptions>& fields();
    /// Checks what ranges cannot: heads divide the width, patches tile the data set's images.
    void validate(const data::DatasetInfo& dataset) const;
    /// The ViT shape for images of `context`, with a head over all of its classes.
    models::ViTOptions vit(const LearnerContext& context) const;
};

/// `finetune`: the whole network trained on each task in turn, cross-entropy over the classes
/// seen so far (a growing head: one head over all classes, its logits sliced to the seen ones).
/// Nothing protects old classes: the classic catastrophic-forgetting baseline.
class FinetuneLearner : public Learner {
public:
    FinetuneLearner(const LearnerContext& context, const ViTClassifierOptions& options);

    void beginTask(const TaskInfo& task) override;
    StepResult trainStep(const data::Batch& batch) override;
    torch::Tensor predict(const torch::Tensor& images) override;
    void setLearningRate(double lr) override;
    std::int64_t trainableParameters() const override;

protected:
    LearnerContext context_;
    models::VisionTransformer model_{nullptr};
    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    int seenClasses_ = 0;
};

}  // namespace pf::learners
