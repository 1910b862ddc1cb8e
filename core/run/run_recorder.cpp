#include "run/run_recorder.h"

#include "common/error.h"
#include "common/system_info.h"
#include "io/checkpoint_folder.h"

namespace pf::storage {

RunRecorder::RunRecorder(RunStore& store, std::int64_t runId, int flushEvery)
    : store_(store), runId_(runId), flushEvery_(flushEvery > 0 ? flushEvery : 1) {
    const std::optional<RunRecord> row = store_.run(runId);
    if (!row) throw StorageError(store_.path() + ": no run with id " + std::to_string(runId));
    NewRun& r = journal_->row;
    r.name = row->name;
    r.method = row->method;
    r.dataset = row->dataset;
    r.config = row->config;
    r.seed = row->seed;
    r.tasks = row->tasks;
    r.versions = row->versions;
}

void RunRecorder::write(const std::function<void()>& body) {
    if (storeFailed()) return;
    try {
        body();
    } catch (const StorageError& e) {
        storeError_ = e.what();
        if (storeError_.empty()) storeError_ = "the run store failed";
        if (onStoreFailed_) onStoreFailed_(storeError_);
    }
}

void RunRecorder::onRunStart(const training::RunStartEvent& e) {
    std::vector<TaskRecord> tasks;
    for (const training::TaskDescription& d : e.sequence)
        tasks.push_back({d.domain, d.classIds, d.classNames, d.trainSamples, d.testSamples});
    journal_->scenario = e.scenario;
    journal_->sequence = tasks;
    write([&] { store_.recordSequence(runId_, e.scenario, tasks); });
}

void RunRecorder::onZeroShot(const training::ZeroShotEvent& e) {
    journal_->zeroShot = e.accuracies;
    write([&] { store_.recordZeroShot(runId_, e.accuracies); });
}

void RunRecorder::onStep(const training::StepEvent& e) {
    const std::size_t first = pending_.size();
    pending_.push_back({e.step, e.task, e.epoch, "loss", e.loss});
    pending_.push_back({e.step, e.task, e.epoch, "lr", e.lr});
    for (const auto& [name, value] : e.scalars)
        pending_.push_back({e.step, e.task, e.epoch, name, value});
    journal_->steps.insert(journal_->steps.end(), pending_.begin() + first, pending_.end());
    if (++pendingSteps_ >= flushEvery_) flush();
}

void RunRecorder::onEpochEnd(const training::EpochEvent& e) {
    flush();
    const EpochRecord record{e.task, e.epoch, e.meanLoss, e.seconds};
    journal_->epochs.push_back(record);
    write([&] { store_.recordEpoch(runId_, record); });
}

void RunRecorder::onEvaluation(const training::EvaluationEvent& e) {
    journal_->evaluations.push_back({e.afterTask, e.accuracies, e.summary, e.figures});
    write([&] {
        store_.checkFile();
        store_.recordEvaluation(runId_, e.afterTask, e.accuracies, e.summary, e.figures);
    });
}

void RunRecorder::onRunEnd(const training::RunEndEvent& e) {
    flush();
    journal_->status = training::statusName(e.status);
    journal_->seconds = secondsBefore_ + e.seconds;
    journal_->error = e.error;
    write([&] {
        store_.finishRun(runId_, journal_->status, journal_->seconds, e.error);
        if (e.status == training::RunStatus::Finished || e.status == training::RunStatus::Diverged)
            removeCheckpoint(checkpointFolder(store_.path(), runId_));
    });
}

void RunRecorder::flush() {
    write([&] {
        // SQLite would write on into a deleted file: check it is still the store's.
        store_.checkFile();
        store_.appendSteps(runId_, pending_);
    });
    pending_.clear();
    pendingSteps_ = 0;
}

NewRun newRunFor(const config::ExperimentConfig& config) {
    NewRun row;
    row.name = config.displayName();
    row.method = config.options.method;
    row.dataset = config.options.data.dataset;
    row.config = config.toJson().dump();
    row.seed = config.options.seed;
    row.tasks = config.options.sequence.tasks;
    row.versions = systemInfo().toJson().dump();
    return row;
}

}  // namespace pf::storage
