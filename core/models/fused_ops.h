#pragma once

#include <torch/types.h>

/// The fused CPU kernels (models/cpu_kernels.h) behind the models' attention, LayerNorm and CLIP's
/// activation, and the switch that picks them or LibTorch's own operations.
namespace pf::models {

/// The CPU has AVX2 and FMA and this build has the kernels (x86-64 with GCC or Clang).
bool fusedKernelsSupported();
/// Supported and not switched off: multiHeadAttention(), layerNorm() and quickGelu() take the
/// kernels where their shapes fit (CPU float32 tensors).
bool fusedKernelsEnabled();
/// Enabled, and `t` is a CPU float32 tensor: the condition every kernel starts from (each adds
/// its own shape limits).
bool fusedKernelsTake(const torch::Tensor& t);
/// Process-wide switch, on by default; off gives LibTorch's operations, for comparisons
/// (`pfstudio bench --kernels reference`). Both compute the same function to float rounding.
void setFusedKernels(bool enabled);

/// LayerNorm over the last dimension with weight and bias (both defined): the kernel on CPU
/// float32 with a last dimension that is a multiple of 8, else torch::layer_norm. Parameter
/// gradients are summed over fixed blocks of rows, in order: the same bits on any thread count.
torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& weight,
                        const torch::Tensor& bias, double eps);
/// The same for a torch::nn::LayerNorm module (its weight, bias and epsilon).
template <typename Module>
torch::Tensor layerNorm(const Module& norm, const torch::Tensor& x) {
    return layerNorm(x, norm->weight, norm->bias, norm->options.eps());
}

/// CLIP's QuickGELU, x * sigmoid(1.702 x): one fused pass forward and one backward on the CPU,
/// LibTorch's three (and four) element-wise operations elsewhere.
torch::Tensor quickGelu(const torch::Tensor& x);
/// The same, overwriting x, where autograd does not need x (evaluation).
torch::Tensor quickGelu_(torch::Tensor& x);

}  // namespace pf::models
