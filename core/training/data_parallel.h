#pragma once

#include <cstdint>
#include <utility>

#include "distributed/communicator.h"
#include "learners/learner.h"
#include "learners/step_sync.h"

/// Data parallelism for the trainer: every process of the world makes each global batch (the
/// same seeded order and augmentation everywhere) and trains on its own contiguous block of
/// it; the gradients are summed over the processes, each weighted by its block's share of the
/// batch, before every optimizer step, so each step is the global batch's. After each task,
/// rank 0's learner (prompts, heads, exemplars: everything a checkpoint holds) is copied to
/// every rank, so that they go on from one state.
namespace pf::training {

class DataParallel : public learners::StepSync {
public:
    /// Gradients travel in buckets of at most this many bytes (float32).
    static constexpr std::int64_t kBucketBytes = 16 << 20;

    explicit DataParallel(distributed::Communicator& communicator);

    int rank() const { return communicator_.rank(); }
    int size() const { return communicator_.size(); }

    /// This process's block of a global batch of `n` samples: [first, first + count). The
    /// first n % size ranks take one sample more.
    std::pair<std::int64_t, std::int64_t> block(std::int64_t n) const;
    /// Before each step: this process trains on `count` of the global batch's `n` samples.
    void setShare(std::int64_t count, std::int64_t n);

    void reduceGradients(const std::vector<torch::Tensor>& params) override;
    double reduceLoss(double loss) override;
    torch::Tensor sumCounts(const torch::Tensor& counts) override;

    /// Whether any process asks to stop (every process gets the same answer).
    bool anyStops(bool stop);

    /// Makes every rank's learner rank 0's, as it stands after `task` ended.
    void shareLearner(learners::Learner& learner, const learners::TaskInfo& task);

    /// The bytes each step's reduction moves per process for `params` (their gradients, the
    /// defined-gradient flags, the loss and the stop flag).
    static std::int64_t bytesPerStep(const std::vector<torch::Tensor>& params);

private:
    distributed::Communicator& communicator_;
    double share_ = 1.0;
};

}  // namespace pf::training
