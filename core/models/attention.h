#pragma once

#include <cstdint>

#include <torch/types.h>

namespace pf::models {

/// Multi-head self-attention with a fused input projection: the computation of timm's
/// `Attention` (qkv + proj) and of CLIP's `nn.MultiheadAttention` (in_proj + out_proj), shared
/// so that both towers get the same prompt and prefix support.
///
/// - x: [B, T, D]; inWeight: [3D, D]; inBias: [3D] or undefined; outWeight: [D, D]; outBias: [D]
///   or undefined; `heads` divides D.
/// - mask: optional additive [T, T] mask (e.g. causal: -inf above the diagonal).
/// - prefix: optional [B or 1, 2, Lp, D]: learnable keys (index 0) and values (index 1) put in
///   front of the keys and values of the tokens (prefix-tuning, as in DualPrompt). The output
///   keeps T tokens.
torch::Tensor multiHeadAttention(const torch::Tensor& x, const torch::Tensor& inWeight,
                                 const torch::Tensor& inBias, const torch::Tensor& outWeight,
                                 const torch::Tensor& outBias, int heads,
                                 const torch::Tensor& mask = {}, const torch::Tensor& prefix = {});

/// The fused CPU kernel (models/cpu_kernels.h, switched in models/fused_ops.h) takes the
/// attention itself when the tensors are CPU float32, the head dimension is a multiple of 8 up to
/// 64 and prefix + tokens are at most 64 (the built-in backbones); otherwise LibTorch's products
/// and softmax do. Both give the same values to float rounding.
/// Calls that took the fused kernel so far, in this process.
std::uint64_t fusedAttentionCalls();

}  // namespace pf::models
