#pragma once

#include <memory>

#include <QObject>
#include <QString>
#include <QStringList>

#include "run_events.h"

namespace pf::training {
class RunControl;
}

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

Q_SIGNALS:
    void runCreated(qint64 runId);
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
};

}  // namespace pf::ui
