#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <torch/types.h>

#include "common/thread_pool.h"
#include "config/experiment_options.h"
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
    /// The split an experiment asks of a learner that can split its steps and computes on
    /// `device`: none with `parallel` "ops", with one thread (0 threads: all cores), or off the
    /// CPU (where the config refuses an explicit "batch", and "auto" means "ops").
    static std::unique_ptr<BatchSplit> forExperiment(const config::ExperimentOptions& options,
                                                     const torch::Device& device);

    /// The calling thread computes alone (an OpenMP team of one) while this lives. The work of
    /// a split step outside its parts runs so: with a team of two on the training thread, the
    /// team's second thread goes on spinning at its barrier into the parts - three threads on
    /// two cores, the step up to twice as slow.
    class Alone {
    public:
        Alone();
        ~Alone();
        Alone(const Alone&) = delete;
        Alone& operator=(const Alone&) = delete;

    private:
        int before_;
    };

    /// `parts` threads in all: the calling one and parts - 1 helpers started here.
    explicit BatchSplit(int parts) : pool_(static_cast<std::size_t>(parts > 1 ? parts - 1 : 0)) {}

    int parts() const { return static_cast<int>(pool_.workers()) + 1; }

    /// Runs `work(part, begin, end)` for the parts of rows [0, n) - as even as can be, at most
    /// one per row - on the calling thread and the helpers, each part computing alone (an
    /// OpenMP team of one); returns when all are done, rethrowing the first part's error (in
    /// part order).
    void run(std::int64_t n,
             const std::function<void(int part, std::int64_t begin, std::int64_t end)>& work);

    /// run() for work that returns what it computed: `work(begin, end)`'s results for the
    /// parts that ran, in part order.
    template <class Work>
    auto map(std::int64_t n, Work work) -> std::vector<decltype(work(n, n))> {
        std::vector<decltype(work(n, n))> out(static_cast<std::size_t>(partsFor(n)));
        run(n, [&](int k, std::int64_t begin, std::int64_t end) {
            out[static_cast<std::size_t>(k)] = work(begin, end);
        });
        return out;
    }

    /// One part of a split step, as its loss sees it.
    struct Part {
        data::Batch batch;                  ///< its rows of the batch
        std::int64_t first = 0;             ///< the index of its first row in the whole batch
        std::vector<torch::Tensor> shared;  ///< its leaves of the step's shared tensors
        /// Figures the loss reports, each a mean over the part's rows (or the same in every
        /// part): the step reports their sums weighted by the parts' shares, in part 0's order.
        std::vector<NamedScalar> scalars;
    };
    using PartLoss = std::function<torch::Tensor(Part&)>;

    /// `lossOf(part)` is the mean loss over part of the batch; it runs on all threads at once,
    /// so it must not change shared state (nor draw random numbers, whose order would then
    /// depend on timing). Leaves in the .grad of each of `params` what
    /// optimizer.zero_grad() and a backward pass of the whole batch's mean loss would - the
    /// parts' gradients weighted by their sizes and summed in part order, so that the result
    /// does not depend on timing; zeros or nothing where the loss does not reach - and returns
    /// that loss. The parts are as even as can be, at most one per image.
    ///
    /// `shared`, when given, computes tensors once for the whole step, with their graph
    /// (PromptFusion: the text features of the task's classes), that every part would otherwise
    /// compute again. Each part reads them as leaves of its own; their gradients are summed as
    /// the parameters' are, and one backward pass through `shared`'s graph adds what flows
    /// through them. Both passes run on the calling thread alone: with a team of two there,
    /// its second OpenMP thread would go on spinning at its barrier while the parts need every
    /// core (measured: training 1,300-1,600 instead of 2,400-2,650 images/s).
    ///
    /// The parts' scalars go to `result`'s. The step's forward phase ends with part 0's
    /// forward pass (learners/step_phases.h); the backward phase's end is left to the caller.
    double backward(const data::Batch& batch, const PartLoss& lossOf,
                    const std::vector<torch::Tensor>& params, StepResult& result,
                    const std::function<std::vector<torch::Tensor>()>& shared = {});

private:
    /// The parts `n` rows are cut into: as many as there are threads, at most one per row.
    int partsFor(std::int64_t n) const;

    ThreadPool pool_;
};

}  // namespace pf::learners
