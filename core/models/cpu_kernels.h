#pragma once

// Fused CPU kernels for the small shapes of the built-in backbones, in AVX2/FMA code
// (cpu_kernels_avx2.cpp, the only file built with -mavx2 -mfma, called only after a runtime CPU
// check in models/fused_ops.cpp). Each runs with denormals flushed to zero on its thread (a
// denormal costs a ~100-cycle microcode assist; MXCSR is restored on return).
//
// Attention: softmax(Q K^T * scale + mask) V, forward and backward, one (image, head) problem at a
// time. LibTorch runs each head's two products as a separate BLAS call (bmm over [B x H] matrices
// of 21 x 16 x 21 on the tiny ViT), plus a softmax kernel that is slow on rows of 21; per call the
// overhead is larger than the arithmetic. Here one problem's products, softmax and their
// gradients stay in registers and L1.
//
// LayerNorm over rows of the tiny width (64), forward and backward, where LibTorch's kernel
// takes ~7x the time of one pass over the data.
//
// QuickGELU (CLIP's activation), x * sigmoid(1.702 x), and its gradient in one pass each, where
// LibTorch takes three element-wise passes forward and four backward.
//
// This header is plain C++ with no includes on purpose: it is included by that file, and any
// inline function it pulled in would be compiled with AVX2 there and could be the copy the
// linker keeps for every caller.

namespace pf::models::kernel {

/// Largest key count (prefix + tokens) and head dimension the kernel takes; the head dimension
/// must also be a multiple of 8. Larger problems go to LibTorch, whose BLAS calls pay off there.
constexpr long kMaxKeys = 64;
constexpr long kMaxHeadDim = 64;

/// One multi-head attention over a batch, in the layouts the callers have at hand. n = b * H + h
/// numbers the problems. Token t of image b: q, k, v at `qkv + (b*T + t)*3*C + {0, C, 2C} + h*Dh`
/// with C = H * Dh (the qkv projection's output [B, T, 3, H, Dh], contiguous).
struct AttentionProblem {
    long batch = 0, heads = 0, tokens = 0, prefix = 0, headDim = 0;
    float scale = 1.f;
    const float* qkv = nullptr;       ///< [B, T, 3, H, Dh]
    const float* prefixKV = nullptr;  ///< [1 or B, 2, Lp, C]: keys then values, or null
    bool prefixShared = false;        ///< prefixKV has one image for all
    const float* mask = nullptr;      ///< additive [T, T] over the tokens' keys, or null
    /// [B, H, T, W] with W = keys rounded up to 8: the softmax (0 past the keys). Written by the
    /// forward pass when not null, read by the backward pass.
    float* probs = nullptr;
    float* out = nullptr;            ///< [B, T, H, Dh] (= [B, T, C])
    const float* gradOut = nullptr;  ///< [B, T, C]
    float* gradQkv = nullptr;        ///< [B, T, 3, H, Dh], every element written
    float* gradPrefix = nullptr;     ///< [B, 2, Lp, C] per image, or null for none
};

/// Keys rounded up to a multiple of 8 (the row length of `probs`).
// (static: internal linkage, so no copy compiled with AVX2 can stand in for these.)
static inline long paddedKeys(const AttentionProblem& p) {
    return (p.prefix + p.tokens + 7) / 8 * 8;
}

/// Floats of work space one thread needs.
static inline long scratchFloats(const AttentionProblem& p) {
    const long w = paddedKeys(p), t = p.tokens, tp = (t + 7) / 8 * 8, d = p.headDim;
    return 2 * d * w + t * w + 2 * w * tp + 2 * t * d;
}

/// Problems [begin, end), with `scratch` holding scratchFloats() floats, 32-byte aligned. Both
/// need an AVX2 and FMA CPU.
void attentionForwardAvx2(const AttentionProblem& p, float* scratch, long begin, long end);
void attentionBackwardAvx2(const AttentionProblem& p, float* scratch, long begin, long end);

/// LayerNorm over rows of d floats (d a multiple of 8): y = (x - mean) / sqrt(var + eps) * w + b,
/// with each row's mean and 1 / sqrt(var + eps) written to mean and rstd when not null.
void layerNormForwardAvx2(const float* x, const float* w, const float* b, float* y, float* mean,
                          float* rstd, long rows, long d, float eps);
/// Its backward pass over the same rows: gradX (if not null) per row; gradW and gradB (if not
/// null) summed over these rows, in row order.
void layerNormBackwardAvx2(const float* x, const float* w, const float* mean, const float* rstd,
                           const float* gradY, float* gradX, float* gradW, float* gradB, long rows,
                           long d);

/// y[i] = x[i] * sigmoid(1.702 x[i]) for i < n; y may be x.
void quickGeluForwardAvx2(const float* x, float* y, long n);
/// gradX[i] = gradY[i] * d/dx (x sigmoid(1.702 x)) at x[i], for i < n; gradX may be gradY.
void quickGeluBackwardAvx2(const float* x, const float* gradY, float* gradX, long n);

}  // namespace pf::models::kernel
