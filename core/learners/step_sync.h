#pragma once

#include <vector>

#include <torch/types.h>

/// Where a training step meets the other processes of a data-parallel run: every learner's
/// step ends in learners::applyGradients (optim.h), which hands its gradients and loss to the
/// calling thread's StepSync, if any, before clipping and stepping.
namespace pf::learners {

class StepSync {
public:
    virtual ~StepSync() = default;
    /// Replaces each parameter's gradient by the whole global batch's: this process's part,
    /// weighted by its share of the batch, summed over the processes. A gradient no process
    /// computed stays undefined; one that only some computed is zero on the others.
    virtual void reduceGradients(const std::vector<torch::Tensor>& params) = 0;
    /// The global batch's loss from this process's part of it.
    virtual double reduceLoss(double loss) = 0;
    /// `counts` (per class, per prompt: what a learner tallies over its batch) summed over
    /// the processes, so that a decision on the batch is the global batch's everywhere.
    virtual torch::Tensor sumCounts(const torch::Tensor& counts) = 0;
};

/// The calling thread's StepSync; nullptr outside a data-parallel run.
StepSync* stepSync();

/// Makes `sync` the calling thread's StepSync until destroyed.
class ScopedStepSync {
public:
    explicit ScopedStepSync(StepSync* sync);
    ~ScopedStepSync();
    ScopedStepSync(const ScopedStepSync&) = delete;
    ScopedStepSync& operator=(const ScopedStepSync&) = delete;

private:
    StepSync* previous_;
};

}  // namespace pf::learners
