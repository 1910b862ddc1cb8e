#include "learners/learner.h"

namespace pf::learners {

std::vector<std::int64_t> Learner::trainingIndices(const data::TaskSequence& sequence,
                                                   int task) const {
    return sequence.task(task).train;
}

}  // namespace pf::learners
