#include "learners/batch_split.h"

#include <algorithm>
#include <exception>

#include <torch/autograd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/system_info.h"

namespace pf::learners {
namespace {

struct PartResult {
    std::vector<torch::Tensor> grads;
    double loss = 0.0;
    std::exception_ptr error;
};

// Loss and gradients of one part, the loss scaled by the part's share of the batch.
void runPart(const data::Batch& part, double share,
             const std::function<torch::Tensor(const data::Batch&)>& lossOf,
             const std::vector<torch::Tensor>& params, PartResult& out, PhaseClock* clock = nullptr,
             StepResult* result = nullptr) {
    try {
        const torch::Tensor loss = lossOf(part) * share;
        if (clock && result) result->forwardSeconds = clock->lap();
        out.grads = torch::autograd::grad({loss}, params, {}, false, false, true);
        for (std::size_t i = 0; i < out.grads.size(); ++i)
            if (!out.grads[i].defined()) out.grads[i] = torch::zeros_like(params[i]);
        out.loss = loss.item<double>();
    } catch (...) {
        out.error = std::current_exception();
    }
}

// Sets the calling thread's OpenMP team size for a scope. (torch::set_num_threads would also
// rebuild LibTorch's pthreadpool, at every step.)
class OpenMpThreads {
public:
    explicit OpenMpThreads(int n) {
#ifdef _OPENMP
        before_ = omp_get_max_threads();
        omp_set_num_threads(n);
#else
        (void)n;
#endif
    }
    ~OpenMpThreads() {
#ifdef _OPENMP
        omp_set_num_threads(before_);
#endif
    }
    OpenMpThreads(const OpenMpThreads&) = delete;
    OpenMpThreads& operator=(const OpenMpThreads&) = delete;

private:
    int before_ = 1;
};

}  // namespace

BatchSplit::BatchSplit(int parts) {
    const auto helpers = static_cast<std::size_t>(std::max(1, parts) - 1);
    jobs_.resize(helpers);
    for (std::size_t i = 0; i < helpers; ++i)
        helpers_.emplace_back([this, i] { serve(i); });
}

BatchSplit::~BatchSplit() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : helpers_)
        t.join();
}

void BatchSplit::serve(std::size_t index) {
    useCallingThreadOnly();
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
        if (quit_) return;
        seen = generation_;
        std::function<void()> job = std::move(jobs_[index]);
        jobs_[index] = nullptr;
        if (!job) continue;  // not needed this step (a batch smaller than the parts)
        lock.unlock();
        job();
        lock.lock();
        if (--pending_ == 0) done_.notify_all();
    }
}

double BatchSplit::backward(const data::Batch& batch,
                            const std::function<torch::Tensor(const data::Batch&)>& lossOf,
                            const std::vector<torch::Tensor>& params, PhaseClock& clock,
                            StepResult& result) {
    const std::int64_t n = batch.images.size(0);
    const std::int64_t count = std::max<std::int64_t>(1, std::min<std::int64_t>(parts(), n));
    auto partOf = [&](std::int64_t k) {
        const std::int64_t begin = k * n / count, end = (k + 1) * n / count;
        return data::Batch{batch.images.narrow(0, begin, end - begin),
                           batch.targets.narrow(0, begin, end - begin)};
    };
    auto shareOf = [&](std::int64_t k) {
        return static_cast<double>((k + 1) * n / count - k * n / count) / static_cast<double>(n);
    };
    std::vector<PartResult> results(static_cast<std::size_t>(count));
    if (count > 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (std::int64_t k = 1; k < count; ++k) {
            jobs_[static_cast<std::size_t>(k - 1)] = [&, k] {
                runPart(partOf(k), shareOf(k), lossOf, params,
                        results[static_cast<std::size_t>(k)]);
            };
        }
        pending_ = static_cast<int>(count - 1);
        ++generation_;
    }
    wake_.notify_all();
    {
        // The first part on this thread, alone, while the helpers work.
        OpenMpThreads alone(1);
        runPart(partOf(0), shareOf(0), lossOf, params, results[0], &clock, &result);
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return pending_ == 0; });
    }
    for (const PartResult& r : results)
        if (r.error) std::rethrow_exception(r.error);
    torch::NoGradGuard guard;
    double loss = results[0].loss;
    for (std::size_t k = 1; k < results.size(); ++k) {
        for (std::size_t i = 0; i < params.size(); ++i)
            results[0].grads[i].add_(results[k].grads[i]);
        loss += results[k].loss;
    }
    for (std::size_t i = 0; i < params.size(); ++i)
        params[i].mutable_grad() = results[0].grads[i];
    return loss;
}

}  // namespace pf::learners
