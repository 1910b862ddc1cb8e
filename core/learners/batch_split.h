#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <torch/types.h>

#include "data/batch_loader.h"
#include "learners/learner.h"

namespace pf::learners {

/// Data parallelism inside the training thread's step (config `parallel`: "batch"): the batch
/// is cut into one part per thread, each part goes forward and backward on a thread of its own
/// that computes alone, and the parts' gradients are summed. The threads then meet once a step
/// instead of at the barriers of every parallel operation - hundreds a step, which for the small
/// built-in models cost more than the operations themselves, most of all where cross-core
/// synchronisation is slow.
class BatchSplit {
public:
    /// `parts` threads in all: the calling one and parts - 1 helpers started here.
    explicit BatchSplit(int parts);
    ~BatchSplit();
    BatchSplit(const BatchSplit&) = delete;
    BatchSplit& operator=(const BatchSplit&) = delete;

    int parts() const { return static_cast<int>(helpers_.size()) + 1; }

    /// Runs `work(part, begin, end)` for the parts of rows [0, n) - as even as can be, at most
    /// one per row - part 0 on the calling thread and the others on the helpers, each computing
    /// alone; returns when all are done, rethrowing the first part's error (in part order).
    void run(std::int64_t n,
             const std::function<void(int part, std::int64_t begin, std::int64_t end)>& work);

    /// `lossOf(part)` is the mean loss over part of the batch; it runs on all threads at once,
    /// so it must not change shared state (nor draw random numbers, whose order would then
    /// depend on timing). Leaves in each of `params`' .grad the gradient of the whole batch's
    /// mean loss - the parts' gradients weighted by their sizes and summed in part order, so
    /// that the result does not depend on timing - and returns that loss. The parts are as even
    /// as can be, at most one per image. `result`'s forward time is the calling thread's
    /// forward pass (a lap of `clock`); the backward lap is left to the caller.
    double backward(const data::Batch& batch,
                    const std::function<torch::Tensor(const data::Batch&)>& lossOf,
                    const std::vector<torch::Tensor>& params, PhaseClock& clock,
                    StepResult& result);

private:
    void serve(std::size_t index);

    std::vector<std::thread> helpers_;
    std::vector<std::function<void()>> jobs_;  // per helper, for the current step
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::uint64_t generation_ = 0;
    int pending_ = 0;
    bool quit_ = false;
};

}  // namespace pf::learners
