#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

/// Pause, resume, step and stop requests from another thread (the GUI), honoured by the trainer
/// between batches. All methods are thread-safe.
namespace pf::training {

class RunControl {
public:
    /// Asks the run to stop at the next batch boundary; wakes a paused run.
    void requestStop();
    bool stopRequested() const { return stop_.load(); }

    /// Holds the run at the next batch boundary until resume() or requestStop().
    void pause();
    void resume();
    bool paused() const { return paused_.load(); }

    /// Lets the run finish the current epoch (resuming it if paused), then pause.
    void stepEpoch();

    /// A new base learning rate, applied from the next step on (<= 0 is ignored).
    void setLearningRate(double lr);
    /// Takes a pending learning rate change; returns <= 0 when there is none.
    double takeLearningRate();

    /// Called by the trainer between batches: blocks while paused. Returns false when the run
    /// must stop.
    bool waitIfPaused();
    /// Seconds waitIfPaused() has held the run in all, so far: what the trainer leaves out of
    /// the epoch, task and run times it reports. Read it on the training thread.
    double pausedSeconds() const { return pausedSeconds_; }
    /// Called by the trainer after each epoch: turns a pending stepEpoch() into a pause.
    void epochFinished();

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::atomic<bool> pauseAfterEpoch_{false};
    std::atomic<double> pendingLr_{0.0};
    double pausedSeconds_ = 0.0;  // written and read by the training thread only
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace pf::training
