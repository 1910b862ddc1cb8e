#pragma once

#include "learners/vit_classifier.h"

namespace pf::learners {

/// `finetune`: the whole network trained on each task in turn. Nothing protects old classes:
/// the classic catastrophic-forgetting baseline.
class FinetuneLearner : public ViTClassifierLearner {
public:
    FinetuneLearner(const LearnerContext& context, const ViTClassifierOptions& options)
        : ViTClassifierLearner(context, options, true) {}
};

}  // namespace pf::learners
