#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "experiment/experiment_config.h"
#include "run/run_journal.h"
#include "training/observer.h"
#include "training/run_control.h"

namespace pf::distributed {
class Communicator;
}

/// How a run lives, once for every front end: the command line (`pfstudio run`) and the GUI's
/// training thread drive the same service and keep only their own presentation.
namespace pf::storage {

/// A run the service has stored (a new row, or a stored run reopened to resume): training
/// follows.
struct RunStoredEvent {
    std::int64_t runId = 0;
    std::string store;                ///< the run store's path
    int index = 0;                    ///< its place in a comparison, from 0
    int count = 1;                    ///< runs in the comparison
    config::ExperimentConfig config;  ///< the run's complete config
    int resumedAfterTask = -1;        ///< resumed: the last task kept; -1 for a new run
};

/// Something that did not stop the run: images skipped while loading, a resumed run going on
/// with another thread count.
struct WarningEvent {
    std::string message;
};

/// The run store failed mid-run (a full or read-only disk, the file deleted); the run trains
/// on and keeps its results in memory.
struct StoreFailedEvent {
    std::int64_t runId = 0;
    std::string why;
};

/// A run whose store failed has ended: where its results were saved instead, or why they could
/// not be, with the results themselves to save elsewhere.
struct RunKeptEvent {
    std::int64_t runId = 0;
    std::string why;           ///< why the store failed
    std::string recoveryPath;  ///< the recovery store written; empty when none could be
    std::int64_t recoveryId = 0;
    std::string recoveryError;  ///< why no recovery store could be written
    std::shared_ptr<const RunJournal> journal;
};

/// A stored run is replayed (RunService::replay): the trainer events between `started` and
/// its end are the run's record, not training happening now.
struct ReplayEvent {
    std::int64_t runId = 0;
    bool started = true;  ///< false: the replay has ended
    std::string name;
    std::string status;
};

/// Everything a run reports, as one value: what a front end hands between threads.
using RunEvent =
    std::variant<training::RunStartEvent, training::ZeroShotEvent, training::TaskStartEvent,
                 training::StepEvent, training::EpochEvent, training::EvaluationEvent,
                 training::SamplesEvent, training::TaskEndEvent, training::CheckpointEvent,
                 training::RunEndEvent, RunStoredEvent, WarningEvent, StoreFailedEvent,
                 RunKeptEvent, ReplayEvent>;

/// Hears a run's life: the trainer's events and the service's own. Every method has a no-op
/// default; all are called on the thread that drives the service.
class RunListener : public training::TrainerObserver {
public:
    virtual void onRunStored(const RunStoredEvent&) {}
    virtual void onWarning(const WarningEvent&) {}
    virtual void onStoreFailed(const StoreFailedEvent&) {}
    virtual void onRunKept(const RunKeptEvent&) {}
    virtual void onReplay(const ReplayEvent&) {}
};

/// A RunListener that hands every event on as one RunEvent value.
class RunEventSink : public RunListener {
public:
    virtual void onEvent(RunEvent event) = 0;

