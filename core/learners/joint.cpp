#include "learners/joint.h"

namespace pf::learners {

std::vector<std::int64_t> JointLearner::trainingIndices(const data::TaskSequence& sequence,
                                                        int task) const {
    return sequence.trainUpTo(task);
}

}  // namespace pf::learners
