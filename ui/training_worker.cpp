#include "training_worker.h"

#include "training/run_control.h"

namespace pf::ui {
namespace {

// Hands the service's events to the worker's signal (queued to the GUI thread).
class SignalSink : public storage::RunEventSink {
public:
    explicit SignalSink(TrainingWorker& worker) : worker_(worker) {}
    void onEvent(storage::RunEvent event) override { Q_EMIT worker_.event(event); }

private:
    TrainingWorker& worker_;
};

}  // namespace

void TrainingWorker::guarded(const std::function<void()>& job) {
    try {
        job();
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    } catch (...) {
        Q_EMIT failed(tr("Unknown error in the training thread"));
    }
    Q_EMIT finished();
}

void TrainingWorker::start(const config::ExperimentConfig& config, const QString& databasePath,
                           std::shared_ptr<training::RunControl> control) {
    guarded([&] {
        SignalSink sink(*this);
        storage::RunService(databasePath.toStdString()).start(config, sink, *control);
    });
}

void TrainingWorker::resume(qint64 runId, const QString& databasePath,
                            std::shared_ptr<training::RunControl> control) {
    guarded([&] {
        SignalSink sink(*this);
        storage::RunService(databasePath.toStdString())
            .resume(runId, {}, sink, *control, /*replayKept=*/true);
    });
}

void TrainingWorker::replay(qint64 runId, const QString& databasePath) {
    guarded([&] {
        SignalSink sink(*this);
        storage::RunService(databasePath.toStdString()).replay(runId, sink);
    });
}

}  // namespace pf::ui
