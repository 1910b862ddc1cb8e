#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiment/experiment_config.h"
#include "run/run_journal.h"
#include "run/run_store.h"
#include "training/observer.h"

namespace pf::storage {

/// Writes a run's events into the run store as they happen. Per-step values are buffered and
/// written in one transaction per flush (every `flushEvery` steps, at each epoch end, and at the
/// end of the run), so the store costs little per step and a killed run loses at most one
/// buffer of curve points - never an evaluation. A run that finishes (or diverges, which resuming
/// would repeat) has its checkpoint removed; stopped, failed and interrupted runs keep theirs.
///
/// Everything is also kept in a RunJournal. When the store fails (StorageError: a full or
/// read-only disk, the file deleted or replaced, a lock held past the busy timeout) the recorder
/// stops writing to it, calls `onStoreFailed` once with the reason, and the run trains on: its
/// results stay in the journal, to be written into another store (RunJournal::writeTo).
class RunRecorder : public training::TrainerObserver {
public:
    /// Reads the run's row (for the journal); throws StorageError when it cannot.
    RunRecorder(RunStore& store, std::int64_t runId, int flushEvery = 200);

    void onRunStart(const training::RunStartEvent& e) override;
    void onZeroShot(const training::ZeroShotEvent& e) override;
    void onStep(const training::StepEvent& e) override;
    void onEpochEnd(const training::EpochEvent& e) override;
    void onEvaluation(const training::EvaluationEvent& e) override;
    void onRunEnd(const training::RunEndEvent& e) override;

    std::int64_t runId() const { return runId_; }
    /// A resumed run: the wall time of its tasks kept from before (RunStore::reopenRun), added
    /// to this part's when the run ends.
    void setSecondsBefore(double seconds) { secondsBefore_ = seconds; }
    /// Called (in the training thread) the first time the store fails, with its message.
    void setStoreFailedHandler(std::function<void(const std::string&)> handler) {
        onStoreFailed_ = std::move(handler);
    }
    /// Writes the buffered step values now.
    void flush();

    /// True once the store failed; storeError() says why.
    bool storeFailed() const { return !storeError_.empty(); }
    const std::string& storeError() const { return storeError_; }
    /// Everything recorded so far (this session's part of a resumed run).
    const RunJournal& journal() const { return *journal_; }
    std::shared_ptr<const RunJournal> sharedJournal() const { return journal_; }

private:
    /// Runs a write against the store unless it has failed; a StorageError switches it off.
    void write(const std::function<void()>& body);

    RunStore& store_;
    std::int64_t runId_;
    int flushEvery_;
    std::vector<StepValue> pending_;
    int pendingSteps_ = 0;
    double secondsBefore_ = 0.0;
    std::shared_ptr<RunJournal> journal_ = std::make_shared<RunJournal>();
    std::string storeError_;
    std::function<void(const std::string&)> onStoreFailed_;
};

/// The row that starts a run of `config`: its names, the complete config (defaults filled in)
/// and the versions of the libraries in use.
NewRun newRunFor(const config::ExperimentConfig& config);

}  // namespace pf::storage
