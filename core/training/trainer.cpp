#include "training/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <torch/torch.h>

#include "common/error.h"
#include "common/schedule.h"
#include "data/batch_loader.h"
#include "data/sampling.h"
#include "data/transforms.h"
#include "distributed/communicator.h"
#include "experiment/experiment_config.h"
#include "learners/step_sync.h"
#include "training/data_parallel.h"

namespace pf::training {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Raised inside the loop when the loss stops being a number.
class Diverged : public TrainingError {
public:
    using TrainingError::TrainingError;
};

}  // namespace

const char* statusName(RunStatus status) {
    switch (status) {
        case RunStatus::Running:
            return "running";
        case RunStatus::Finished:
            return "finished";
        case RunStatus::Stopped:
            return "stopped";
        case RunStatus::Failed:
            return "failed";
        case RunStatus::Diverged:
            return "diverged";
        case RunStatus::Interrupted:
            return "interrupted";
    }
    return "failed";
}

RunStatus statusFromName(const std::string& name) {
    for (RunStatus s : {RunStatus::Running, RunStatus::Finished, RunStatus::Stopped,
                        RunStatus::Failed, RunStatus::Diverged, RunStatus::Interrupted})
        if (name == statusName(s)) return s;
    return RunStatus::Failed;
}

Trainer::Trainer(TrainerOptions options, const data::ImageDataset& dataset,
                 const data::TaskSequence& sequence, learners::Learner& learner)
    : options_(std::move(options))
    , dataset_(dataset)
    , sequence_(sequence)
    , learner_(learner)
    , baseLr_(options_.training.lr) {
    if (options_.communicator && options_.communicator->size() > 1)
        parallel_ = std::make_unique<DataParallel>(*options_.communicator);
}

Trainer::~Trainer() = default;

torch::Device computeDevice(const std::string& name) {
    if (!config::isDeviceName(name))
        throw ConfigError("config key 'device': '" + name +
                          "' is not a device; use cpu, cuda or cuda:N");
    const torch::Device device(name);
    if (device.is_cpu()) return device;
    const int available =
        torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    if (available == 0)
        throw ConfigError("config key 'device': '" + name +
                          "' needs a CUDA build of LibTorch and a CUDA device; this build or "
                          "machine has none (use cpu)");
    if (device.has_index() && device.index() >= available)
        throw ConfigError("config key 'device': '" + name + "', but this machine has " +
                          std::to_string(available) +
                          " CUDA device(s), cuda:0 to cuda:" + std::to_string(available - 1));
    return device;
}

