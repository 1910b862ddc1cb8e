#include "learners/ewc.h"

#include <random>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/learner_state.h"

namespace pf::learners {

const config::FieldSet<EwcOptions>& EwcOptions::fields() {
    static config::FieldSet<EwcOptions> set = [] {
        config::FieldSet<EwcOptions> s;
        ViTClassifierOptions::addFields(s);
        s.group("method")
            .real("ewc_lambda", &EwcOptions::lambda, {0.0, 1e12}, "EWC penalty strength")
            .boolean("ewc_online", &EwcOptions::online,
                     "Online EWC: one running Fisher instead of one per task")
            .real("ewc_gamma", &EwcOptions::gamma, {0.0, 1.0},
                  "Online EWC: decay of the running Fisher")
            .integer("fisher_samples", &EwcOptions::fisherSamples, {1, 1000000},
                     "Training images per task used for the Fisher information");
        return s;
    }();
    return set;
}

torch::Tensor ewcPenalty(const std::vector<torch::Tensor>& params,
                         const std::vector<std::vector<torch::Tensor>>& anchors,
                         const std::vector<std::vector<torch::Tensor>>& fishers) {
    torch::Tensor total =
        torch::zeros({}, params.empty() ? torch::TensorOptions() : params.front().options());
    for (std::size_t k = 0; k < anchors.size(); ++k)
        for (std::size_t i = 0; i < params.size(); ++i)
            total = total + (fishers[k][i] * (params[i] - anchors[k][i]).pow(2)).sum();
    return total;
}

EwcLearner::EwcLearner(const LearnerContext& context, const EwcOptions& options)
    : ViTClassifierLearner(context, options, true), options_(options) {}

std::vector<torch::Tensor> EwcLearner::fisher(const torch::Tensor& images,
                                              const torch::Tensor& targets) {
    const std::vector<torch::Tensor> params = trainable();
    std::vector<torch::Tensor> f;
    for (const torch::Tensor& p : params)
        f.push_back(torch::zeros_like(p));
    vit_->eval();  // no dropout: the Fisher of the model as it predicts
    const auto n = images.size(0);
    for (std::int64_t k = 0; k < n; ++k) {
        for (const torch::Tensor& p : params)
            if (p.grad().defined()) p.mutable_grad().zero_();
        const torch::Tensor out = logits(images.narrow(0, k, 1));
        torch::nll_loss(torch::log_softmax(out, 1), targets.narrow(0, k, 1)).backward();
        for (std::size_t i = 0; i < params.size(); ++i)
            if (params[i].grad().defined()) f[i] += params[i].grad().detach().pow(2);
    }
    for (const torch::Tensor& p : params)
        if (p.grad().defined()) p.mutable_grad().zero_();
    for (torch::Tensor& t : f)
        t /= static_cast<double>(std::max<std::int64_t>(n, 1));
    return f;
}

void EwcLearner::endTask(const TaskInfo& task, const TaskData& data) {
    (void)task;
    // A seeded sample of the task's images (its indices are grouped by class).
    std::vector<std::int64_t> pick = data.indices;
    std::mt19937_64 rng(static_cast<std::uint64_t>(context_.experiment.seed) * 7919ULL +
                        static_cast<std::uint64_t>(anchors_.size()));
    for (std::size_t i = pick.size(); i > 1; --i)
        std::swap(pick[i - 1], pick[rng() % i]);
    if (static_cast<int>(pick.size()) > options_.fisherSamples)
        pick.resize(static_cast<std::size_t>(options_.fisherSamples));
    std::vector<torch::Tensor> f;
    data::BatchLoader loader = data.loader(pick);
    std::int64_t seen = 0;
    while (auto b = loader.next()) {
        const auto n = b->images.size(0);
        std::vector<torch::Tensor> part =
            fisher(b->images.to(context_.device), b->targets.to(context_.device));
        if (f.empty()) {
            for (torch::Tensor& t : part)
                f.push_back(t * static_cast<double>(n));
        } else {
            for (std::size_t i = 0; i < f.size(); ++i)
                f[i] += part[i] * static_cast<double>(n);
        }
        seen += n;
    }
    for (torch::Tensor& t : f)
        t /= static_cast<double>(std::max<std::int64_t>(seen, 1));
    std::vector<torch::Tensor> anchor;
    for (const torch::Tensor& p : trainable())
        anchor.push_back(p.detach().clone());
    if (options_.online && !fishers_.empty()) {
        for (std::size_t i = 0; i < f.size(); ++i)
            fishers_[0][i] = options_.gamma * fishers_[0][i] + f[i];
        anchors_[0] = std::move(anchor);
    } else {
        fishers_.push_back(std::move(f));
        anchors_.push_back(std::move(anchor));
    }
}

std::pair<torch::Tensor, std::string> EwcLearner::extraLoss(const data::Batch&,
                                                            const torch::Tensor&) {
    if (anchors_.empty() || options_.lambda == 0.0) return {};
    return {0.5 * options_.lambda * ewcPenalty(trainable(), anchors_, fishers_), "ewc_penalty"};
}

std::vector<NamedScalar> EwcLearner::taskScalars() const {
    double mean = 0.0;
    std::int64_t count = 0;
    for (const auto& task : fishers_)
        for (const torch::Tensor& t : task) {
            mean += t.sum().item<double>();
            count += t.numel();
        }
    return {{"fisher_mean", count > 0 ? mean / static_cast<double>(count) : 0.0}};
}

void EwcLearner::saveState(LearnerState& state) const {
    ViTClassifierLearner::saveState(state);
    state.put("ewc.tasks", torch::tensor(static_cast<std::int64_t>(anchors_.size())));
    for (std::size_t k = 0; k < anchors_.size(); ++k) {
        state.putList("ewc.anchor." + std::to_string(k), anchors_[k]);
        state.putList("ewc.fisher." + std::to_string(k), fishers_[k]);
    }
}

void EwcLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    ViTClassifierLearner::loadState(state, lastTask);
    const std::int64_t tasks =
        state.get("ewc.tasks", torch::kLong, torch::kCPU).item<std::int64_t>();
    if (tasks < 0 || tasks > lastTask.index + 1)
        throw CheckpointError("checkpoint holds EWC anchors of " + std::to_string(tasks) +
                              " tasks after task " + std::to_string(lastTask.index + 1));
    const std::vector<torch::Tensor> params = trainable();
    anchors_.clear();
    fishers_.clear();
    for (std::int64_t k = 0; k < tasks; ++k) {
        for (const char* kind : {"anchor", "fisher"}) {
            const std::string prefix = std::string("ewc.") + kind + "." + std::to_string(k);
            std::vector<torch::Tensor> list = state.getList(prefix, torch::kFloat, context_.device);
            if (list.size() != params.size())
                throw CheckpointError("checkpoint list '" + prefix + "' has " +
                                      std::to_string(list.size()) + " tensors for " +
                                      std::to_string(params.size()) + " parameters");
            for (std::size_t i = 0; i < list.size(); ++i)
                LearnerState::requireShape(prefix + "." + std::to_string(i), list[i],
                                           params[i].sizes().vec());
            (kind[0] == 'a' ? anchors_ : fishers_).push_back(std::move(list));
        }
    }
}

}  // namespace pf::learners
