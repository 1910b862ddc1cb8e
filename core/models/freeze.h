#pragma once

#include <string>
#include <vector>

#include <torch/nn/module.h>

namespace pf::models {

/// Freezes `module` but for the named parameter groups: parameters whose name starts with one
/// of `trainable` keep requires_grad, every other one loses it. Returns the trainable ones.
std::vector<torch::Tensor> freezeAllExcept(torch::nn::Module& module,
                                           const std::vector<std::string>& trainable);

/// Parameters of `module` that require gradients.
std::vector<torch::Tensor> trainableParameters(const torch::nn::Module& module);

}  // namespace pf::models