EvaluationResult Trainer::evaluate(int t) {
    // Counts per prediction name: overall, old tasks' test data (tasks before t) and the
    // newest task's. In class-il those are the old and new classes; in domain-il the old and
    // new domains.
    struct Tally {
        std::int64_t correct = 0, total = 0, oldCorrect = 0, oldTotal = 0, newCorrect = 0,
                     newTotal = 0;
    };
    std::vector<std::pair<std::string, Tally>> tallies;
    EvaluationResult result;
    const bool taskIl = sequence_.scenario() == data::Scenario::TaskIncremental;
    // One shared test set (CORe50): tested once, the same accuracy for every task so far.
    const int first = sequence_.sharedTest() ? t : 0;
    learner_.beginEvaluation();
    for (int i = first; i <= t; ++i) {
        data::LoaderOptions lo;
        lo.batchSize = options_.training.evalBatchSize;
        lo.transform = plainTransform();
        lo.prefetch = options_.prefetch;
        lo.device = options_.device;
        const data::ImageSplit& split =
            sequence_.evaluatesOnValidation() ? dataset_.train : dataset_.test;
        data::BatchLoader loader(split, sequence_.task(i).test, sequence_.labelMap(), lo);
        const bool old = i < t;
        learner_.beginEvaluationTask(i);
        // Task-il: the task id is given, so only task i's classes compete.
        torch::Tensor outside;
        if (taskIl) {
            outside = torch::ones({sequence_.seenClassesAfter(t)}, torch::kBool);
            outside.narrow(0, sequence_.firstClass(i), sequence_.classesIn(i)).fill_(false);
        }
        std::int64_t correct = 0, total = 0;
        while (auto batch = loader.next()) {
            const std::vector<learners::Prediction> predictions =
                learner_.predictWithParts(batch->images);
            const torch::Tensor targets = batch->targets.cpu();
            for (std::size_t k = 0; k < predictions.size(); ++k) {
                torch::Tensor logits = predictions[k].logits.to(torch::kCPU);
                if (taskIl)
                    logits = logits.masked_fill(outside.unsqueeze(0),
                                                -std::numeric_limits<float>::infinity());
                const torch::Tensor hit = logits.argmax(1).eq(targets);
                if (tallies.size() <= k) tallies.emplace_back(predictions[k].name, Tally{});
                Tally& tally = tallies[k].second;
                const std::int64_t n = targets.size(0);
                const std::int64_t hits = hit.sum().item<std::int64_t>();
                tally.correct += hits;
                tally.total += n;
                (old ? tally.oldCorrect : tally.newCorrect) += hits;
                (old ? tally.oldTotal : tally.newTotal) += n;
                if (k == 0) {
                    correct += hits;
                    total += n;
                }
            }
        }
        const double accuracy =
            total == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(total);
        result.accuracies.push_back(accuracy);
    }
    if (sequence_.sharedTest())
        result.accuracies.assign(static_cast<std::size_t>(t + 1), result.accuracies.back());
    auto ratio = [](std::int64_t a, std::int64_t b) {
        return b == 0 ? std::numeric_limits<double>::quiet_NaN()
                      : static_cast<double>(a) / static_cast<double>(b);
    };
    for (const auto& [name, tally] : tallies) {
        result.figures.emplace_back(name + "_acc", ratio(tally.correct, tally.total));
        result.figures.emplace_back(name + "_old_acc", ratio(tally.oldCorrect, tally.oldTotal));
        result.figures.emplace_back(name + "_new_acc", ratio(tally.newCorrect, tally.newTotal));
    }
    for (const auto& scalar : learner_.endEvaluation())
        result.figures.push_back(scalar);
    for (const auto& scalar : learner_.taskScalars())
        result.figures.push_back(scalar);
    return result;
}

SamplesEvent Trainer::inspect(int t, int perTask) {
    SamplesEvent out;
    out.afterTask = t;
    if (perTask <= 0) return out;
    const data::ImageSplit& split =
        sequence_.evaluatesOnValidation() ? dataset_.train : dataset_.test;
    const std::vector<std::int64_t> labels = split.labelVector();
    std::vector<std::int64_t> picked;
    std::vector<int> taskOf;
    const int first = sequence_.sharedTest() ? t : 0;
    for (int i = first; i <= t; ++i) {
        // The task's classes in turn, by class id, in test-set order.
        std::vector<int> classes = sequence_.task(i).classes;
        std::sort(classes.begin(), classes.end());
        for (std::int64_t idx :
             data::samplesInTurn(sequence_.task(i).test, labels, classes, perTask, perTask)) {
            picked.push_back(idx);
            taskOf.push_back(i);
        }
    }
    if (picked.empty()) return out;
    torch::NoGradGuard guard;
    const torch::Tensor raw = split.gather(picked).contiguous();
    std::vector<std::int64_t> rows(picked.size());
    for (std::size_t k = 0; k < rows.size(); ++k)
        rows[k] = static_cast<std::int64_t>(k);
    const torch::Tensor images = data::makeBatch(raw, rows, plainTransform(), nullptr);
    // Evaluation-mode predictions, outside the evaluation's own counters.
    learner_.beginEvaluation();
    const std::vector<learners::Prediction> predictions =
        learner_.predictWithParts(images.to(options_.device));
    learner_.endEvaluation();
    const auto& order = sequence_.classOrder();
    const auto bytes = static_cast<std::size_t>(raw[0].numel());
    for (std::size_t k = 0; k < picked.size(); ++k) {
        InspectedSample s;
        s.task = taskOf[k];
        s.height = static_cast<int>(raw.size(1));
        s.width = static_cast<int>(raw.size(2));
        s.channels = static_cast<int>(raw.size(3));
        const std::uint8_t* p = raw.data_ptr<std::uint8_t>() + k * bytes;
        s.pixels.assign(p, p + bytes);
        s.truth = dataset_.info.classNames.at(
            static_cast<std::size_t>(labels[static_cast<std::size_t>(picked[k])]));
        for (const learners::Prediction& pred : predictions) {
            const auto label =
                pred.logits[static_cast<std::int64_t>(k)].argmax().item<std::int64_t>();
            const int original = order.at(static_cast<std::size_t>(label));
            s.predictions.emplace_back(
                pred.name, dataset_.info.classNames.at(static_cast<std::size_t>(original)));
        }
        out.samples.push_back(std::move(s));
    }
    return out;
}

