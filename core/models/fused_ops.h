#pragma once

#include <torch/types.h>

/// The fused CPU kernels (models/cpu_kernels.h) behind the models' attention and CLIP's
/// activation, and the switch that picks them or LibTorch's own operations.
namespace pf::models {

/// The CPU has AVX2 and FMA and this build has the kernels (x86-64 with GCC or Clang).
bool fusedKernelsSupported();
/// Supported and not switched off: multiHeadAttention() and quickGelu() take the kernels where
/// their shapes fit (CPU float32 tensors).
bool fusedKernelsEnabled();
/// Process-wide switch, on by default; off gives LibTorch's operations, for comparisons
/// (`pfstudio bench --kernels reference`). Both compute the same function to float rounding.
void setFusedKernels(bool enabled);

/// CLIP's QuickGELU, x * sigmoid(1.702 x): one fused pass forward and one backward on the CPU,
/// LibTorch's three (and four) element-wise operations elsewhere.
torch::Tensor quickGelu(const torch::Tensor& x);
/// The same, overwriting x, where autograd does not need x (evaluation).
torch::Tensor quickGelu_(torch::Tensor& x);

}  // namespace pf::models
