#include "training/run_control.h"

#include <chrono>

namespace pf::training {

void RunControl::requestStop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
}

void RunControl::pause() {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = true;
}

void RunControl::resume() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_ = false;
        pauseAfterEpoch_ = false;
    }
    wake_.notify_all();
}

void RunControl::stepEpoch() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pauseAfterEpoch_ = true;
        paused_ = false;
    }
    wake_.notify_all();
}

void RunControl::setLearningRate(double lr) {
    if (lr > 0.0) pendingLr_ = lr;
}

double RunControl::takeLearningRate() {
    return pendingLr_.exchange(0.0);
}

bool RunControl::waitIfPaused() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!paused_ || stop_) return !stop_;
    const auto start = std::chrono::steady_clock::now();
    wake_.wait(lock, [this] { return !paused_ || stop_; });
    pausedSeconds_ +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return !stop_;
}

void RunControl::epochFinished() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pauseAfterEpoch_) {
        pauseAfterEpoch_ = false;
        paused_ = true;
    }
}

}  // namespace pf::training