data::TransformOptions Trainer::plainTransform() const {
    data::TransformOptions t;
    t.mean = options_.mean;
    t.std = options_.std;
    t.outputSize = options_.training.imageSize;
    t.centerCrop = options_.training.centerCrop;
    return t;
}

data::LoaderOptions Trainer::trainLoaderOptions() const {
    data::LoaderOptions lo;
    lo.batchSize = options_.training.batchSize;
    lo.shuffle = true;
    lo.dropLast = true;
    lo.train = true;
    lo.transform = plainTransform();
    lo.transform.randomCrop = options_.training.augment;
    lo.transform.randomResizedCrop = options_.training.randomResizedCrop;
    lo.transform.flip = options_.training.flip;
    lo.transform.colorJitter = options_.training.colorJitter;
    lo.prefetch = options_.prefetch;
    lo.device = options_.device;
    return lo;
}

learners::TaskInfo Trainer::taskInfo(int t, std::int64_t steps) const {
    learners::TaskInfo info;
    info.index = t;
    info.tasks = sequence_.size();
    info.firstClass = sequence_.firstClass(t);
    info.classes = sequence_.classesIn(t);
    info.seenClasses = sequence_.seenClassesAfter(t);
    info.domainIncremental = sequence_.domainIncremental();
    info.steps = steps;
    return info;
}

