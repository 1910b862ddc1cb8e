#pragma once

#include <functional>
#include <memory>

#include <QObject>
#include <QString>

#include "run_events.h"

namespace pf::training {
class RunControl;
}

namespace pf::ui {

/// Lives in TrainingSession's thread and drives the core's run service there, handing every
/// event on as event(). Each job catches every exception and turns it into failed(), since one
/// escaping the thread's event loop would end the application; finished() comes last.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Trains `config` (and the runs it compares with), storing each in `databasePath`.
    void start(const pf::config::ExperimentConfig& config, const QString& databasePath,
               std::shared_ptr<pf::training::RunControl> control);
    /// Goes on with stored run `runId` from its checkpoint: its kept tasks are replayed first,
    /// then the rest trains.
    void resume(qint64 runId, const QString& databasePath,
                std::shared_ptr<pf::training::RunControl> control);
    /// Replays stored run `runId` as its trainer reported it.
    void replay(qint64 runId, const QString& databasePath);

Q_SIGNALS:
    void event(const pf::storage::RunEvent& event);
    /// The job could not start or went wrong; `message` names what.
    void failed(const QString& message);
    void finished();

private:
    /// Runs `job`, turning every exception into failed(); then finished().
    void guarded(const std::function<void()>& job);
};

}  // namespace pf::ui
