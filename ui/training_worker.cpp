#include "training_worker.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "experiment/experiment_config.h"
#include "io/checkpoint_folder.h"
#include "run/resume.h"
#include "run/run_journal.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "training/experiment.h"
#include "training/run_control.h"

namespace pf::ui {
namespace {

// Turns the trainer's observer calls into the worker's signals (queued to the GUI thread).
class SignalObserver : public training::TrainerObserver {
public:
    explicit SignalObserver(TrainingWorker& worker) : worker_(worker) {}
    void onRunStart(const training::RunStartEvent& e) override { Q_EMIT worker_.runStarted(e); }
    void onTaskStart(const training::TaskStartEvent& e) override { Q_EMIT worker_.taskStarted(e); }
    void onStep(const training::StepEvent& e) override { Q_EMIT worker_.stepped(e); }
    void onEpochEnd(const training::EpochEvent& e) override { Q_EMIT worker_.epochEnded(e); }
    void onEvaluation(const training::EvaluationEvent& e) override { Q_EMIT worker_.evaluated(e); }
    void onSamples(const training::SamplesEvent& e) override { Q_EMIT worker_.inspected(e); }
    void onCheckpoint(const training::CheckpointEvent& e) override {
        Q_EMIT worker_.checkpointed(e);
    }
    void onRunEnd(const training::RunEndEvent& e) override { Q_EMIT worker_.runEnded(e); }

private:
    TrainingWorker& worker_;
};

}  // namespace

// Trains `experiment` as stored run `runId`, the store's recorder and the GUI listening;
// errors end the run "failed" in the store (when it can still be written) and reach the GUI.
void TrainingWorker::train(training::Experiment& experiment, storage::RunStore& store,
                           std::int64_t runId, double secondsBefore,
                           training::RunControl& control) {
    storage::RunRecorder recorder(store, runId);
    recorder.setSecondsBefore(secondsBefore);
    recorder.setStoreFailedHandler(
        [this](const std::string& why) { Q_EMIT storeFailed(QString::fromStdString(why)); });
    SignalObserver forward(*this);
    training::ObserverList observers;
    observers.add(recorder);
    observers.add(forward);
    experiment.run(observers, control);
    if (recorder.storeFailed()) Q_EMIT runKept(recorder.sharedJournal());
}

void TrainingWorker::runExperiment(const QString& configJson, const QString& databasePath,
                                   std::shared_ptr<training::RunControl> control) {
    std::unique_ptr<storage::RunStore> store;
    std::int64_t runId = 0;
    try {
        const config::ExperimentConfig config =
            config::ExperimentConfig::fromJson(nlohmann::json::parse(configJson.toStdString()));
        training::Experiment experiment(config);
        experiment.prepare();
        warnAbout(experiment);
        experiment.buildLearner();  // bad weights fail here, before the run is stored

        store = std::make_unique<storage::RunStore>(databasePath.toStdString());
        runId = store->createRun(storage::newRunFor(config));
        Q_EMIT runCreated(runId);
        experiment.setCheckpointFolder(storage::checkpointFolder(store->path(), runId));
        train(experiment, *store, runId, 0.0, *control);
    } catch (const std::exception& e) {
        failRun(store.get(), runId, e.what());
    } catch (...) {
        Q_EMIT failed(tr("Unknown error in the training thread"));
    }
    Q_EMIT finished();
}

void TrainingWorker::resumeExperiment(qint64 runId, const QString& databasePath,
                                      std::shared_ptr<training::RunControl> control) {
    std::unique_ptr<storage::RunStore> store;
    bool reopened = false;
    try {
        store = std::make_unique<storage::RunStore>(databasePath.toStdString());
        store->markInterruptedRuns();
        const training::ResumePlan plan = training::planResume(*store, runId);
        training::Experiment experiment(plan.config);
        experiment.prepare();
        warnAbout(experiment);
        // The learner and the checkpoint are checked before the store changes.
        const int completed = experiment.resumeFrom(plan.folder);
        if (experiment.checkpointThreads() != experiment.threads())
            Q_EMIT dataWarnings({tr("the run trained with %1 threads and goes on with %2: its "
                                    "results will differ slightly from an uninterrupted run")
                                     .arg(experiment.checkpointThreads())
                                     .arg(experiment.threads())});
        experiment.setCheckpointFolder(plan.folder);
        const double before = store->reopenRun(runId, completed);
        reopened = true;
        Q_EMIT runCreated(runId);
        Q_EMIT runReopened(runId);
        train(experiment, *store, runId, before, *control);
    } catch (const std::exception& e) {
        // A run that could not resume keeps its status; one reopened and then failing fails.
        failRun(reopened ? store.get() : nullptr, runId, e.what());
    } catch (...) {
        Q_EMIT failed(tr("Unknown error in the training thread"));
    }
    Q_EMIT finished();
}

void TrainingWorker::warnAbout(const training::Experiment& experiment) {
    QStringList warnings;
    for (const std::string& w : experiment.dataSummary().warnings)
        warnings << QString::fromStdString(w);
    if (!warnings.isEmpty()) Q_EMIT dataWarnings(warnings);
}

void TrainingWorker::failRun(storage::RunStore* store, std::int64_t runId, const char* message) {
    if (store && runId > 0) {
        try {
            store->finishRun(runId, "failed", 0.0, message);
        } catch (const std::exception&) {
            // The store itself is what failed; the message below says so.
        }
    }
    Q_EMIT failed(QString::fromStdString(message));
}

}  // namespace pf::ui