    void onRunStart(const training::RunStartEvent& e) override { onEvent(e); }
    void onZeroShot(const training::ZeroShotEvent& e) override { onEvent(e); }
    void onTaskStart(const training::TaskStartEvent& e) override { onEvent(e); }
    void onStep(const training::StepEvent& e) override { onEvent(e); }
    void onEpochEnd(const training::EpochEvent& e) override { onEvent(e); }
    void onEvaluation(const training::EvaluationEvent& e) override { onEvent(e); }
    void onSamples(const training::SamplesEvent& e) override { onEvent(e); }
    void onTaskEnd(const training::TaskEndEvent& e) override { onEvent(e); }
    void onCheckpoint(const training::CheckpointEvent& e) override { onEvent(e); }
    void onRunEnd(const training::RunEndEvent& e) override { onEvent(e); }
    void onRunStored(const RunStoredEvent& e) override { onEvent(e); }
    void onWarning(const WarningEvent& e) override { onEvent(e); }
    void onStoreFailed(const StoreFailedEvent& e) override { onEvent(e); }
    void onRunKept(const RunKeptEvent& e) override { onEvent(e); }
    void onReplay(const ReplayEvent& e) override { onEvent(e); }
};

/// Calls the method of `listener` that takes `event`.
void deliver(const RunEvent& event, RunListener& listener);

/// Hands every event to each listener added, in order.
class RunListenerList : public RunEventSink {
public:
    void add(RunListener& listener) { listeners_.push_back(&listener); }
    void onEvent(RunEvent event) override {
        for (RunListener* l : listeners_)
            deliver(event, *l);
    }

private:
    std::vector<RunListener*> listeners_;
};

/// How one run of a start() or resume() ended.
struct RunOutcome {
    std::int64_t runId = 0;
    config::ExperimentConfig config;
    training::RunEndEvent end;
    /// The store failed mid-run: its results went to a recovery store (RunKeptEvent).
    bool storeFailed = false;
};

/// New runs, resumed runs, comparisons, recording, recovery and replay against one run store.
///
/// A run is stored only once it is sure to start: the data loads, the learner builds (weights
/// read and fitting), a resumed run's checkpoint fits. Errors before that are thrown
/// (pf::InputError, pf::DataError, pf::ConfigError, pf::CheckpointError, pf::StorageError,
/// each naming what is wrong) and nothing is stored. Once stored, the run is recorded as it
/// trains; a store failing mid-run does not stop it: when it ends, everything it recorded is
/// written into a recovery store beside the first (or in the temporary folder), and
/// RunKeptEvent says where.
class RunService {
public:
    /// Opens nothing yet: each call opens the store at `storePath` (creating it if needed).
    explicit RunService(std::string storePath);

    const std::string& storePath() const { return storePath_; }
    /// Where recovery stores go, tried in order; by default the store's folder, then the
    /// temporary folder.
    void setRecoveryFolders(std::vector<std::string> folders) {
        recoveryFolders_ = std::move(folders);
    }

    /// Makes the runs of start() data-parallel over `communicator`'s world: rank 0 trains,
    /// stores and checkpoints as usual (the run's versions record the world size); every other
    /// rank trains its share without touching the store, and its listener hears its own run
    /// (RunOutcome::runId 0). nullptr (the default): one process.
    void setCommunicator(distributed::Communicator* communicator) { communicator_ = communicator; }

    /// Trains `config` and, one after the other on the same task sequence, each method of its
    /// `compare_with`, each as a run of its own. A run that does not finish (stopped, failed,
    /// diverged) or whose store failed ends the comparison. First marks the runs a dead process
    /// left "running" as interrupted.
    std::vector<RunOutcome> start(const config::ExperimentConfig& config, RunListener& listener,
                                  training::RunControl& control);

    /// Goes on with stored run `runId` from its checkpoint, after its last completed task, with
    /// `overrides` ("key=value": device, threads, ...) applied to its stored config. With
    /// `replayKept`, the tasks kept in the store are replayed to the listener first (the
    /// run's view as it was), then the rest trains.
    RunOutcome resume(std::int64_t runId, const std::vector<std::string>& overrides,
                      RunListener& listener, training::RunControl& control,
                      bool replayKept = false);

    /// Sends stored run `runId` to `listener` as the trainer reported it: its start, zero-shot
    /// figures, each task's start, steps, epochs and evaluation, and its end unless it is still
    /// running; bracketed by ReplayEvents. Throws pf::InputError when the run is not there.
    void replay(std::int64_t runId, RunListener& listener) const;

    /// Writes `journal` (run `runId` of this service's store, which could not take it) into a
    /// new recovery store in the first recovery folder that can hold it. Fills the event's
    /// recovery fields; a store that could not be written whole is not left behind.
    RunKeptEvent saveRecovery(std::shared_ptr<const RunJournal> journal, std::int64_t runId,
                              const std::string& why) const;

private:
    /// Whether a comparison ends after a run: `here`, or any rank's vote when data-parallel.
    bool endsComparison(bool here) const;

    std::string storePath_;
    std::vector<std::string> recoveryFolders_;
    distributed::Communicator* communicator_ = nullptr;
};

}  // namespace pf::storage
