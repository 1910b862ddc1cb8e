#pragma once

#include <cstdint>
#include <memory>

#include <QObject>
#include <QString>
#include <QStringList>

#include "run_events.h"

namespace pf::training {
class RunControl;
class Experiment;
}  // namespace pf::training
namespace pf::storage {
class RunStore;
struct RunJournal;
}  // namespace pf::storage

namespace pf::ui {

/// Lives in TrainingSession's thread. Its slot runs a whole experiment; every exception is
/// caught and turned into failed(), since one escaping a slot would end the application.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public Q_SLOTS:
    void runExperiment(const QString& configJson, const QString& databasePath,
                       std::shared_ptr<pf::training::RunControl> control);
    /// Goes on with stored run `runId` from its checkpoint (History > Resume): checks it and
    /// its checkpoint, then reopens it in the store (runReopened) and trains the tasks left.
    void resumeExperiment(qint64 runId, const QString& databasePath,
                          std::shared_ptr<pf::training::RunControl> control);

Q_SIGNALS:
    void runCreated(qint64 runId);
    /// A stored run was reopened to resume: the store now holds its completed tasks only.
    void runReopened(qint64 runId);
    void checkpointed(const pf::training::CheckpointEvent& event);
    /// The run store failed mid-run (in the training thread); the run trains on.
    void storeFailed(const QString& message);
    /// The run ended after its store failed: everything it recorded, to save elsewhere.
    void runKept(const std::shared_ptr<const pf::storage::RunJournal>& journal);
    /// Problems with the data that did not stop the load (unreadable images skipped, ...).
    void dataWarnings(const QStringList& warnings);
    void runStarted(const pf::training::RunStartEvent& event);
    void taskStarted(const pf::training::TaskStartEvent& event);
    void stepped(const pf::training::StepEvent& event);
    void epochEnded(const pf::training::EpochEvent& event);
    void evaluated(const pf::training::EvaluationEvent& event);
    void inspected(const pf::training::SamplesEvent& event);
    void runEnded(const pf::training::RunEndEvent& event);
    void failed(const QString& message);
    void finished();

private:
    void train(pf::training::Experiment& experiment, pf::storage::RunStore& store,
               std::int64_t runId, double secondsBefore, pf::training::RunControl& control);
    void warnAbout(const pf::training::Experiment& experiment);
    void failRun(pf::storage::RunStore* store, std::int64_t runId, const char* message);
};

}  // namespace pf::ui
