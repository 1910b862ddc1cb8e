#include "learners/optim.h"

#include <cmath>
#include <limits>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/step_phases.h"
#include "learners/step_sync.h"

#include <map>

namespace pf::learners {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(std::vector<torch::Tensor> params,
                                                       const config::TrainingOptions& o) {
    if (o.optimizer == "adamw")
        return std::make_unique<torch::optim::AdamW>(
            std::move(params), torch::optim::AdamWOptions(o.lr).weight_decay(o.weightDecay));
    if (o.optimizer == "adam")
        return std::make_unique<torch::optim::Adam>(
            std::move(params), torch::optim::AdamOptions(o.lr).weight_decay(o.weightDecay));
    if (o.optimizer == "sgd")
        return std::make_unique<torch::optim::SGD>(
            std::move(params),
            torch::optim::SGDOptions(o.lr).momentum(0.9).weight_decay(o.weightDecay));
    throw ConfigError("config key 'optimizer': unknown optimizer '" + o.optimizer + "'");
}

void setLearningRate(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups())
        group.options().set_lr(lr);
}

void clipGradients(const std::vector<torch::Tensor>& params, double maxNorm) {
    if (maxNorm > 0.0) torch::nn::utils::clip_grad_norm_(params, maxNorm);
}

namespace {

std::string stateKey(const torch::Tensor& p) {
    return c10::guts::to_string(p.unsafeGetTensorImpl());
}

// Adam and AdamW keep the same fields in two unrelated classes.
template <class State>
void saveAdamState(const State& s, const std::string& base, NamedTensors& out) {
    out.emplace_back(base + "step", torch::tensor(s.step(), torch::kInt64));
    out.emplace_back(base + "exp_avg", s.exp_avg());
    out.emplace_back(base + "exp_avg_sq", s.exp_avg_sq());
    if (s.max_exp_avg_sq().defined()) out.emplace_back(base + "max_exp_avg_sq", s.max_exp_avg_sq());
}

template <class State>
std::unique_ptr<State> makeAdamState(std::int64_t step, const torch::Tensor& avg,
                                     const torch::Tensor& sq, const torch::Tensor& maxSq) {
    auto s = std::make_unique<State>();
    s->step(step);
    s->exp_avg(avg);
    s->exp_avg_sq(sq);
    if (maxSq.defined()) s->max_exp_avg_sq(maxSq);
    return s;
}

}  // namespace

NamedTensors optimizerStateTensors(torch::optim::Optimizer& optimizer, const NamedTensors& params,
                                   const std::string& prefix) {
    NamedTensors out;
    auto& state = optimizer.state();
    for (const auto& [name, p] : params) {
        auto it = state.find(stateKey(p));
        if (it == state.end()) continue;
        const std::string base = prefix + name + ".";
        if (auto* s = dynamic_cast<torch::optim::AdamWParamState*>(it->second.get())) {
            saveAdamState(*s, base, out);
        } else if (auto* a = dynamic_cast<torch::optim::AdamParamState*>(it->second.get())) {
            saveAdamState(*a, base, out);
        } else if (auto* m = dynamic_cast<torch::optim::SGDParamState*>(it->second.get())) {
            if (m->momentum_buffer().defined())
                out.emplace_back(base + "momentum_buffer", m->momentum_buffer());
        }
    }
    return out;
}

void loadOptimizerState(torch::optim::Optimizer& optimizer, const NamedTensors& params,
                        const NamedTensors& state, const std::string& prefix) {
    std::map<std::string, torch::Tensor> byName(state.begin(), state.end());
    auto get = [&](const std::string& key, const torch::Tensor& like) -> torch::Tensor {
        auto it = byName.find(key);
        if (it == byName.end()) return {};
        if (like.defined() && it->second.sizes() != like.sizes())
            throw CheckpointError("optimizer state '" + key +
                                  "' does not fit its parameter's shape");
        return it->second.to(like.defined() ? like.options() : it->second.options()).clone();
    };
    const bool isAdamW = dynamic_cast<torch::optim::AdamW*>(&optimizer) != nullptr;
    const bool isAdam = dynamic_cast<torch::optim::Adam*>(&optimizer) != nullptr;
    for (const auto& [name, p] : params) {
        const std::string base = prefix + name + ".";
        if (isAdamW || isAdam) {
            const torch::Tensor step = get(base + "step", {});
            if (!step.defined()) continue;
            const torch::Tensor avg = get(base + "exp_avg", p), sq = get(base + "exp_avg_sq", p);
            if (!avg.defined() || !sq.defined())
                throw CheckpointError("optimizer state of '" + name + "' is incomplete");
            const torch::Tensor maxSq = get(base + "max_exp_avg_sq", p);
            const std::int64_t n = step.item<std::int64_t>();
            if (isAdamW)
                optimizer.state()[stateKey(p)] =
                    makeAdamState<torch::optim::AdamWParamState>(n, avg, sq, maxSq);
            else
                optimizer.state()[stateKey(p)] =
                    makeAdamState<torch::optim::AdamParamState>(n, avg, sq, maxSq);
        } else if (dynamic_cast<torch::optim::SGD*>(&optimizer)) {
            const torch::Tensor buf = get(base + "momentum_buffer", p);
            if (!buf.defined()) continue;
            auto s = std::make_unique<torch::optim::SGDParamState>();
            s->momentum_buffer(buf);
            optimizer.state()[stateKey(p)] = std::move(s);
        }
    }
}

std::int64_t countParameters(const std::vector<torch::Tensor>& params) {
    std::int64_t n = 0;
    for (const torch::Tensor& p : params)
        n += p.numel();
    return n;
}

void optimize(const torch::Tensor& loss, torch::optim::Optimizer& optimizer,
              const std::vector<torch::Tensor>& params, double maxNorm, StepResult& result) {
    optimizer.zero_grad();
    endPhase(StepPhase::Forward);
    loss.backward();
    applyGradients(loss.item<double>(), optimizer, params, maxNorm, result);
}

void applyGradients(double loss, torch::optim::Optimizer& optimizer,
                    const std::vector<torch::Tensor>& params, double maxNorm, StepResult& result) {
    endPhase(StepPhase::Backward);
    // A data-parallel run: the global batch's gradients and loss, the same on every process,
    // so that clipping, the divergence check and the step agree everywhere.
    if (StepSync* sync = stepSync()) {
        sync->reduceGradients(params);
        loss = sync->reduceLoss(loss);
    }
    // Without clipping the bound is infinite: the norm is measured, nothing is scaled.
    result.gradNorm = torch::nn::utils::clip_grad_norm_(
        params, maxNorm > 0.0 ? maxNorm : std::numeric_limits<double>::infinity());
    // An infinite or NaN gradient would turn every parameter it reaches into garbage.
    if (std::isfinite(result.gradNorm)) optimizer.step();
    result.loss = loss;
    endPhase(StepPhase::Optimizer);
}

namespace {
thread_local StepSync* tCurrentSync = nullptr;
}  // namespace

StepSync* stepSync() {
    return tCurrentSync;
}

ScopedStepSync::ScopedStepSync(StepSync* sync) : previous_(tCurrentSync) {
    tCurrentSync = sync;
}

ScopedStepSync::~ScopedStepSync() {
    tCurrentSync = previous_;
}

}  // namespace pf::learners
