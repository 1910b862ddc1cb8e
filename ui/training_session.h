#pragma once

#include <functional>
#include <memory>

#include <QObject>
#include <QString>
#include <QThread>

#include "run_events.h"

namespace pf::training {
class RunControl;
}

namespace pf::ui {

class TrainingWorker;

/// Runs one experiment at a time in a worker thread and reports its events as queued signals.
/// Pause, resume, step and stop go to the core's RunControl (thread-safe, checked between
/// batches). The destructor stops a running experiment and joins the thread.
class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    /// Starts `configJson` (a complete config object), storing the run in `databasePath`.
    /// Ignored while a run is in progress. Errors arrive as failed().
    void start(const QString& configJson, const QString& databasePath);
    /// Goes on with stored run `runId` from its checkpoint.
    void resumeStored(qint64 runId, const QString& databasePath);
    bool isRunning() const { return running_; }
    bool isPaused() const;

    void pause();
    void resume();
    /// Finishes the current epoch, then pauses.
    void stepEpoch();
    /// Stops at the next batch boundary; runEnded() follows with status "stopped".
    void stop();
    /// Changes the learning rate from the next epoch on.
    void setLearningRate(double lr);

Q_SIGNALS:
    void runCreated(qint64 runId);
    void runReopened(qint64 runId);
    void checkpointed(const pf::training::CheckpointEvent& event);
    void storeFailed(const QString& message);
    void runKept(const std::shared_ptr<const pf::storage::RunJournal>& journal);
    void dataWarnings(const QStringList& warnings);
    void runStarted(const pf::training::RunStartEvent& event);
    void taskStarted(const pf::training::TaskStartEvent& event);
    void stepped(const pf::training::StepEvent& event);
    void epochEnded(const pf::training::EpochEvent& event);
    void evaluated(const pf::training::EvaluationEvent& event);
    void inspected(const pf::training::SamplesEvent& event);
    void runEnded(const pf::training::RunEndEvent& event);
    /// The experiment could not start or the store failed; `message` names what is wrong.
    void failed(const QString& message);
    /// Emitted last, whatever happened: the session is idle again.
    void finished();

private:
    /// Starts `job` in the training thread with a new RunControl (nothing while running).
    void launch(std::function<void(TrainingWorker&, std::shared_ptr<training::RunControl>)> job);

    QThread thread_;
    TrainingWorker* worker_ = nullptr;  // lives in thread_, deleted when it finishes
    std::shared_ptr<training::RunControl> control_;
    bool running_ = false;
};

}  // namespace pf::ui
