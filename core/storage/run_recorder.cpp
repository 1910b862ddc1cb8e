#include "storage/run_recorder.h"

#include "common/system_info.h"
#include "storage/checkpoint_folder.h"

namespace pf::storage {

RunRecorder::RunRecorder(RunStore& store, std::int64_t runId, int flushEvery)
    : store_(store), runId_(runId), flushEvery_(flushEvery > 0 ? flushEvery : 1) {}

void RunRecorder::onRunStart(const training::RunStartEvent& e) {
    std::vector<TaskRecord> tasks;
    for (const training::TaskDescription& d : e.sequence)
        tasks.push_back({d.domain, d.classIds, d.classNames, d.trainSamples, d.testSamples});
    store_.recordSequence(runId_, e.scenario, tasks);
}

void RunRecorder::onZeroShot(const training::ZeroShotEvent& e) {
    store_.recordZeroShot(runId_, e.accuracies);
}

void RunRecorder::onStep(const training::StepEvent& e) {
    pending_.push_back({e.step, e.task, e.epoch, "loss", e.loss});
    pending_.push_back({e.step, e.task, e.epoch, "lr", e.lr});
    for (const auto& [name, value] : e.scalars)
        pending_.push_back({e.step, e.task, e.epoch, name, value});
    if (++pendingSteps_ >= flushEvery_) flush();
}

void RunRecorder::onEpochEnd(const training::EpochEvent& e) {
    flush();
    store_.recordEpoch(runId_, {e.task, e.epoch, e.meanLoss, e.seconds});
}

void RunRecorder::onEvaluation(const training::EvaluationEvent& e) {
    store_.recordEvaluation(runId_, e.afterTask, e.accuracies, e.summary, e.figures);
}

void RunRecorder::onRunEnd(const training::RunEndEvent& e) {
    flush();
    store_.finishRun(runId_, training::statusName(e.status), secondsBefore_ + e.seconds, e.error);
    if (e.status == training::RunStatus::Finished || e.status == training::RunStatus::Diverged)
        removeCheckpoint(checkpointFolder(store_.path(), runId_));
}

void RunRecorder::flush() {
    store_.appendSteps(runId_, pending_);
    pending_.clear();
    pendingSteps_ = 0;
}

NewRun newRunFor(const config::ExperimentConfig& config) {
    NewRun row;
    row.name = config.displayName();
    row.method = config.options.method;
    row.dataset = config.options.dataset;
    row.config = config.toJson().dump();
    row.seed = config.options.seed;
    row.tasks = config.options.tasks;
    row.versions = systemInfo().toJson().dump();
    return row;
}

}  // namespace pf::storage
