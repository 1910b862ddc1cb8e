#pragma once

#include <memory>

#include <torch/nn/modules/linear.h>
#include <torch/optim/optimizer.h>

#include "data/catalog.h"
#include "learners/cost_model.h"
#include "learners/learner.h"
#include "models/vit.h"

namespace pf::learners {

/// Keys of the learners that train a ViT classifier (finetune, joint, er, linear).
struct ViTClassifierOptions {
    std::string init =
        "pretrained";        ///< vit_init: "pretrained" (built-in or vit_weights) or "scratch"
    std::string vitWeights;  ///< vit_weights: timm ViT checkpoint; "" = built-in tiny ViT
    int patchSize = 7;       ///< vit_patch_size (scratch): patch side in pixels
    int dim = 64;            ///< vit_dim (scratch): token width
    int depth = 4;           ///< vit_depth (scratch): transformer blocks
    int heads = 4;           ///< vit_heads (scratch): attention heads (divides vit_dim)
    double mlpRatio = 2.0;   ///< vit_mlp_ratio (scratch): MLP width over token width

    static const config::FieldSet<ViTClassifierOptions>& fields();
    /// Checks what ranges cannot: heads divide the width, patches tile the data set's images.
    void validate(const data::DatasetInfo& dataset) const;
    /// The from-scratch ViT shape for images of `context`, without a head.
    models::ViTOptions vit(const LearnerContext& context) const;
    /// Adds these keys to the field set of an options struct derived from this one.
    template <class O>
    static config::FieldSet<O>& addFields(config::FieldSet<O>& set);
};

/// A ViT (pretrained or from scratch) with a linear head over all classes of the sequence, its
/// logits sliced to the classes seen so far, trained with cross-entropy: the shared core of
/// finetune, joint, er and linear. A fresh optimizer per task.
class ViTClassifierLearner : public Learner, public CostModelled {
public:
    ViTClassifierLearner(const LearnerContext& context, const ViTClassifierOptions& options,
                         bool trainBackbone);

    void beginTask(const TaskInfo& task) override;
    StepResult trainStep(const data::Batch& batch) override;
    torch::Tensor predict(const torch::Tensor& images) override;
    void setLearningRate(double lr) override;
    std::int64_t trainableParameters() const override;
    std::int64_t totalParameters() const override;
    CostModel costModel(int batchSize) const override;
    /// The head, and the ViT when it trains.
    void saveState(LearnerState& state) const override;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) override;

protected:
    torch::Tensor logits(const torch::Tensor& images);
    std::vector<torch::Tensor> trainable() const;
    /// A method's term added to the cross-entropy of a step (EWC's penalty, LwF's
    /// distillation), with its name for the step's scalars; undefined tensor = none.
    virtual std::pair<torch::Tensor, std::string> extraLoss(const data::Batch& batch,
                                                            const torch::Tensor& logits) {
        (void)batch;
        (void)logits;
        return {};
    }

    LearnerContext context_;
    models::VisionTransformer vit_{nullptr};
    torch::nn::Linear head_{nullptr};
    bool trainBackbone_;
    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    TaskInfo task_;
};

template <class O>
config::FieldSet<O>& ViTClassifierOptions::addFields(config::FieldSet<O>& set) {
    return set.group("model")
        .choice("vit_init", &O::init, {"pretrained", "scratch"},
                "Start from the pretrained ViT (built-in or vit_weights) or from scratch")
        .text("vit_weights", &O::vitWeights, "timm ViT checkpoint (empty: built-in tiny ViT)")
        .integer("vit_patch_size", &O::patchSize, {1, 64}, "Scratch ViT: patch side in pixels")
        .integer("vit_dim", &O::dim, {8, 1024}, "Scratch ViT: token width")
        .integer("vit_depth", &O::depth, {1, 24}, "Scratch ViT: transformer blocks")
        .integer("vit_heads", &O::heads, {1, 16},
                 "Scratch ViT: attention heads (must divide vit_dim)")
        .real("vit_mlp_ratio", &O::mlpRatio, {0.25, 8.0},
              "Scratch ViT: MLP width over token width");
}

}  // namespace pf::learners
