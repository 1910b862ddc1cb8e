#pragma once

#include <csignal>
#include <ostream>

#include "run/run_service.h"
#include "training/run_control.h"

namespace pf::cli {

/// Prints a run's life for people: where it is stored, one line per epoch and per evaluation,
/// the accuracy matrix at the end; warnings and store failures on stderr. Also turns Ctrl+C
/// into a clean stop (see installInterruptHandler).
class ConsoleObserver : public storage::RunListener {
public:
    ConsoleObserver(std::ostream& out, training::RunControl& control, bool quiet);

    void onRunStored(const storage::RunStoredEvent& e) override;
    void onWarning(const storage::WarningEvent& e) override;
    void onStoreFailed(const storage::StoreFailedEvent& e) override;
    void onRunKept(const storage::RunKeptEvent& e) override;

    void onRunStart(const training::RunStartEvent& e) override;
    void onZeroShot(const training::ZeroShotEvent& e) override;
    void onTaskStart(const training::TaskStartEvent& e) override;
    void onStep(const training::StepEvent& e) override;
    void onEpochEnd(const training::EpochEvent& e) override;
    void onEvaluation(const training::EvaluationEvent& e) override;
    void onCheckpoint(const training::CheckpointEvent& e) override;
    void onRunEnd(const training::RunEndEvent& e) override;

private:
    std::ostream& out_;
    training::RunControl& control_;
    bool quiet_;
    double lastImagesPerSecond_ = 0.0;
};

/// Makes SIGINT and SIGTERM request a stop of the run in progress (checked between batches)
/// instead of killing the process, so that the run is stored as stopped.
void installInterruptHandler();
/// True once SIGINT or SIGTERM arrived.
bool interruptRequested();

/// The accuracy matrix as an aligned text table (rows: task, columns: after task).
std::string formatMatrix(const metrics::AccuracyMatrix& matrix);

}  // namespace pf::cli
