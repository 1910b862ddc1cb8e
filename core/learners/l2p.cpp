#include "learners/l2p.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/learner_state.h"

namespace pf::learners {

const config::FieldSet<L2pOptions>& L2pOptions::fields() {
    static config::FieldSet<L2pOptions> set = [] {
        config::FieldSet<L2pOptions> s;
        PromptPoolOptions::addFields(s);
        s.integer("l2p_pool", &L2pOptions::poolSize, {1, 1000}, "L2P: prompts in the pool")
            .integer("l2p_length", &L2pOptions::promptLength, {1, 100}, "L2P: tokens per prompt")
            .integer("l2p_top_k", &L2pOptions::topK, {1, 100}, "L2P: prompts chosen per image")
            .real("l2p_pull", &L2pOptions::pullWeight, {0.0, 100.0},
                  "L2P: weight of the key-query surrogate loss")
            .boolean("l2p_batch_voting", &L2pOptions::batchVoting,
                     "L2P: while training, the prompts chosen most often in the batch serve every "
                     "image of it");
        return s;
    }();
    return set;
}

void L2pOptions::validate(const data::DatasetInfo&) const {
    if (topK > poolSize)
        throw ConfigError("config key 'l2p_top_k': " + std::to_string(topK) +
                          " prompts cannot be chosen from a pool of " + std::to_string(poolSize) +
                          " (l2p_pool)");
}

L2pLearner::L2pLearner(const LearnerContext& context, const L2pOptions& options)
    : PromptPoolLearner(context, options), options_(options) {
    options_.validate({});
    // The reference initialises prompts and keys uniformly in [-1, 1].
    const auto f = torch::TensorOptions().device(context_.device);
    prompts_ = torch::empty({options_.poolSize, options_.promptLength, width()}, f)
                   .uniform_(-1.0, 1.0)
                   .set_requires_grad(true);
    keys_ =
        torch::empty({options_.poolSize, width()}, f).uniform_(-1.0, 1.0).set_requires_grad(true);
}

void L2pLearner::prepareTask(const TaskInfo&) {}

torch::Tensor L2pLearner::batchChoice(const torch::Tensor& query) const {
    if (!options_.batchVoting) return {};
    return voteKeys(matchKeys(query, keys_, options_.topK), options_.poolSize, options_.topK);
}

PromptPoolLearner::Forward L2pLearner::forward(const torch::Tensor& images,
                                               const torch::Tensor& query, bool training,
                                               const torch::Tensor& batchChoice) {
    const auto b = images.size(0);
    // [B, k]: the batch's vote in training (with batch voting), else each image's own keys.
    const torch::Tensor chosen = training && batchChoice.defined()
                                     ? batchChoice.unsqueeze(0).expand({b, -1})
                                     : matchKeys(query, keys_, options_.topK);
    // [B, k, length, D] -> [B, k * length, D], prepended after the class token.
    models::PromptInputs in;
    in.shallow = prompts_.index_select(0, chosen.flatten())
                     .view({b, options_.topK * options_.promptLength, width()});
    Forward f;
    f.features = vit_->featuresPrompted(images, in, models::Pooling::PromptMean);
    if (training && options_.pullWeight > 0.0) {
        f.extraLoss = -options_.pullWeight * pullSimilarity(query, keys_, chosen);
        f.extraName = "key_pull";
    }
    if (!training) {
        // Each chosen prompt counts 1/k for its image.
        f.usage =
            torch::zeros({b, options_.poolSize}, query.options())
                .scatter_add_(1, chosen,
                              torch::full(chosen.sizes(), 1.0 / options_.topK, query.options()));
    }
    return f;
}

void L2pLearner::savePrompts(LearnerState& state) const {
    state.put("l2p.prompts", prompts_);
    state.put("l2p.keys", keys_);
}

void L2pLearner::loadPrompts(const LearnerState& state, const TaskInfo&) {
    prompts_ = state.getLike("l2p.prompts", prompts_);
    keys_ = state.getLike("l2p.keys", keys_);
}

}  // namespace pf::learners
