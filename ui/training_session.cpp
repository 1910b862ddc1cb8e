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
    connect(worker_, &TrainingWorker::runCreated, this, &TrainingSession::runCreated);
    connect(worker_, &TrainingWorker::runReopened, this, &TrainingSession::runReopened);
    connect(worker_, &TrainingWorker::checkpointed, this, &TrainingSession::checkpointed);
    connect(worker_, &TrainingWorker::storeFailed, this, &TrainingSession::storeFailed);
    connect(worker_, &TrainingWorker::runKept, this, &TrainingSession::runKept);
    connect(worker_, &TrainingWorker::dataWarnings, this, &TrainingSession::dataWarnings);
    connect(worker_, &TrainingWorker::runStarted, this, &TrainingSession::runStarted);
    connect(worker_, &TrainingWorker::taskStarted, this, &TrainingSession::taskStarted);
    connect(worker_, &TrainingWorker::stepped, this, &TrainingSession::stepped);
    connect(worker_, &TrainingWorker::epochEnded, this, &TrainingSession::epochEnded);
    connect(worker_, &TrainingWorker::evaluated, this, &TrainingSession::evaluated);
    connect(worker_, &TrainingWorker::inspected, this, &TrainingSession::inspected);
    connect(worker_, &TrainingWorker::runEnded, this, &TrainingSession::runEnded);
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

void TrainingSession::start(const QString& configJson, const QString& databasePath) {
    launch([configJson, databasePath](TrainingWorker& worker, auto control) {
        worker.runExperiment(configJson, databasePath, control);
    });
}

void TrainingSession::resumeStored(qint64 runId, const QString& databasePath) {
    launch([runId, databasePath](TrainingWorker& worker, auto control) {
        worker.resumeExperiment(runId, databasePath, control);
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
    qRegisterMetaType<training::RunStartEvent>();
    qRegisterMetaType<training::TaskStartEvent>();
    qRegisterMetaType<training::StepEvent>();
    qRegisterMetaType<training::EpochEvent>();
    qRegisterMetaType<training::EvaluationEvent>();
    qRegisterMetaType<training::SamplesEvent>();
    qRegisterMetaType<training::RunEndEvent>();
    qRegisterMetaType<training::CheckpointEvent>();
    qRegisterMetaType<std::shared_ptr<const storage::RunJournal>>();
}

}  // namespace pf::ui
