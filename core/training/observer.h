#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "metrics/accuracy_matrix.h"

/// Progress of a run as plain values: the only way training reaches the outside (run store,
/// console, GUI). Events carry copies, never tensors or pointers, so that an observer may hand
/// them to another thread as they are.
namespace pf::training {

/// How a run ended (or that it has not).
enum class RunStatus { Running, Finished, Stopped, Failed, Diverged, Interrupted };

/// "running", "finished", ... as stored and printed.
const char* statusName(RunStatus status);
/// The inverse of statusName; unknown text maps to Failed.
RunStatus statusFromName(const std::string& name);

/// One task of the sequence as run: enough to rebuild it from the store alone.
struct TaskDescription {
    std::string domain;                   ///< domain-il: the task's domain, else ""
    std::vector<int> classIds;            ///< original class ids, in class order
    std::vector<std::string> classNames;  ///< their names
    std::int64_t trainSamples = 0;        ///< the task's own training images
    std::int64_t testSamples = 0;         ///< images it is evaluated on
};

struct RunStartEvent {
    std::string name;                                   ///< display name of the run
    std::string method;                                 ///< learner name
    int tasks = 0;                                      ///< tasks in the sequence
    std::vector<std::vector<std::string>> taskClasses;  ///< class names of each task
    std::string scenario = "class-il";                  ///< class-il, domain-il or task-il
    std::vector<TaskDescription> sequence;              ///< every task, in order
    std::int64_t trainableParameters = 0;               ///< in the first task
    int threads = 0;                                    ///< intra-op threads of the trainer thread
    /// The parts each training step is split into, one per thread (config `parallel`); 1: the
    /// threads share every operation instead.
    int stepParts = 1;
    /// A resumed run: the last task learned before (its results are already stored); -1 for a
    /// run from the start.
    int resumedAfterTask = -1;
};

struct TaskStartEvent {
    int task = 0;
    int tasks = 0;
    std::vector<std::string> classNames;  ///< classes of this task
    std::string domain;                   ///< domain-il: the task's domain
    std::int64_t trainSamples = 0;        ///< samples per epoch (after drop-last)
    std::int64_t stepsPerEpoch = 0;
    int epochs = 0;
};

struct StepEvent {
    int task = 0;
    int epoch = 0;                 ///< 0-based epoch within the task
    std::int64_t step = 0;         ///< global optimizer step, from 0
    std::int64_t stepInEpoch = 0;  ///< from 0
    std::int64_t stepsPerEpoch = 0;
    double loss = 0.0;
    double lr = 0.0;               ///< learning rate used for this step
    double imagesPerSecond = 0.0;  ///< smoothed training throughput
    double seconds = 0.0;  ///< this step's own time: its batch, forward, backward and update
    std::vector<std::pair<std::string, double>> scalars;  ///< learner-specific values
};

struct EpochEvent {
    int task = 0;
    int epoch = 0;  ///< 0-based
    int epochs = 0;
    double meanLoss = 0.0;
    double seconds = 0.0;  ///< wall time of the epoch
};

struct EvaluationEvent {
    int afterTask = 0;               ///< the task just learned
    std::vector<double> accuracies;  ///< acc(i, afterTask) for i = 0..afterTask
    metrics::TaskSummary summary;    ///< derived figures after this task
    metrics::AccuracyMatrix matrix;  ///< the matrix so far
    /// Further figures of this evaluation: for the prediction and each part the learner scores
    /// (e.g. "fused", "stabilizer", "booster"; "model" for plain learners) "<part>_acc",
    /// "<part>_old_acc" (classes of earlier tasks), "<part>_new_acc" (the newest task's), then
    /// learner figures such as "booster_usage" or the weight mask's "mask_new_weight".
    std::vector<std::pair<std::string, double>> figures;
    double seconds = 0.0;  ///< wall time of the evaluation
};

/// Zero-shot accuracy of the pretrained CLIP on each task's test data, before any training.
struct ZeroShotEvent {
    std::vector<double> accuracies;  ///< one per task, over all classes of the sequence
};

struct TaskEndEvent {
    int task = 0;
    double seconds = 0.0;  ///< wall time of training and evaluating the task
};

/// A checkpoint was written after a task, or could not be (a full or read-only disk): the run
/// goes on either way, only resuming from this task is lost.
struct CheckpointEvent {
    int afterTask = 0;
    std::string folder;  ///< where it is
    std::string error;   ///< why it could not be written; empty when it was
};

struct RunEndEvent {
    RunStatus status = RunStatus::Finished;
    std::string error;               ///< why it failed or diverged; empty otherwise
    metrics::AccuracyMatrix matrix;  ///< complete columns for every task learned
    double seconds = 0.0;            ///< wall time of the whole run
};

/// Receives the events of a run, on the thread that trains. Every method has a no-op default.
/// One test image after an evaluation, with what each part of the model predicts for it.
struct InspectedSample {
    int task = 0;  ///< the task it belongs to
    int width = 0, height = 0, channels = 0;
    std::vector<std::uint8_t> pixels;  ///< height x width x channels, as loaded
    std::string truth;                 ///< its class name
    /// (part, predicted class name): "fused", "stabilizer", "booster" or "model".
    std::vector<std::pair<std::string, std::string>> predictions;
};

/// A few test images of every task so far and their predictions, after each task: the sample
/// inspector's view of which old images the model still gets right.
struct SamplesEvent {
    int afterTask = 0;
    std::vector<InspectedSample> samples;
};

class TrainerObserver {
public:
    virtual ~TrainerObserver() = default;
    virtual void onRunStart(const RunStartEvent&) {}
    virtual void onZeroShot(const ZeroShotEvent&) {}
    virtual void onTaskStart(const TaskStartEvent&) {}
    virtual void onStep(const StepEvent&) {}
    virtual void onEpochEnd(const EpochEvent&) {}
    virtual void onEvaluation(const EvaluationEvent&) {}
    virtual void onSamples(const SamplesEvent&) {}
    virtual void onTaskEnd(const TaskEndEvent&) {}
    virtual void onCheckpoint(const CheckpointEvent&) {}
    virtual void onRunEnd(const RunEndEvent&) {}
};

/// Forwards every event to each observer added, in order.
class ObserverList : public TrainerObserver {
public:
    void add(TrainerObserver& observer) { observers_.push_back(&observer); }