RunStatus Trainer::trainTask(int t, TrainerObserver& observer, RunControl& control) {
    data::LoaderOptions lo = trainLoaderOptions();

    const std::vector<std::int64_t> indices = learner_.trainingIndices(sequence_, t);
    // A set smaller than one batch still trains: one short batch instead of none.
    const bool dropLast = static_cast<std::int64_t>(indices.size()) >= options_.training.batchSize;
    // Every process of a data-parallel run trains on a block of each batch: none may be empty.
    if (parallel_ && static_cast<std::int64_t>(indices.size()) < parallel_->size())
        throw ConfigError("task " + std::to_string(t + 1) + " has " +
                          std::to_string(indices.size()) + " training images, fewer than the " +
                          std::to_string(parallel_->size()) +
                          " processes of this data-parallel run");
    if (parallel_ && options_.training.batchSize < parallel_->size())
        throw ConfigError(
            "config key 'batch_size': " + std::to_string(options_.training.batchSize) +
            " is smaller than the " + std::to_string(parallel_->size()) +
            " processes of this data-parallel run (each trains on a part of every "
            "batch)");
    lo.dropLast = dropLast;
    const std::int64_t perEpoch =
        data::BatchLoader(dataset_.train, indices, sequence_.labelMap(), lo).batches();

    const learners::TaskInfo info = taskInfo(t, perEpoch * options_.training.epochs);
    learner_.beginTask(info);

    TaskStartEvent start;
    start.task = t;
    start.tasks = sequence_.size();
    start.domain = sequence_.task(t).domain;
    for (int c : sequence_.task(t).classes)
        start.classNames.push_back(dataset_.info.classNames.at(static_cast<std::size_t>(c)));
    start.trainSamples = static_cast<std::int64_t>(indices.size());
    start.stepsPerEpoch = perEpoch;
    start.epochs = options_.training.epochs;
    observer.onTaskStart(start);

    std::int64_t taskStep = 0;
    double throughput = 0.0;
    for (int epoch = 0; epoch < options_.training.epochs; ++epoch) {
        const auto epochStart = Clock::now();
        const double pausedBefore = control.pausedSeconds();
        lo.seed = options_.seed * 1000003ULL + static_cast<std::uint64_t>(t) * 1009ULL +
                  static_cast<std::uint64_t>(epoch);
        data::BatchLoader loader(dataset_.train, indices, sequence_.labelMap(), lo);
        double lossSum = 0.0;
        std::int64_t stepInEpoch = 0;
        while (true) {
            bool stop = !control.waitIfPaused();
            if (parallel_) stop = parallel_->anyStops(stop);  // all stop together
            if (stop) return RunStatus::Stopped;
            // A learning rate set from outside (while paused too) applies from this step.
            if (const double lr = control.takeLearningRate(); lr > 0.0) baseLr_ = lr;
            const auto stepStart = Clock::now();
            auto batch = loader.next();
            if (!batch) break;
            const std::int64_t batchSize = batch->images.size(0);
            if (parallel_) {
                // Every process made the same global batch; each trains on its own block.
                const auto [first, count] = parallel_->block(batchSize);
                batch->images = batch->images.narrow(0, first, count);
                batch->targets = batch->targets.narrow(0, first, count);
                parallel_->setShare(count, batchSize);
            }
            double lr = baseLr_;
            if (options_.training.lrSchedule == "cosine" && info.steps > 0)
                lr = cosineDecay(baseLr_, static_cast<double>(taskStep),
                                 static_cast<double>(info.steps));
            learner_.setLearningRate(lr);
            const learners::StepResult result = learner_.trainStep(*batch);
            if (!std::isfinite(result.loss) || !std::isfinite(result.gradNorm)) {
                const std::string where = " at step " + std::to_string(globalStep_) + " (task " +
                                          std::to_string(t + 1) + ", epoch " +
                                          std::to_string(epoch + 1) + ")";
                throw Diverged(!std::isfinite(result.loss)
                                   ? "loss became " + std::to_string(result.loss) + where
                                   : "gradient norm became " + std::to_string(result.gradNorm) +
                                         where + "; that step was not applied");
            }
            const double seconds = secondsSince(stepStart);
            const double rate = seconds > 0.0 ? static_cast<double>(batchSize) / seconds : 0.0;
            throughput = throughput == 0.0 ? rate : 0.9 * throughput + 0.1 * rate;

            StepEvent step;
            step.task = t;
            step.epoch = epoch;
            step.step = globalStep_;
            step.stepInEpoch = stepInEpoch;
            step.stepsPerEpoch = perEpoch;
            step.loss = result.loss;
            step.lr = lr;
            step.imagesPerSecond = throughput;
            step.seconds = seconds;
            step.scalars = result.scalars;
            observer.onStep(step);

            lossSum += result.loss;
            ++stepInEpoch;
            ++taskStep;
            ++globalStep_;
        }
        EpochEvent ev;
        ev.task = t;
        ev.epoch = epoch;
        ev.epochs = options_.training.epochs;
        ev.meanLoss = stepInEpoch > 0 ? lossSum / static_cast<double>(stepInEpoch) : 0.0;
        // Time paused is not the epoch's.
        ev.seconds = secondsSince(epochStart) - (control.pausedSeconds() - pausedBefore);
        observer.onEpochEnd(ev);
        control.epochFinished();
    }
    learners::TaskData own;
    own.split = &dataset_.train;
    own.indices = sequence_.task(t).train;
    own.labelMap = &sequence_.labelMap();
    own.transform = plainTransform();
    own.batchSize = options_.training.evalBatchSize;
    learner_.endTask(info, own);
    // Every rank goes on from rank 0's learner (its exemplars chosen once, on its numbers).
    if (parallel_) parallel_->shareLearner(learner_, info);
    return RunStatus::Running;
}

