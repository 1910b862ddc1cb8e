#pragma once

#include <memory>
#include <string>

#include <torch/nn/modules/linear.h>
#include <torch/optim/optimizer.h>

#include "config/fields.h"
#include "data/catalog.h"
#include "learners/learner.h"
#include "models/clip.h"
#include "models/vit.h"

namespace pf::learners {

/// Keys of `linear-probe`.
struct LinearProbeOptions {
    std::string backbone = "vit";  ///< probe_backbone: "vit" or "clip" (its image tower)
    std::string vitWeights;        ///< vit_weights: timm ViT checkpoint; "" = built-in tiny ViT
    std::string clipWeights;       ///< clip_weights: CLIP checkpoint; "" = built-in tiny CLIP
    std::string clipVocab;         ///< clip_vocab: CLIP's BPE merges file, with clip_weights

    static const config::FieldSet<LinearProbeOptions>& fields();
    void validate(const data::DatasetInfo& dataset) const;
};

/// `linear-probe`: how far a frozen backbone's features carry. A linear head over all classes
/// on the features of one pretrained backbone (the ViT's class token, or CLIP's image
/// embedding), each scaled to the same length, trained at each task on every task seen so far
/// (as `joint`): not a continual learner but the reference a benchmark needs beside zero-shot
/// CLIP and full fine-tuning. Unlike `linear` (the ViT's head trained task after task, which
/// forgets), its last row is the accuracy the frozen features allow.
class LinearProbeLearner : public Learner {
public:
    LinearProbeLearner(const LearnerContext& context, const LinearProbeOptions& options);

    void beginTask(const TaskInfo& task) override;
    std::vector<std::int64_t> trainingIndices(const data::TaskSequence& sequence,
                                              int task) const override;
    StepResult trainStep(const data::Batch& batch) override;
    torch::Tensor predict(const torch::Tensor& images) override;
    void setLearningRate(double lr) override;
    std::int64_t trainableParameters() const override;
    std::int64_t totalParameters() const override;
    void saveState(LearnerState& state) const override;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) override;

private:
    /// The frozen backbone's features of `images`, each scaled to length sqrt(width).
    torch::Tensor features(const torch::Tensor& images);

    LearnerContext context_;
    LinearProbeOptions options_;
    models::VisionTransformer vit_{nullptr};
    models::ClipModel clip_{nullptr};
    torch::nn::Linear head_{nullptr};
    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    TaskInfo task_;
};

}  // namespace pf::learners
