#include "learners/registry.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/finetune.h"
#include "learners/joint.h"

namespace pf::learners {
namespace {

using Factory =
    std::function<std::unique_ptr<Learner>(const LearnerContext&, const nlohmann::json&)>;

struct Registration {
    LearnerInfo info;
    Factory create;
};

// Builds the info + factory pair of learner L with options struct O. O provides fields() and
// validate(const data::DatasetInfo&).
template <class O, class L>
Registration registration(std::string name, std::string title, std::string description) {
    Registration r;
    r.info.name = std::move(name);
    r.info.title = std::move(title);
    r.info.description = std::move(description);
    r.info.fields = O::fields().specs();
    r.info.normalize = [](const nlohmann::json& object, const data::DatasetInfo& dataset) {
        O options;
        O::fields().read(object, options);
        options.validate(dataset);
        return O::fields().toJson(options);
    };
    r.create = [](const LearnerContext& context, const nlohmann::json& object) {
        O options;
        O::fields().read(object, options);
        return std::unique_ptr<Learner>(std::make_unique<L>(context, options));
    };
    return r;
}

// The one list of learners. Explicit, not self-registering: static registrars in a static
// library are dropped by the linker, and import-time side effects are hard to follow.
const std::vector<Registration>& registrations() {
    static const std::vector<Registration> all = {
        registration<ViTClassifierOptions, FinetuneLearner>(
            "finetune", "Fine-tuning",
            "The whole ViT trained on each task in turn: the catastrophic-forgetting baseline"),
        registration<ViTClassifierOptions, JointLearner>(
            "joint", "Joint training", "The ViT trained on all tasks seen so far: the upper bound"),
    };
    return all;
}

const Registration& find(const std::string& name) {
    for (const Registration& r : registrations())
        if (r.info.name == name) return r;
    std::string known;
    for (const Registration& r : registrations())
        known += (known.empty() ? "" : ", ") + r.info.name;
    throw ConfigError("config key 'method': unknown method '" + name + "' (known: " + known + ")");
}

}  // namespace

const std::vector<LearnerInfo>& learnerCatalog() {
    static const std::vector<LearnerInfo> infos = [] {
        std::vector<LearnerInfo> out;
        for (const Registration& r : registrations())
            out.push_back(r.info);
        return out;
    }();
    return infos;
}

const LearnerInfo& learnerInfo(const std::string& name) {
    for (const LearnerInfo& info : learnerCatalog())
        if (info.name == name) return info;
    find(name);  // throws with the list of known names
    throw ConfigError("unknown method " + name);
}

std::vector<std::string> learnerNames() {
    std::vector<std::string> names;
    for (const LearnerInfo& info : learnerCatalog())
        names.push_back(info.name);
    return names;
}

std::unique_ptr<Learner> createLearner(const std::string& name, const LearnerContext& context,
                                       const nlohmann::json& options) {
    return find(name).create(context, options);
}

}  // namespace pf::learners
