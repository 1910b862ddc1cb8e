#include "training_worker.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "config/experiment_config.h"
#include "storage/run_recorder.h"
#include "storage/run_store.h"
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
    void onRunEnd(const training::RunEndEvent& e) override { Q_EMIT worker_.runEnded(e); }

private:
    TrainingWorker& worker_;
};

}  // namespace

void TrainingWorker::runExperiment(const QString& configJson, const QString& databasePath,
                                   std::shared_ptr<training::RunControl> control) {
    std::unique_ptr<storage::RunStore> store;
    std::int64_t runId = 0;
    try {
        const config::ExperimentConfig config =
            config::ExperimentConfig::fromJson(nlohmann::json::parse(configJson.toStdString()));
        training::Experiment experiment(config);
        experiment.prepare();
        QStringList warnings;
        for (const std::string& w : experiment.dataSummary().warnings)
            warnings << QString::fromStdString(w);
        if (!warnings.isEmpty()) Q_EMIT dataWarnings(warnings);
        experiment.buildLearner();  // bad weights fail here, before the run is stored

        store = std::make_unique<storage::RunStore>(databasePath.toStdString());
        runId = store->createRun(storage::newRunFor(config));
        Q_EMIT runCreated(runId);

        storage::RunRecorder recorder(*store, runId);
        SignalObserver forward(*this);
        training::ObserverList observers;
        observers.add(recorder);
        observers.add(forward);
        experiment.run(observers, *control);
    } catch (const std::exception& e) {
        if (store && runId > 0) {
            try {
                store->finishRun(runId, "failed", 0.0, e.what());
            } catch (const std::exception&) {
                // The store itself is what failed; the message below says so.
            }
        }
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (...) {
        Q_EMIT failed(tr("Unknown error in the training thread"));
    }
    Q_EMIT finished();
}

}  // namespace pf::ui
