#include "training_session.h"

#include "training/run_control.h"
#include "training_worker.h"

namespace pf::ui {

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
    registerEventTypes();
    thread_.setObjectName(QStringLiteral("pf-training"));
    worker_ = new TrainingWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainingWorker::event, this, &TrainingSession::event);
    connect(worker_, &TrainingWorker::failed, this, &TrainingSession::failed);
    connect(worker_, &TrainingWorker::finished, this, [this] {
        running_ = false;
        Q_EMIT finished();
    });
    thread_.start();
}

TrainingSession::~TrainingSession() {
    if (control_) control_->requestStop();
    thread_.quit();
    thread_.wait();
}

void TrainingSession::launch(
    std::function<void(TrainingWorker&, std::shared_ptr<training::RunControl>)> job) {
    if (running_) return;
    running_ = true;
    control_ = std::make_shared<training::RunControl>();
    auto control = control_;
    TrainingWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker_, [worker, control, job = std::move(job)] { job(*worker, control); },
        Qt::QueuedConnection);
}

void TrainingSession::start(const config::ExperimentConfig& config, const QString& databasePath) {
    launch([config, databasePath](TrainingWorker& worker, auto control) {
        worker.start(config, databasePath, control);
    });
}

void TrainingSession::resumeStored(qint64 runId, const QString& databasePath) {
    launch([runId, databasePath](TrainingWorker& worker, auto control) {
        worker.resume(runId, databasePath, control);
    });
}

void TrainingSession::replayStored(qint64 runId, const QString& databasePath) {
    launch([runId, databasePath](TrainingWorker& worker, auto) {
        worker.replay(runId, databasePath);
    });
}

bool TrainingSession::isPaused() const {
    return control_ && control_->paused();
}

void TrainingSession::pause() {
    if (control_) control_->pause();
}

void TrainingSession::resume() {
    if (control_) control_->resume();
}

void TrainingSession::stepEpoch() {
    if (control_) control_->stepEpoch();
}

void TrainingSession::stop() {
    if (control_) control_->requestStop();
}

void TrainingSession::setLearningRate(double lr) {
    if (control_) control_->setLearningRate(lr);
}

void registerEventTypes() {
    qRegisterMetaType<storage::RunEvent>();
}

}  // namespace pf::ui
