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
};

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

void BatchSplit::run(std::int64_t n,
                     const std::function<void(int, std::int64_t, std::int64_t)>& work) {
    const int count = static_cast<int>(std::max<std::int64_t>(
        1, std::min<std::int64_t>(parts(), n)));
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
    auto part = [&, count](int k) {
        try {
            work(k, k * n / count, (k + 1) * n / count);
        } catch (...) {
            errors[static_cast<std::size_t>(k)] = std::current_exception();
        }
    };
    if (count > 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (int k = 1; k < count; ++k)
            jobs_[static_cast<std::size_t>(k - 1)] = [&part, k] { part(k); };
        pending_ = count - 1;
        ++generation_;
    }
    wake_.notify_all();
    {
        OpenMpThreads alone(1);  // the first part on this thread, alone, beside the helpers
        part(0);
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return pending_ == 0; });
    }
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

double BatchSplit::backward(const data::Batch& batch,
                            const std::function<torch::Tensor(const data::Batch&)>& lossOf,
                            const std::vector<torch::Tensor>& params, PhaseClock& clock,
                            StepResult& result) {
    const std::int64_t n = batch.images.size(0);
    std::vector<PartResult> results(static_cast<std::size_t>(parts()));
    run(n, [&](int k, std::int64_t begin, std::int64_t end) {
        const data::Batch part{batch.images.narrow(0, begin, end - begin),
                               batch.targets.narrow(0, begin, end - begin)};
        const double share = static_cast<double>(end - begin) / static_cast<double>(n);
        PartResult& out = results[static_cast<std::size_t>(k)];
        const torch::Tensor loss = lossOf(part) * share;
        if (k == 0) result.forwardSeconds = clock.lap();
        out.grads = torch::autograd::grad({loss}, params, {}, false, false, true);
        for (std::size_t i = 0; i < out.grads.size(); ++i)
            if (!out.grads[i].defined()) out.grads[i] = torch::zeros_like(params[i]);
        out.loss = loss.item<double>();
    });
    torch::NoGradGuard guard;
    double loss = results[0].loss;
    for (std::size_t k = 1; k < results.size(); ++k) {
        if (results[k].grads.empty()) break;  // fewer rows than parts
        for (std::size_t i = 0; i < params.size(); ++i)
            results[0].grads[i].add_(results[k].grads[i]);
        loss += results[k].loss;
    }
    for (std::size_t i = 0; i < params.size(); ++i)
        params[i].mutable_grad() = results[0].grads[i];
    return loss;
}

}  // namespace pf::learners
