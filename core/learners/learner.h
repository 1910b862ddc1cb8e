#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "config/experiment_options.h"
#include "data/batch_loader.h"
#include "data/task_sequence.h"

/// The learner interface: what a continual-learning method is to the trainer. A method is small:
/// begin and end task hooks, one training step, and a prediction over the classes seen so far.
namespace pf::learners {

class LearnerState;

/// The setting a learner is built for.
struct LearnerContext {
    config::ExperimentOptions experiment;  ///< the core keys (optimizer, lr, seed, ...)
    int channels = 1;                      ///< input image channels
    int imageSize = 28;                    ///< input image side (square)
    int totalClasses = 10;                 ///< classes over the whole sequence
    std::vector<std::string> classNames;   ///< names of the classes, in incremental label order
    torch::Device device = torch::kCPU;    ///< where tensors live
};

/// The task about to be learned or just learned.
struct TaskInfo {
    int index = 0;        ///< 0-based task index
    int tasks = 1;        ///< tasks in the sequence
    int firstClass = 0;   ///< first incremental label of this task
    int classes = 0;      ///< classes in this task
    int seenClasses = 0;  ///< classes seen once this task is learned
    /// Domain-il: every task has every class (firstClass 0, classes = seenClasses = all), and
    /// what is new is the domain.
    bool domainIncremental = false;
    std::int64_t steps = 0;  ///< optimizer steps planned for this task
};

/// A scalar a step reports beside its loss (e.g. the fusion weight), by name.
using NamedScalar = std::pair<std::string, double>;

/// What a learner may read of a finished task's own training data (e.g. to choose exemplars):
/// batches without augmentation, in a fixed order.
struct TaskData {
    const data::ImageSplit* split = nullptr;     ///< the training split
    std::vector<std::int64_t> indices;           ///< the task's own training samples
    const std::vector<int>* labelMap = nullptr;  ///< original class -> incremental label
    data::TransformOptions transform;            ///< normalisation (no augmentation)
    int batchSize = 256;                         ///< batch size for passes over the data

    /// A loader over `indices` (the task's data, or a subset of it).
    data::BatchLoader loader(std::vector<std::int64_t> subset) const;
};

/// One named set of logits over the seen classes ("fused", "stabilizer", ...).
struct Prediction {
    std::string name;
    torch::Tensor logits;
};

/// What one training step returns: its contributions, made explicit.
struct StepResult {
    double loss = 0.0;                 ///< the loss that was minimised
    std::vector<NamedScalar> scalars;  ///< extra per-step values worth recording
    /// Global norm of the trainable parameters' gradients before clipping (0: not computed).
    /// Not finite: the step was not applied, and the trainer ends the run as diverged.
    double gradNorm = 0.0;
};

class Learner {
public:
    virtual ~Learner() = default;

    /// Called before the first step of a task (new optimizer, new head rows, ...).
    virtual void beginTask(const TaskInfo& task) = 0;

    /// Indices into the training split that this learner trains on during task t. The default
    /// is the task's own data; joint training takes every task so far, rehearsal adds memory.
    virtual std::vector<std::int64_t> trainingIndices(const data::TaskSequence& sequence,
                                                      int task) const;

    /// One optimizer step on a batch of the current task.
    virtual StepResult trainStep(const data::Batch& batch) = 0;

    /// Called after the last step of a task, before evaluation.
    virtual void endTask(const TaskInfo& task, const TaskData& data) {
        (void)task;
        (void)data;
    }

    /// Logits over the classes seen so far, [B, seenClasses], in evaluation mode.
    virtual torch::Tensor predict(const torch::Tensor& images) = 0;

    /// The prediction first, then any parts worth scoring on their own (PromptFusion: the fused
    /// logits, then the Stabilizer's and the Booster's). The default is predict() as "model".
    virtual std::vector<Prediction> predictWithParts(const torch::Tensor& images);

    /// Called before and after the test passes of one evaluation; endEvaluation returns figures
    /// measured during it (e.g. the share of images the Booster ran on).
    virtual void beginEvaluation() {}
    /// Called within an evaluation before the test images of task `task` (0-based) are
    /// predicted, so that a learner can tally what it does per task (prompt selections).
    virtual void beginEvaluationTask(int task) { (void)task; }
    virtual std::vector<NamedScalar> endEvaluation() { return {}; }

    /// Figures describing the learner after a task (e.g. the weight mask), recorded with it.
    virtual std::vector<NamedScalar> taskScalars() const { return {}; }

    /// Sets the learning rate of every parameter group (the trainer owns the schedule).
    virtual void setLearningRate(double lr) = 0;

    /// The parts a training step is split into, one per thread (config `parallel`: "batch",
    /// or "auto" where the learner can split); 1 when the threads share every operation instead.
    virtual int stepParts() const { return 1; }

    /// Number of parameters trained in the current task.
    virtual std::int64_t trainableParameters() const = 0;
    /// Number of parameters of the whole model, frozen ones included (what inference holds).
    virtual std::int64_t totalParameters() const { return trainableParameters(); }

    /// What the learner has learned so far, for a checkpoint after endTask(): everything a
    /// learner built from the same config needs to go on with the next task exactly as this one
    /// would (prompts, heads, trained backbones, exemplars, anchors). Backbones that stay frozen
    /// are rebuilt from the config, not saved.
    virtual void saveState(LearnerState& state) const = 0;
    /// Restores saveState()'s content into a learner just built from the same config; it then
    /// stands as the saving learner did after `lastTask` ended, predictions included. Throws
    /// pf::CheckpointError naming a tensor that is missing or of another shape or dtype.
    virtual void loadState(const LearnerState& state, const TaskInfo& lastTask) = 0;
};

/// Creates the learner `name` with its options object (complete, as produced by
/// learnerInfo(name).normalize). Throws ConfigError for an unknown name.
std::unique_ptr<Learner> createLearner(const std::string& name, const LearnerContext& context,
                                       const nlohmann::json& options);

}  // namespace pf::learners
