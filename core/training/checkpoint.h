#pragma once

#include <cstdint>
#include <string>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "io/checkpoint_folder.h"
#include "learners/learner_state.h"
#include "metrics/accuracy_matrix.h"

/// Checkpoints: what a run needs to go on after its last completed task. A run's checkpoint is a
/// folder holding `task-N.safetensors` (the learner's state and the random generators' states)
/// and `trainer.json` (the trainer's position, the accuracy matrix so far and the run's config),
/// which names the tensor file it belongs to. Both are written atomically, tensors first, so a
/// kill at any moment leaves the previous checkpoint or the new one whole.
namespace pf::learners {
class Learner;
}

namespace pf::training {

/// The trainer's position after a completed task.
struct TrainerState {
    int completedTask = -1;          ///< the last task learned and evaluated (0-based)
    std::int64_t globalStep = 0;     ///< optimizer steps taken so far
    double baseLr = 0.0;             ///< the base learning rate (changed live in the GUI)
    metrics::AccuracyMatrix matrix;  ///< complete columns up to completedTask
    int threads = 0;                 ///< intra-op threads the run trained with
};

/// trainer.json.
struct CheckpointInfo {
    static constexpr int kFormat = 1;
    TrainerState trainer;
    nlohmann::json config;  ///< the run's complete config
    std::string stateFile;  ///< "task-N.safetensors", beside trainer.json
    std::string device;     ///< the device the run trained on
    std::string writtenAt;  ///< ISO 8601 UTC

    nlohmann::json toJson() const;
    /// Throws pf::CheckpointError naming `file` and the key at fault.
    static CheckpointInfo fromJson(const nlohmann::json& j, const std::string& file);
};

/// A checkpoint as read back.
struct Checkpoint {
    CheckpointInfo info;
    learners::LearnerState learner;
    torch::Tensor cpuGenerator;   ///< the CPU generator's state
    torch::Tensor cudaGenerator;  ///< the CUDA generator's state (runs on CUDA), else undefined
};

/// Writes `learner`'s state, the generators' states and `trainer` into `folder` (created if
/// needed), then removes the previous task's tensor file. Throws pf::CheckpointError (a full or
/// read-only disk) with the previous checkpoint left whole.
void writeCheckpoint(const std::string& folder, const learners::Learner& learner,
                     const TrainerState& trainer, const nlohmann::json& config,
                     torch::Device device);

/// Reads and checks a checkpoint; throws pf::CheckpointError naming the file and what is wrong.
Checkpoint readCheckpoint(const std::string& folder);

/// Sets the default generators (CPU, and the CUDA one of `device`) to the checkpoint's states.
void restoreGenerators(const Checkpoint& checkpoint, torch::Device device);

}  // namespace pf::training
