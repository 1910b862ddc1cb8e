#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/task_sequence.h"
#include "experiment/experiment_config.h"
#include "training/observer.h"
#include "training/run_control.h"

/// One experiment from config to accuracy matrix: loads the data, builds the task sequence and
/// the learner, runs the trainer. The header is torch-free (pimpl), so the GUI and the command
/// line include it without LibTorch's headers.
namespace pf::learners {
class Learner;
}
namespace pf::data {
struct ImageDataset;
}
namespace pf::distributed {
class Communicator;
}

namespace pf::training {

struct TrainerOptions;

/// What a prepared experiment's data looks like (for `pfstudio data inspect` and the GUI).
struct DataSummary {
    std::string title;                  ///< data set title
    std::string root;                   ///< folder it was read from
    int channels = 0;                   ///< image channels
    int storedSide = 0;                 ///< image side as loaded
    int modelSide = 0;                  ///< image side the model reads (image_size)
    int classes = 0;                    ///< classes of the data set
    std::int64_t trainImages = 0;       ///< images in the training split (pool included)
    std::int64_t testImages = 0;        ///< images in the test split
    bool lazy = false;                  ///< images decoded on demand (image folders)
    bool sharedTest = false;            ///< every task tested on the same images (CORe50)
    bool validation = false;            ///< evaluation on a validation split of the training data
    std::vector<std::string> warnings;  ///< problems that did not stop the load
};

/// One image of a task, for previews: raw pixels as loaded (before normalisation).
struct SampleImage {
    int width = 0;
    int height = 0;
    int channels = 0;                  ///< 1 (grey) or 3 (RGB)
    std::vector<std::uint8_t> pixels;  ///< height x width x channels, row-major
    int classId = 0;                   ///< original class id
    std::string className;
    std::string source;  ///< file path, or "train image N"
};

class Experiment {
public:
    /// Takes a validated config; nothing is loaded yet.
    explicit Experiment(config::ExperimentConfig config);
    ~Experiment();
    Experiment(const Experiment&) = delete;
    Experiment& operator=(const Experiment&) = delete;

    /// Checks the device, loads the data set and builds the task sequence (idempotent). Throws
    /// pf::DataError or pf::ConfigError naming the file or key at fault.
    void prepare();

    /// The task sequence (prepare() first).
    const data::TaskSequence& sequence() const;
    /// Class names of the data set, index = original class id (prepare() first).
    const std::vector<std::string>& classNames() const;
    /// The loaded data at a glance (prepare() first).
    DataSummary dataSummary() const;
    /// Training images of task t for a preview: the first `perClass` of each of its classes,
    /// at most `limit` in all, classes taken in turn (prepare() first).
    std::vector<SampleImage> samples(int task, int perClass, int limit) const;

    /// Prepares if needed, sets the calling thread's compute threads, seeds and builds the
    /// learner (idempotent). Call it in the thread that will train: weights that cannot be read
    /// or do not fit the images fail here (pf::ConfigError / pf::CheckpointError naming the
    /// key), before a caller stores anything.
    void buildLearner();

    /// Writes a checkpoint into `folder` after every task but the last (training/checkpoint.h);
    /// empty: none (the default).
    void setCheckpointFolder(const std::string& folder);

    /// Trains as one process of a data-parallel run (training/data_parallel.h); nullptr (the
    /// default): alone.
    void setCommunicator(distributed::Communicator* communicator);

    /// Makes run() continue after the checkpoint in `folder` instead of starting afresh: builds
    /// the learner, reads the checkpoint and restores it, and returns the last task it holds
    /// (0-based). The checkpoint must belong to this config (keys that change only where or how
    /// fast it runs - device, threads, parallel, prefetch_batches, cache_mb - may differ). Throws
    /// pf::CheckpointError naming what does not fit, before anything is trained or stored.
    int resumeFrom(const std::string& folder);
    /// The intra-op thread count the checkpoint's run trained with (resumeFrom() first; 0
    /// when not resuming): results repeat exactly only with the same count.
    int checkpointThreads() const;
    /// The intra-op thread count this run trains with (buildLearner() first).
    int threads() const;

    /// Builds the learner if buildLearner() has not, and trains. Training failures end the run with
    /// a status (never an exception); errors in prepare() and in building the learner are thrown
    /// before any event is sent.
    RunEndEvent run(TrainerObserver& observer, RunControl& control);

    const config::ExperimentConfig& config() const;

    /// Zero-shot accuracy of the built-in tiny CLIP on each task's test data (over all classes
    /// of the sequence), before any training; empty for data sets it was not pretrained on.
    std::vector<double> zeroShotAccuracies();

    /// For the benchmark (training/bench.h): the learner buildLearner() built, the loaded data
    /// and the trainer's options for this config. Callers include the types' headers.
    learners::Learner& learner();
    const data::ImageDataset& dataset() const;
    TrainerOptions trainerOptions() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pf::training
