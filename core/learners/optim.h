#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/optim/optimizer.h>

#include "config/experiment_options.h"
#include "learners/learner.h"

namespace pf::learners {

/// The optimizer the experiment asks for (adamw, adam or sgd with momentum 0.9) over `params`.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(std::vector<torch::Tensor> params,
                                                       const config::TrainingOptions& options);

/// Sets the learning rate of every parameter group of `optimizer`.
void setLearningRate(torch::optim::Optimizer& optimizer, double lr);

/// Clips the global gradient norm of `params` to `maxNorm` (no-op when maxNorm <= 0).
void clipGradients(const std::vector<torch::Tensor>& params, double maxNorm);

/// Named tensors: what checkpoints hold.
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// The optimizer's per-parameter state as named tensors, for a safetensors checkpoint:
/// "<prefix><param name>.<field>" with Adam/AdamW fields step, exp_avg, exp_avg_sq (and
/// max_exp_avg_sq with amsgrad), SGD's momentum_buffer. Parameters without state are skipped.
NamedTensors optimizerStateTensors(torch::optim::Optimizer& optimizer, const NamedTensors& params,
                                   const std::string& prefix = "optimizer.");

/// Restores what optimizerStateTensors saved into an optimizer over the same named parameters.
/// Throws pf::CheckpointError naming a tensor whose shape does not fit its parameter.
void loadOptimizerState(torch::optim::Optimizer& optimizer, const NamedTensors& params,
                        const NamedTensors& state, const std::string& prefix = "optimizer.");

/// The end of every learner's training step: zero the gradients, backpropagate `loss`, clip
/// `params` to `maxNorm` and step - unless the gradients' global norm is not finite, when the
/// parameters are left as they were. Fills `result`'s loss and gradient norm; the step's
/// forward phase ends at the call (learners/step_phases.h).
void optimize(const torch::Tensor& loss, torch::optim::Optimizer& optimizer,
              const std::vector<torch::Tensor>& params, double maxNorm, StepResult& result);

/// The same end for gradients already in `params`' .grad (BatchSplit) whose loss was `loss`:
/// clip, step unless the norm is not finite, fill `result` (the backward phase ends at the call).
void applyGradients(double loss, torch::optim::Optimizer& optimizer,
                    const std::vector<torch::Tensor>& params, double maxNorm, StepResult& result);

/// Total element count of `params`.
std::int64_t countParameters(const std::vector<torch::Tensor>& params);

}  // namespace pf::learners