void Trainer::resumeFrom(const Checkpoint& checkpoint) {
    const TrainerState& state = checkpoint.info.trainer;
    if (state.matrix.tasks() != sequence_.size() || state.completedTask + 1 >= sequence_.size())
        throw CheckpointError("checkpoint after task " + std::to_string(state.completedTask + 1) +
                              " of " + std::to_string(state.matrix.tasks()) +
                              " does not fit a sequence of " + std::to_string(sequence_.size()) +
                              " tasks with tasks left to learn");
    learner_.loadState(checkpoint.learner, taskInfo(state.completedTask, 0));
    restoreGenerators(checkpoint, options_.device);
    firstTask_ = state.completedTask + 1;
    globalStep_ = state.globalStep;
    baseLr_ = state.baseLr;
    resumed_ = state.matrix;
}

RunEndEvent Trainer::run(TrainerObserver& observer, RunControl& control) {
    const auto runStart = Clock::now();
    const double pausedAtStart = control.pausedSeconds();
    RunEndEvent end;
    end.matrix = resumed_.tasks() > 0 ? resumed_ : metrics::AccuracyMatrix(sequence_.size());
    // Every optimizer step of this thread meets the other processes' (learners/optim.h).
    const learners::ScopedStepSync sync(parallel_.get());
    try {
        for (int t = firstTask_; t < sequence_.size(); ++t) {
            const auto taskStart = Clock::now();
            const double pausedAtTask = control.pausedSeconds();
            const RunStatus status = trainTask(t, observer, control);
            if (status != RunStatus::Running) {
                end.status = status;
                break;
            }
            const auto evalStart = Clock::now();
            EvaluationEvent ev;
            ev.afterTask = t;
            EvaluationResult result = evaluate(t);
            // Cost next to accuracy: this task's training and evaluation time and the model's
            // size.
            // Times leave out the time the run was paused.
            const double pausedInTask = control.pausedSeconds() - pausedAtTask;
            result.figures.emplace_back(
                "train_seconds",
                std::chrono::duration<double>(evalStart - taskStart).count() - pausedInTask);
            result.figures.emplace_back("eval_seconds", secondsSince(evalStart));
            result.figures.emplace_back("trainable_parameters",
                                        static_cast<double>(learner_.trainableParameters()));
            result.figures.emplace_back("total_parameters",
                                        static_cast<double>(learner_.totalParameters()));
            for (int i = 0; i <= t; ++i)
                end.matrix.set(i, t, result.accuracies[static_cast<std::size_t>(i)]);
            ev.accuracies = std::move(result.accuracies);
            ev.figures = std::move(result.figures);
            ev.summary = metrics::summarize(end.matrix, t);
            ev.matrix = end.matrix;
            ev.seconds = secondsSince(evalStart);
            observer.onEvaluation(ev);
            observer.onSamples(inspect(t, options_.inspectPerTask));
            if (!options_.checkpointFolder.empty() && t + 1 < sequence_.size()) {
                CheckpointEvent saved;
                saved.afterTask = t;
                saved.folder = options_.checkpointFolder;
                try {
                    writeCheckpoint(options_.checkpointFolder, learner_,
                                    {t, globalStep_, baseLr_, end.matrix, options_.threads},
                                    options_.config, options_.device);
                } catch (const std::exception& e) {
                    // The run goes on: only resuming from this task is lost.
                    saved.error = e.what();
                }
                observer.onCheckpoint(saved);
            }
            observer.onTaskEnd({t, secondsSince(taskStart) - pausedInTask});
            if (t + 1 < sequence_.size() &&
                (parallel_ ? parallel_->anyStops(control.stopRequested())
                           : control.stopRequested())) {
                end.status = RunStatus::Stopped;
                break;
            }
        }
        if (end.status == RunStatus::Finished || end.status == RunStatus::Running)
            end.status = RunStatus::Finished;
    } catch (const Diverged& e) {
        end.status = RunStatus::Diverged;
        end.error = e.what();
    } catch (const std::exception& e) {
        end.status = RunStatus::Failed;
        end.error = e.what();
    }
    end.seconds = secondsSince(runStart) - (control.pausedSeconds() - pausedAtStart);
    observer.onRunEnd(end);
    return end;
}

}  // namespace pf::training
