#include "learners/batch_split.h"

#include <algorithm>
#include <exception>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/system_info.h"
#include "learners/step_phases.h"

namespace pf::learners {
namespace {

struct PartResult {
    std::vector<torch::Tensor> grads;
    double loss = 0.0;
    double share = 0.0;
    std::vector<NamedScalar> scalars;
};

}  // namespace

// omp_set_num_threads, not torch::set_num_threads, which would also rebuild LibTorch's
// pthreadpool, at every step. at::get_num_threads() first: LibTorch sets a thread's count at its
// first parallel operation, from the count some thread set last, unless it was initialised
// before - and a helper's first part would then run with a team of its own.
BatchSplit::Alone::Alone() : before_(at::get_num_threads()) {
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
}

BatchSplit::Alone::~Alone() {
#ifdef _OPENMP
    omp_set_num_threads(before_);
#endif
}

std::unique_ptr<BatchSplit> BatchSplit::forExperiment(const config::ExperimentOptions& options,
                                                      const torch::Device& device) {
    if (options.system.parallel == "ops" || !device.is_cpu()) return nullptr;
    const int parts = options.system.threads > 0 ? options.system.threads : hardwareThreads();
    return parts > 1 ? std::make_unique<BatchSplit>(parts) : nullptr;
}

int BatchSplit::partsFor(std::int64_t n) const {
    return static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(parts(), n)));
}

void BatchSplit::run(std::int64_t n,
                     const std::function<void(int, std::int64_t, std::int64_t)>& work) {
    const int count = partsFor(n);
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
    pool_.parallelFor(static_cast<std::size_t>(count), [&](std::size_t part) {
        const auto k = static_cast<int>(part);
        try {
            const Alone alone;
            work(k, k * n / count, (k + 1) * n / count);
        } catch (...) {
            errors[part] = std::current_exception();
        }
    });
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

double BatchSplit::backward(const data::Batch& batch, const PartLoss& lossOf,
                            const std::vector<torch::Tensor>& params, StepResult& result,
                            const std::function<std::vector<torch::Tensor>()>& sharedOf) {
    std::vector<torch::Tensor> shared;
    if (sharedOf) {
        const Alone alone;
        shared = sharedOf();
    }
    // As optimizer.zero_grad() before a plain backward pass: a gradient left from an earlier
    // step is zeroed, and a parameter the loss does not reach keeps what it has (zeros, or no
    // gradient at all). What the parts differentiate: the parameters that train now (a frozen
    // one, such as the contexts in a later domain, gets no gradient), then their leaves of the
    // shared tensors.
    std::vector<torch::Tensor> trained;
    for (const torch::Tensor& p : params) {
        if (p.grad().defined()) p.mutable_grad() = p.grad().detach().zero_();
        if (p.requires_grad()) trained.push_back(p);
    }
    const std::int64_t n = batch.images.size(0);
    std::vector<PartResult> results(static_cast<std::size_t>(partsFor(n)));
    run(n, [&](int k, std::int64_t begin, std::int64_t end) {
        Part part;
        part.batch = {batch.images.narrow(0, begin, end - begin),
                      batch.targets.narrow(0, begin, end - begin)};
        part.first = begin;
        const double share = static_cast<double>(end - begin) / static_cast<double>(n);
        PartResult& out = results[static_cast<std::size_t>(k)];
        std::vector<torch::Tensor> inputs = trained;
        for (const torch::Tensor& t : shared) {
            part.shared.push_back(t.detach().requires_grad_(t.requires_grad()));
            if (t.requires_grad()) inputs.push_back(part.shared.back());
        }
        const torch::Tensor loss = lossOf(part) * share;
        out.share = share;
        out.scalars = std::move(part.scalars);
        if (k == 0) endPhase(StepPhase::Forward);
        // Unreached inputs come back undefined (allow_unused).
        out.grads = torch::autograd::grad({loss}, inputs, {}, false, false, true);
        out.loss = loss.item<double>();
    });
    // Summed in part order, out of place: autograd may return views (of one another, or
    // expanded), and a gradient kept must be a tensor of its own.
    std::vector<torch::Tensor> sum(results[0].grads.size());
    double loss = 0.0;
    {
        torch::NoGradGuard guard;
        for (const PartResult& r : results) {
            for (std::size_t i = 0; i < sum.size(); ++i)
                if (r.grads[i].defined())
                    sum[i] = sum[i].defined() ? sum[i] + r.grads[i] : r.grads[i].clone();
            loss += r.loss;
        }
    }
    for (std::size_t i = 0; i < trained.size(); ++i)
        if (sum[i].defined()) trained[i].mutable_grad() = sum[i];
    for (std::size_t j = 0; j < results[0].scalars.size(); ++j) {
        double value = 0.0;
        for (const PartResult& r : results)
            if (j < r.scalars.size()) value += r.share * r.scalars[j].second;
        result.scalars.emplace_back(results[0].scalars[j].first, value);
    }
    // Through the shared tensors' graph once, adding to the parameters' gradients.
    std::vector<torch::Tensor> roots, upstream;
    std::size_t next = trained.size();
    for (const torch::Tensor& t : shared) {
        if (!t.requires_grad()) continue;
        const torch::Tensor& g = sum[next++];
        if (!g.defined()) continue;  // no part's loss read it
        roots.push_back(t);
        upstream.push_back(g);
    }
    if (!roots.empty()) {
        const Alone alone;
        torch::autograd::backward(roots, upstream);
    }
    return loss;
}

}  // namespace pf::learners
