#include "learners/dualprompt.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/learner_state.h"

namespace pf::learners {

const config::FieldSet<DualPromptOptions>& DualPromptOptions::fields() {
    static config::FieldSet<DualPromptOptions> set = [] {
        using O = DualPromptOptions;
        config::FieldSet<O> s;
        PromptPoolOptions::addFields(s);
        s.integer("g_length", &O::gLength, {1, 100}, "DualPrompt: G-prompt prefix length")
            .integer("g_layers", &O::gLayers, {0, 24},
                     "DualPrompt: blocks from the first that carry the G-prompt")
            .integer("e_length", &O::eLength, {1, 100}, "DualPrompt: E-prompt prefix length")
            .integer("e_layers", &O::eLayers, {1, 24},
                     "DualPrompt: blocks after the G-prompt's that carry the E-prompts")
            .real("e_pull", &O::pullWeight, {0.0, 100.0},
                  "DualPrompt: weight of the E-key pull loss")
            .boolean("e_init_previous", &O::initFromPrevious,
                     "DualPrompt: each new E-prompt starts as a copy of the previous one");
        return s;
    }();
    return set;
}

DualPromptLearner::DualPromptLearner(const LearnerContext& context,
                                     const DualPromptOptions& options)
    : PromptPoolLearner(context, options), options_(options) {
    requireBlocks("e_layers", options_.gLayers, options_.eLayers);
    if (options_.gLayers > 0)
        gPrompt_ = torch::empty({options_.gLayers, 2, options_.gLength, width()},
                                torch::TensorOptions().device(context_.device))
                       .uniform_(-1.0, 1.0)
                       .set_requires_grad(true);
}

void DualPromptLearner::prepareTask(const TaskInfo& task) {
    const auto f = torch::TensorOptions().device(context_.device);
    torch::NoGradGuard guard;
    while (static_cast<int>(ePrompts_.size()) <= task.index) {
        // Earlier E-prompts and keys are frozen; the new one starts from the previous prompt.
        for (auto& p : ePrompts_)
            p.set_requires_grad(false);
        for (auto& k : eKeys_)
            k.set_requires_grad(false);
        torch::Tensor prompt =
            options_.initFromPrevious && !ePrompts_.empty()
                ? ePrompts_.back().clone()
                : torch::empty({options_.eLayers, 2, options_.eLength, width()}, f)
                      .uniform_(-1.0, 1.0);
        ePrompts_.push_back(prompt.set_requires_grad(true));
        eKeys_.push_back(torch::empty({width()}, f).uniform_(-1.0, 1.0).set_requires_grad(true));
    }
}

torch::Tensor DualPromptLearner::chooseTask(const torch::Tensor& query) const {
    const int learned = std::min(static_cast<int>(eKeys_.size()), task_.index + 1);
    const torch::Tensor keys =
        torch::stack(std::vector<torch::Tensor>(eKeys_.begin(), eKeys_.begin() + learned));
    return matchKeys(query, keys, 1).squeeze(1);
}

models::PromptInputs DualPromptLearner::prefixes(const torch::Tensor& chosen) const {
    models::PromptInputs in;
    for (int l = 0; l < options_.gLayers; ++l)
        in.prefix[l] = gPrompt_[l].unsqueeze(0);  // [1, 2, Lg, D]
    // [tasks, e_layers, 2, Le, D] -> per image [B, e_layers, 2, Le, D].
    const torch::Tensor pool = torch::stack(ePrompts_);
    const torch::Tensor mine = pool.index_select(0, chosen);
    for (int l = 0; l < options_.eLayers; ++l)
        in.prefix[options_.gLayers + l] = mine.select(1, l);
    return in;
}

PromptPoolLearner::Forward DualPromptLearner::forward(const torch::Tensor& images,
                                                      const torch::Tensor& query, bool training,
                                                      const torch::Tensor&) {
    const auto b = images.size(0);
    Forward f;
    torch::Tensor chosen;
    if (training) {
        // The task's own E-prompt; only its key is pulled towards the queries.
        chosen = torch::full({b}, task_.index,
                             torch::TensorOptions().dtype(torch::kLong).device(images.device()));
        if (options_.pullWeight > 0.0) {
            f.extraLoss = -options_.pullWeight *
                          pullSimilarity(query, torch::stack(eKeys_), chosen.unsqueeze(1));
            f.extraName = "key_pull";
        }
    } else {
        chosen = chooseTask(query);
        f.usage =
            torch::zeros({b, task_.tasks}, query.options()).scatter_(1, chosen.unsqueeze(1), 1.0);
    }
    f.features = vit_->featuresPrompted(images, prefixes(chosen), models::Pooling::ClassToken);
    return f;
}

std::vector<torch::Tensor> DualPromptLearner::promptTensors() const {
    std::vector<torch::Tensor> out;
    if (gPrompt_.defined()) out.push_back(gPrompt_);
    if (!ePrompts_.empty()) {
        out.push_back(ePrompts_.back());
        out.push_back(eKeys_.back());
    }
    return out;
}

std::vector<torch::Tensor> DualPromptLearner::allPromptTensors() const {
    std::vector<torch::Tensor> out = ePrompts_;
    out.insert(out.end(), eKeys_.begin(), eKeys_.end());
    if (gPrompt_.defined()) out.push_back(gPrompt_);
    return out;
}

}  // namespace pf::learners

namespace pf::learners {

std::vector<std::int64_t> DualPromptLearner::prefixPerBlock() const {
    std::vector<std::int64_t> out(static_cast<std::size_t>(options_.gLayers), options_.gLength);
    out.resize(static_cast<std::size_t>(options_.gLayers + options_.eLayers), options_.eLength);
    return out;
}

void DualPromptLearner::savePrompts(LearnerState& state) const {
    state.put("dualprompt.g_prompt", gPrompt_);
    state.putList("dualprompt.e_prompts", ePrompts_);
    state.putList("dualprompt.e_keys", eKeys_);
}

void DualPromptLearner::loadPrompts(const LearnerState& state, const TaskInfo& lastTask) {
    if (gPrompt_.defined()) gPrompt_ = state.getLike("dualprompt.g_prompt", gPrompt_);
    std::vector<torch::Tensor> prompts =
        state.getList("dualprompt.e_prompts", torch::kFloat, context_.device);
    std::vector<torch::Tensor> keys =
        state.getList("dualprompt.e_keys", torch::kFloat, context_.device);
    if (static_cast<int>(prompts.size()) != lastTask.index + 1 || keys.size() != prompts.size())
        throw CheckpointError("checkpoint holds " + std::to_string(prompts.size()) +
                              " E-prompts and " + std::to_string(keys.size()) +
                              " keys after task " + std::to_string(lastTask.index + 1));
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        LearnerState::requireShape("dualprompt.e_prompts." + std::to_string(i), prompts[i],
                                   {options_.eLayers, 2, options_.eLength, width()});
        LearnerState::requireShape("dualprompt.e_keys." + std::to_string(i), keys[i], {width()});
    }
    ePrompts_ = std::move(prompts);
    eKeys_ = std::move(keys);
}

}  // namespace pf::learners
