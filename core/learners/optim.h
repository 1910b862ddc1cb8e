#pragma once

#include <memory>
#include <vector>

#include <torch/optim/optimizer.h>

#include "config/experiment_config.h"

namespace pf::learners {

/// The optimizer the experiment asks for (adamw, adam or sgd with momentum 0.9) over `params`.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(std::vector<torch::Tensor> params,
                                                       const config::ExperimentOptions& options);

/// Sets the learning rate of every parameter group of `optimizer`.
void setLearningRate(torch::optim::Optimizer& optimizer, double lr);

/// Clips the global gradient norm of `params` to `maxNorm` (no-op when maxNorm <= 0).
void clipGradients(const std::vector<torch::Tensor>& params, double maxNorm);

/// Total element count of `params`.
std::int64_t countParameters(const std::vector<torch::Tensor>& params);

}  // namespace pf::learners
