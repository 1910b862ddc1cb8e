#pragma once

#include "learners/vit_classifier.h"

namespace pf::learners {

/// `linear`: the pretrained backbone frozen, only the head trained, task after task (no
/// memory): how far the pretrained features alone carry, between finetune and joint.
class LinearLearner : public ViTClassifierLearner {
public:
    LinearLearner(const LearnerContext& context, const ViTClassifierOptions& options);
};

}  // namespace pf::learners
