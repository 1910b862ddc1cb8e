#include "run/run_service.h"

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "common/error.h"
#include "distributed/communicator.h"
#include "io/checkpoint_folder.h"
#include "run/resume.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "training/experiment.h"

namespace pf::storage {
namespace {

namespace fs = std::filesystem;

void warnAbout(const training::Experiment& experiment, RunListener& listener) {
    for (const std::string& w : experiment.dataSummary().warnings)
        listener.onWarning({w});
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

void deliver(const RunEvent& event, RunListener& l) {
    std::visit(Overloaded{
                   [&](const training::RunStartEvent& e) { l.onRunStart(e); },
                   [&](const training::ZeroShotEvent& e) { l.onZeroShot(e); },
                   [&](const training::TaskStartEvent& e) { l.onTaskStart(e); },
                   [&](const training::StepEvent& e) { l.onStep(e); },
                   [&](const training::EpochEvent& e) { l.onEpochEnd(e); },
                   [&](const training::EvaluationEvent& e) { l.onEvaluation(e); },
                   [&](const training::SamplesEvent& e) { l.onSamples(e); },
                   [&](const training::TaskEndEvent& e) { l.onTaskEnd(e); },
                   [&](const training::CheckpointEvent& e) { l.onCheckpoint(e); },
                   [&](const training::RunEndEvent& e) { l.onRunEnd(e); },
                   [&](const RunStoredEvent& e) { l.onRunStored(e); },
                   [&](const WarningEvent& e) { l.onWarning(e); },
                   [&](const StoreFailedEvent& e) { l.onStoreFailed(e); },
                   [&](const RunKeptEvent& e) { l.onRunKept(e); },
                   [&](const ReplayEvent& e) { l.onReplay(e); },
               },
               event);
}

RunService::RunService(std::string storePath) : storePath_(std::move(storePath)) {
    std::error_code ec;
    const fs::path temp = fs::temp_directory_path(ec);
    recoveryFolders_ = {fs::path(storePath_).parent_path().string()};
    if (!ec) recoveryFolders_.push_back(temp.string());
}

RunKeptEvent RunService::saveRecovery(std::shared_ptr<const RunJournal> journal, std::int64_t runId,
                                      const std::string& why) const {
    RunKeptEvent kept;
    kept.runId = runId;
    kept.why = why;
    kept.journal = journal;
    const std::string name = fs::path(storePath_).stem().string() + "-recovered-run" +
                             std::to_string(runId) + "-" + std::to_string(std::time(nullptr)) +
                             ".sqlite";
    for (const std::string& folder : recoveryFolders_) {
        const std::string path = (fs::path(folder.empty() ? "." : folder) / name).string();
        try {
            std::int64_t id = 0;
            {
                RunStore recovery(path);
                id = journal->writeTo(recovery);
            }
            kept.recoveryPath = path;
            kept.recoveryId = id;
            kept.recoveryError.clear();
            return kept;
        } catch (const std::exception& e) {
            kept.recoveryError = e.what();
            for (const char* suffix : {"", "-wal", "-shm"})
                std::remove((path + suffix).c_str());
        }
    }
    if (kept.recoveryError.empty()) kept.recoveryError = "no folder to write a recovery store in";
    return kept;
}

namespace {

// Trains `experiment` as stored run `runId`: the store's recorder and the listener hear it.
// A learner that cannot be built fails the run in the store and is thrown; a store failing
// mid-run sends the run's results to a recovery store when it ends.
RunOutcome trainStored(const RunService& service, training::Experiment& experiment, RunStore& store,
                       std::int64_t runId, double secondsBefore, RunListener& listener,
                       training::RunControl& control) {
    RunRecorder recorder(store, runId);
    recorder.setSecondsBefore(secondsBefore);
    recorder.setStoreFailedHandler([&listener, runId](const std::string& why) {
        listener.onStoreFailed({runId, why});
    });
    training::ObserverList observers;
    observers.add(recorder);
    observers.add(listener);
    RunOutcome outcome;
    outcome.runId = runId;
    outcome.config = experiment.config();
    try {
        outcome.end = experiment.run(observers, control);
    } catch (const std::exception& e) {
        try {
            store.finishRun(runId, "failed", secondsBefore, e.what());
        } catch (const std::exception&) {
            // The store is broken too; the first error is the one to report.
        }
        throw;
    }
    outcome.storeFailed = recorder.storeFailed();
    if (outcome.storeFailed)
        listener.onRunKept(
            service.saveRecovery(recorder.sharedJournal(), runId, recorder.storeError()));
    return outcome;
}

}  // namespace

std::vector<RunOutcome> RunService::start(const config::ExperimentConfig& config,
                                          RunListener& listener, training::RunControl& control) {
    // The runs of a comparison share their data keys, so loading the first run's data checks
    // them all before anything is stored; each later run loads its copy only when the previous
    // one has been freed.
    const std::vector<config::ExperimentConfig> runs = config.comparisonRuns();
    std::vector<std::unique_ptr<training::Experiment>> experiments;
    for (const config::ExperimentConfig& c : runs)
        experiments.push_back(std::make_unique<training::Experiment>(c));
    experiments.front()->prepare();
    warnAbout(*experiments.front(), listener);
    const bool parallel = communicator_ && communicator_->size() > 1;
    if (parallel && communicator_->rank() > 0) {
        // Another rank of a data-parallel run: the same runs, stored by rank 0 alone.
        std::vector<RunOutcome> outcomes;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            experiments[i]->setCommunicator(communicator_);
            RunOutcome outcome;
            outcome.config = runs[i];
            outcome.end = experiments[i]->run(listener, control);
            experiments[i].reset();
            outcomes.push_back(outcome);
            // Rank 0 may end the comparison for a reason of its own (its store failed).
            if (endsComparison(outcome.end.status != training::RunStatus::Finished)) break;
        }
        return outcomes;
    }

    RunStore store(storePath_);
    store.markInterruptedRuns();
    std::vector<RunOutcome> outcomes;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        // Weights that cannot be read or do not fit fail here, before the run is stored.
        experiments[i]->buildLearner();
        NewRun row = newRunFor(runs[i]);
        if (parallel) {
            nlohmann::json versions = nlohmann::json::parse(row.versions, nullptr, false);
            if (!versions.is_object()) versions = nlohmann::json::object();
            versions["world_size"] = communicator_->size();
            row.versions = versions.dump();
            experiments[i]->setCommunicator(communicator_);
        }
        const std::int64_t runId = store.createRun(row);
        RunStoredEvent stored;
        stored.runId = runId;
        stored.store = store.path();
        stored.index = static_cast<int>(i);
        stored.count = static_cast<int>(runs.size());
        stored.config = runs[i];
        listener.onRunStored(stored);
        for (const std::string& w : runs[i].warnings())
            listener.onWarning({w});
        // A checkpoint after every task: resume() goes on from it.
        experiments[i]->setCheckpointFolder(checkpointFolder(store.path(), runId));
        outcomes.push_back(
            trainStored(*this, *experiments[i], store, runId, 0.0, listener, control));
        experiments[i].reset();  // frees its data and model before the next run
        // A run that did not finish, or whose store failed, ends the comparison (on every rank
        // of a data-parallel run).
        if (endsComparison(outcomes.back().end.status != training::RunStatus::Finished ||
                           outcomes.back().storeFailed))
            break;
    }
    return outcomes;
}

bool RunService::endsComparison(bool here) const {
    if (!communicator_ || communicator_->size() <= 1) return here;
    std::vector<torch::Tensor> vote{torch::tensor({here ? 1.0f : 0.0f})};
    communicator_->allReduceSum(vote);
    return vote[0].item<float>() > 0.0f;
}

RunOutcome RunService::resume(std::int64_t runId, const std::vector<std::string>& overrides,
                              RunListener& listener, training::RunControl& control,
                              bool replayKept) {
    if (communicator_ && communicator_->size() > 1)
        throw InputError("resuming with more than one process is not supported yet: resume run " +
                         std::to_string(runId) +
                         " in one process (it goes on from the same checkpoint)");
    RunStore store(storePath_);
    store.markInterruptedRuns();
    const training::ResumePlan plan = training::planResume(store, runId, overrides);
    training::Experiment experiment(plan.config);
    experiment.prepare();
    warnAbout(experiment, listener);
    // Everything is checked before the store changes: the learner, the checkpoint.
    const int completed = experiment.resumeFrom(plan.folder);
    if (experiment.checkpointThreads() != experiment.threads())
        listener.onWarning(
            {"the run trained with " + std::to_string(experiment.checkpointThreads()) +
             " threads and goes on with " + std::to_string(experiment.threads()) +
             ": its results will differ slightly from an uninterrupted run (set threads to "
             "repeat them)"});
    experiment.setCheckpointFolder(plan.folder);
    const double before = store.reopenRun(runId, completed);
    if (replayKept) {
        try {
            replay(runId, listener);
        } catch (const std::exception& e) {
            // Only the view of the kept tasks is lost; the run goes on.
            listener.onWarning({std::string("the tasks kept cannot be shown: ") + e.what()});
        }
    }
    RunStoredEvent stored;
    stored.runId = runId;
    stored.store = store.path();
    stored.config = plan.config;
    stored.resumedAfterTask = completed;
    listener.onRunStored(stored);
    return trainStored(*this, experiment, store, runId, before, listener, control);
}

}  // namespace pf::storage
