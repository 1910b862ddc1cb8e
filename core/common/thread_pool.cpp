#include "common/thread_pool.h"

#include <algorithm>

namespace pf {

ThreadPool::ThreadPool(std::size_t threads) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_)
        t.join();
}

std::size_t ThreadPool::decodeThreads(std::size_t cap) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(1, std::min(cap, cores));
}

// Takes indices of the current job until none are left. Called with mutex_ held; returns with
// it held.
void ThreadPool::drain() {
    while (job_ != nullptr && next_ < jobSize_) {
        const std::size_t i = next_++;
        const std::function<void(std::size_t)>* job = job_;
        ++busy_;
        mutex_.unlock();
        std::exception_ptr failure;
        try {
            (*job)(i);
        } catch (...) {
            failure = std::current_exception();
        }
        mutex_.lock();
        --busy_;
        if (failure && !error_) error_ = failure;
        if (++finished_ == jobSize_) done_.notify_all();
    }
}

void ThreadPool::workerLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    // Generation 0 is "no job yet": a worker that starts late still joins a job that began
    // before it got here (starting from the current generation would skip that one).
    std::size_t seen = 0;
    while (true) {
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        drain();
    }
}

void ThreadPool::parallelFor(std::size_t n, const std::function<void(std::size_t)>& fn) {
    if (n == 0) return;
    std::lock_guard<std::mutex> call(callMutex_);
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = &fn;
    jobSize_ = n;
    next_ = 0;
    finished_ = 0;
    error_ = nullptr;
    ++generation_;
    wake_.notify_all();
    drain();
    done_.wait(lock, [&] { return finished_ == jobSize_ && busy_ == 0; });
    job_ = nullptr;
    std::exception_ptr error = error_;
    error_ = nullptr;
    lock.unlock();
    if (error) std::rethrow_exception(error);
}

}  // namespace pf
