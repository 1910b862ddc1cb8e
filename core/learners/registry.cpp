#include "learners/registry.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/coda_prompt.h"
#include "learners/dualprompt.h"
#include "learners/er.h"
#include "learners/ewc.h"
#include "learners/finetune.h"
#include "learners/joint.h"
#include "learners/l2p.h"
#include "learners/linear.h"
#include "learners/linear_probe.h"
#include "learners/lwf.h"
#include "learners/promptfusion.h"

namespace pf::learners {
namespace {

using Factory =
    std::function<std::unique_ptr<Learner>(const LearnerContext&, const nlohmann::json&)>;

struct Registration {
    LearnerInfo info;
    Factory create;
};

// Builds the info + factory pair of a learner with options struct O, which provides fields()
// and validate(const data::DatasetInfo&); `make` builds the learner from its options.
template <class O>
Registration registration(
    std::string name, std::string title, std::string description,
    std::function<std::unique_ptr<Learner>(const LearnerContext&, const O&)> make) {
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
    r.create = [make](const LearnerContext& context, const nlohmann::json& object) {
        O options;
        O::fields().read(object, options);
        return make(context, options);
    };
    return r;
}

template <class L, class O>
std::function<std::unique_ptr<Learner>(const LearnerContext&, const O&)> plain() {
    return [](const LearnerContext& c, const O& o) {
        return std::unique_ptr<Learner>(std::make_unique<L>(c, o));
    };
}

std::function<std::unique_ptr<Learner>(const LearnerContext&, const PromptFusionOptions&)>
promptFusion(PromptFusionLearner::Mode mode) {
    return [mode](const LearnerContext& c, const PromptFusionOptions& o) {
        return std::unique_ptr<Learner>(std::make_unique<PromptFusionLearner>(c, o, mode));
    };
}

// A learner whose step can be split by batch (BatchSplit).
Registration splitting(Registration r) {
    r.info.splitsBatches = true;
    return r;
}

// A learner that keeps a rehearsal memory.
Registration rehearsing(Registration r) {
    r.info.rehearses = true;
    return r;
}

// The one list of learners. Explicit, not self-registering: static registrars in a static
// library are dropped by the linker, and import-time side effects are hard to follow.
const std::vector<Registration>& registrations() {
    using Mode = PromptFusionLearner::Mode;
    static const std::vector<Registration> all = {
        rehearsing(splitting(registration<PromptFusionOptions>(
            "promptfusion", "PromptFusion",
            "CLIP Stabilizer + ViT Booster fused by a learned weight, weight mask, rehearsal "
            "memory",
            promptFusion(Mode::Full)))),
        rehearsing(registration<PromptFusionOptions>(
            "promptfusion-lite", "PromptFusion-Lite",
            "PromptFusion with a gate that runs the Booster only where it is needed",
            promptFusion(Mode::Lite))),
        rehearsing(splitting(registration<PromptFusionOptions>(
            "stabilizer", "Stabilizer alone",
            "PromptFusion's CLIP side only (CoOp contexts, visual prompt)",
            promptFusion(Mode::StabilizerOnly)))),
        rehearsing(splitting(registration<PromptFusionOptions>(
            "booster", "Booster alone", "PromptFusion's ViT side only (VPT prompt and head)",
            promptFusion(Mode::BoosterOnly)))),
        splitting(registration<L2pOptions>(
            "l2p", "L2P",
            "Learning to Prompt: a pool of prompts with keys, the top 5 chosen per image, on the "
            "frozen ViT (Wang et al., CVPR 2022)",
            plain<L2pLearner, L2pOptions>())),
        splitting(registration<DualPromptOptions>(
            "dualprompt", "DualPrompt",
            "A shared G-prompt and one E-prompt per task, picked at test time by its key, as "
            "prefixes on the frozen ViT (Wang et al., ECCV 2022)",
            plain<DualPromptLearner, DualPromptOptions>())),
        splitting(registration<CodaPromptOptions>(
            "coda-prompt", "CODA-Prompt",
            "Prompts assembled from a growing pool of components by learned attention, as "
            "prefixes on the frozen ViT (Smith et al., CVPR 2023)",
            plain<CodaPromptLearner, CodaPromptOptions>())),
        rehearsing(registration<ErOptions>("er", "Experience replay",
                                           "The ViT fine-tuned on each task plus a rehearsal "
                                           "memory",
                                           plain<ErLearner, ErOptions>())),
        registration<EwcOptions>("ewc", "EWC",
                                 "The ViT fine-tuned with a Fisher-weighted quadratic penalty "
                                 "holding earlier tasks' parameters (Kirkpatrick et al., 2017)",
                                 plain<EwcLearner, EwcOptions>()),
        registration<LwfOptions>("lwf", "Learning without Forgetting",
                                 "The ViT fine-tuned with distillation of the previous model's "
                                 "outputs on old classes, temperature 2 (Li & Hoiem, 2016)",
                                 plain<LwfLearner, LwfOptions>()),
        registration<ViTClassifierOptions>(
            "linear", "Linear probe",
            "Frozen pretrained ViT, only the head trained task after task",
            plain<LinearLearner, ViTClassifierOptions>()),
        registration<LinearProbeOptions>(
            "linear-probe", "Linear probe (joint)",
            "A frozen backbone's features (ViT or CLIP, probe_backbone) with a linear head "
            "trained on every task so far: what the pretrained features allow",
            plain<LinearProbeLearner, LinearProbeOptions>()),
        registration<ViTClassifierOptions>(
            "finetune", "Fine-tuning",
            "The whole ViT trained on each task in turn: the catastrophic-forgetting baseline",
            plain<FinetuneLearner, ViTClassifierOptions>()),
        registration<ViTClassifierOptions>(
            "joint", "Joint training", "The ViT trained on all tasks seen so far: the upper bound",
            plain<JointLearner, ViTClassifierOptions>()),
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
