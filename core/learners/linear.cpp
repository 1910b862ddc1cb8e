#include "learners/linear.h"

#include "common/error.h"

namespace pf::learners {

namespace {
const ViTClassifierOptions& requirePretrained(const ViTClassifierOptions& o) {
    if (o.init != "pretrained")
        throw ConfigError(
            "config key 'vit_init': method 'linear' trains only a head and needs the pretrained "
            "backbone");
    return o;
}
}  // namespace

LinearLearner::LinearLearner(const LearnerContext& context, const ViTClassifierOptions& options)
    : ViTClassifierLearner(context, requirePretrained(options), false) {}

}  // namespace pf::learners
