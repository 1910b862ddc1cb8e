#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pf {

/// A small fixed pool of std::threads for work outside LibTorch's OpenMP pool (decoding images).
/// parallelFor() hands out indices from a shared counter and returns when all are done; the
/// calling thread works too. Exceptions thrown by `fn` are rethrown (the first one) in the caller.
class ThreadPool {
public:
    /// `threads` workers besides the caller (0: everything runs in the caller).
    explicit ThreadPool(std::size_t threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /// Calls fn(i) for i in [0, n), spread over the workers and the caller. One call at a time.
    void parallelFor(std::size_t n, const std::function<void(std::size_t)>& fn);

    std::size_t workers() const { return threads_.size(); }

    /// Threads worth using for decoding on this machine: the cores, at least 1, at most `cap`.
    static std::size_t decodeThreads(std::size_t cap = 4);

private:
    void workerLoop();
    void drain();

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::mutex callMutex_;
    const std::function<void(std::size_t)>* job_ = nullptr;
    std::size_t jobSize_ = 0;
    std::size_t next_ = 0;
    std::size_t finished_ = 0;
    std::size_t generation_ = 0;
    std::size_t busy_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
};

}  // namespace pf
