#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "data/image_dataset.h"
#include "data/task_sequence.h"
#include "learners/learner.h"
#include "training/checkpoint.h"
#include "training/observer.h"
#include "training/run_control.h"

namespace pf::distributed {
class Communicator;
}

namespace pf::training {

class DataParallel;

/// How the trainer walks through a sequence.
struct TrainerOptions {
    config::TrainingOptions training;    ///< the config's training keys, as they are
    std::uint64_t seed = 0;              ///< shuffling and augmentation
    std::vector<float> mean;             ///< normalisation per channel
    std::vector<float> std;              ///< normalisation per channel
    int inspectPerTask = 6;              ///< test images per task for the sample inspector
    int prefetch = 2;                    ///< batches made ahead on a loader thread (0: none)
    torch::Device device = torch::kCPU;  ///< where batches go (the learner's device)
    /// Where a checkpoint is written after each task but the last (training/checkpoint.h);
    /// empty: none.
    std::string checkpointFolder;
    nlohmann::json config =
        nlohmann::json::object();  ///< the run's config, kept in each checkpoint
    int threads = 0;               ///< intra-op threads of the training thread, kept likewise
    /// The other processes of a data-parallel run (training/data_parallel.h); nullptr or a
    /// world of one: this process trains alone.
    distributed::Communicator* communicator = nullptr;
};

/// The device named by the config key `device` ("cpu", "cuda", "cuda:N"); throws ConfigError
/// naming the key when it is malformed or not on this build and machine.
torch::Device computeDevice(const std::string& name);

/// What one evaluation measured.
struct EvaluationResult {
    std::vector<double> accuracies;                       ///< acc(i, t) for i = 0..t
    std::vector<std::pair<std::string, double>> figures;  ///< "fused_old_acc", "booster_usage", ...
};

/// Runs a learner through a task sequence: per task, epochs of mini-batches, then evaluation
/// on the test data of every task so far, filling the accuracy matrix. Reports through the
/// observer and honours the RunControl between batches.
class Trainer {
public:
    Trainer(TrainerOptions options, const data::ImageDataset& dataset,
            const data::TaskSequence& sequence, learners::Learner& learner);
    ~Trainer();

    /// Continues after the checkpoint's task instead of from the start: restores the learner,
    /// the generators, the step count, the learning rate and the accuracy matrix so far. Throws
    /// pf::CheckpointError when the checkpoint does not fit this sequence or learner.
    void resumeFrom(const Checkpoint& checkpoint);
    /// Where the checkpoints go from now on (TrainerOptions::checkpointFolder).
    void setCheckpointFolder(const std::string& folder) { options_.checkpointFolder = folder; }

    /// Runs to the end, a stop request, or an error. Never throws for training failures: they
    /// end the run with status Failed or Diverged and reach the observer's onRunEnd.
    RunEndEvent run(TrainerObserver& observer, RunControl& control);

    /// Tests on every task so far after task t: each task's accuracy (over all classes seen so
    /// far) and, for the prediction and its parts, accuracy overall and on old and new classes,
    /// plus the learner's own evaluation and task figures.
    EvaluationResult evaluate(int t);

    /// Up to `perTask` test images of each task 0..t (classes taken in turn, the same images
    /// after every task) with every part's prediction.
    SamplesEvent inspect(int t, int perTask);

    /// The loader options of training (shuffled, drop-last, augmentation as configured).
    data::LoaderOptions trainLoaderOptions() const;
    /// Test-time transform: normalisation, resize, centre crop.
    data::TransformOptions plainTransform() const;
    /// What the learner is told about task t, trained for `steps` optimizer steps.
    learners::TaskInfo taskInfo(int t, std::int64_t steps) const;

private:
    RunStatus trainTask(int t, TrainerObserver& observer, RunControl& control);
    /// Normalisation and resize, no augmentation: evaluation and end-of-task passes.

    TrainerOptions options_;
    const data::ImageDataset& dataset_;
    const data::TaskSequence& sequence_;
    learners::Learner& learner_;
    double baseLr_;
    std::int64_t globalStep_ = 0;
    int firstTask_ = 0;                       // the task run() starts with (after a checkpoint's)
    metrics::AccuracyMatrix resumed_;         // the checkpoint's matrix; empty when not resumed
    std::unique_ptr<DataParallel> parallel_;  // a data-parallel run's link to the others
};

}  // namespace pf::training
