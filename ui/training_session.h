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

/// Runs one job at a time (a run, a resumed run, a replay) in a worker thread and reports its
/// events as one queued signal.
/// Pause, resume, step and stop go to the core's RunControl (thread-safe, checked between
/// batches). The destructor stops a running experiment and joins the thread.
class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    /// Starts `config` (and the runs it compares with), storing each run in `databasePath`.
    /// Ignored while a job is in progress. Errors arrive as failed().
    void start(const pf::config::ExperimentConfig& config, const QString& databasePath);
    /// Goes on with stored run `runId` from its checkpoint: its kept tasks are replayed, then
    /// the rest trains.
    void resumeStored(qint64 runId, const QString& databasePath);
    /// Replays stored run `runId` in the training thread, as its trainer reported it.
    void replayStored(qint64 runId, const QString& databasePath);
    bool isRunning() const { return running_; }
    bool isPaused() const;

    void pause();
    void resume();
    /// Finishes the current epoch, then pauses.
    void stepEpoch();
    /// Stops at the next batch boundary; runEnded() follows with status "stopped".
    void stop();
    /// Changes the learning rate from the next step on (a paused run: the step it goes on with).
    void setLearningRate(double lr);

Q_SIGNALS:
    /// Everything a run reports, in order: the trainer's events and the run service's own.
    void event(const pf::storage::RunEvent& event);
    /// The job could not start or the store failed; `message` names what is wrong.
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
