#pragma once

#include "learners/vit_classifier.h"

namespace pf::learners {

/// `joint`: the same network trained, at each task, on the union of every task seen so far.
/// It never loses access to old data, so it is the upper bound the other methods aim for.
/// The model carries over from task to task (cumulative joint training).
class JointLearner : public ViTClassifierLearner {
public:
    JointLearner(const LearnerContext& context, const ViTClassifierOptions& options)
        : ViTClassifierLearner(context, options, true) {}

    std::vector<std::int64_t> trainingIndices(const data::TaskSequence& sequence,
                                              int task) const override;
};

}  // namespace pf::learners
