#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "config/experiment_config.h"
#include "storage/run_store.h"
#include "training/observer.h"

namespace pf::storage {

/// Writes a run's events into the run store as they happen. Per-step values are buffered and
/// written in one transaction per flush (every `flushEvery` steps, at each epoch end, and at the
/// end of the run), so the store costs little per step and a killed run loses at most one
/// buffer of curve points - never an evaluation. A run that finishes (or diverges, which resuming
/// would repeat) has its checkpoint removed; stopped, failed and interrupted runs keep theirs.
class RunRecorder : public training::TrainerObserver {
public:
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
    /// Writes the buffered step values now.
    void flush();

private:
    RunStore& store_;
    std::int64_t runId_;
    int flushEvery_;
    std::vector<StepValue> pending_;
    int pendingSteps_ = 0;
    double secondsBefore_ = 0.0;
};

/// The row that starts a run of `config`: its names, the complete config (defaults filled in)
/// and the versions of the libraries in use.
NewRun newRunFor(const config::ExperimentConfig& config);

}  // namespace pf::storage
