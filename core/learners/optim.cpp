#include "learners/optim.h"

#include <torch/torch.h>

#include "common/error.h"

namespace pf::learners {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(std::vector<torch::Tensor> params,
                                                       const config::ExperimentOptions& o) {
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

std::int64_t countParameters(const std::vector<torch::Tensor>& params) {
    std::int64_t n = 0;
    for (const torch::Tensor& p : params)
        n += p.numel();
    return n;
}

}  // namespace pf::learners