    void onRunStart(const RunStartEvent& e) override { forward(&TrainerObserver::onRunStart, e); }
    void onZeroShot(const ZeroShotEvent& e) override { forward(&TrainerObserver::onZeroShot, e); }
    void onTaskStart(const TaskStartEvent& e) override {
        forward(&TrainerObserver::onTaskStart, e);
    }
    void onStep(const StepEvent& e) override { forward(&TrainerObserver::onStep, e); }
    void onEpochEnd(const EpochEvent& e) override { forward(&TrainerObserver::onEpochEnd, e); }
    void onEvaluation(const EvaluationEvent& e) override {
        forward(&TrainerObserver::onEvaluation, e);
    }
    void onSamples(const SamplesEvent& e) override { forward(&TrainerObserver::onSamples, e); }
    void onTaskEnd(const TaskEndEvent& e) override { forward(&TrainerObserver::onTaskEnd, e); }
    void onCheckpoint(const CheckpointEvent& e) override {
        forward(&TrainerObserver::onCheckpoint, e);
    }
    void onRunEnd(const RunEndEvent& e) override { forward(&TrainerObserver::onRunEnd, e); }

private:
    template <class E>
    void forward(void (TrainerObserver::*method)(const E&), const E& event) {
        for (TrainerObserver* o : observers_)
            (o->*method)(event);
    }
    std::vector<TrainerObserver*> observers_;
};

}  // namespace pf::training
