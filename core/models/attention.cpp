#include "models/attention.h"

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "models/cpu_kernels.h"
#include "models/fused_ops.h"

namespace pf::models {
namespace {

std::atomic<std::uint64_t> fusedCalls{0};

#if defined(PF_CPU_KERNELS_AVX2)

/// The kernel's view of one call: shapes and input pointers.
kernel::AttentionProblem describe(const torch::Tensor& qkv, const torch::Tensor& prefix,
                                  const torch::Tensor& mask, int64_t heads) {
    kernel::AttentionProblem p;
    p.batch = qkv.size(0);
    p.tokens = qkv.size(1);
    p.heads = heads;
    p.headDim = qkv.size(2) / 3 / heads;
    p.scale = float(1.0 / std::sqrt(double(p.headDim)));
    p.qkv = qkv.data_ptr<float>();
    if (prefix.numel()) {
        p.prefix = prefix.size(2);
        p.prefixKV = prefix.data_ptr<float>();
        p.prefixShared = prefix.size(0) == 1;
    }
    if (mask.numel()) p.mask = mask.data_ptr<float>();
    return p;
}

/// Runs `pass` over all (image, head) problems on the calling thread's intra-op threads, each
/// chunk with a work space of its own. Each problem's arithmetic is the same whatever the
/// split, so results do not depend on the thread count.
template <typename Pass>
void forEachProblem(const kernel::AttentionProblem& p, Pass pass) {
    const long problems = p.batch * p.heads;
    const long scratch = kernel::scratchFloats(p);
    at::parallel_for(0, problems, 8, [&](int64_t begin, int64_t end) {
        std::unique_ptr<float, decltype(&std::free)> space(
            static_cast<float*>(std::aligned_alloc(64, (scratch * sizeof(float) + 63) / 64 * 64)),
            &std::free);
        TORCH_CHECK(space, "out of memory for the attention kernel's work space");
        pass(p, space.get(), long(begin), long(end));
    });
}

torch::Tensor fusedForward(const torch::Tensor& qkv, const torch::Tensor& prefix,
                           const torch::Tensor& mask, int64_t heads, torch::Tensor* probs) {
    kernel::AttentionProblem p = describe(qkv, prefix, mask, heads);
    torch::Tensor out = torch::empty({p.batch, p.tokens, p.heads * p.headDim}, qkv.options());
    p.out = out.data_ptr<float>();
    if (probs) {
        *probs = torch::empty({p.batch, p.heads, p.tokens, kernel::paddedKeys(p)}, qkv.options());
        p.probs = probs->data_ptr<float>();
    }
    forEachProblem(p, kernel::attentionForwardAvx2);
    return out;
}

/// softmax(q k^T / sqrt(dh) + mask) v as one autograd node, with the kernel's backward pass.
/// Inputs: qkv [B, T, 3D] contiguous, prefix [1 or B, 2, Lp, D] contiguous or empty, mask
/// [T, T] contiguous or empty (never differentiated). Output [B, T, D]. (Empty, not undefined:
/// autograd's apply() needs every tensor input defined.)
class FusedAttention : public torch::autograd::Function<FusedAttention> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor qkv,
                                 torch::Tensor prefix, torch::Tensor mask, int64_t heads) {
        torch::Tensor probs;
        torch::Tensor out = fusedForward(qkv, prefix, mask, heads, &probs);
        ctx->save_for_backward({qkv, prefix, mask, probs});
        ctx->saved_data["heads"] = heads;
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &qkv = saved[0], &prefix = saved[1], &mask = saved[2];
        torch::Tensor probs = saved[3];
        const torch::Tensor gradOut = grads[0].contiguous();
        kernel::AttentionProblem p = describe(qkv, prefix, mask, ctx->saved_data["heads"].toInt());
        p.probs = probs.data_ptr<float>();
        p.gradOut = gradOut.data_ptr<float>();
        torch::Tensor gradQkv = torch::empty_like(qkv);
        p.gradQkv = gradQkv.data_ptr<float>();
        torch::Tensor gradPrefix;
        if (prefix.numel() && ctx->needs_input_grad(1)) {
            gradPrefix = torch::empty({p.batch, 2, p.prefix, p.heads * p.headDim}, qkv.options());
            p.gradPrefix = gradPrefix.data_ptr<float>();
        }
        forEachProblem(p, kernel::attentionBackwardAvx2);
        if (gradPrefix.defined() && prefix.size(0) == 1 && p.batch > 1)
            gradPrefix = gradPrefix.sum(0, true);
        if (!ctx->needs_input_grad(0)) gradQkv = torch::Tensor();
        return {gradQkv, gradPrefix, torch::Tensor(), torch::Tensor()};
    }
};

/// Whether this call can take the fused kernel: the qkv projection [B, T, 3D] CPU float32 (not
/// bf16 under autocast), head dimension a multiple of 8 up to kMaxHeadDim, prefix + tokens up to
/// kMaxKeys, a constant [T, T] mask.
bool fusable(const torch::Tensor& projected, int64_t heads, const torch::Tensor& mask,
             const torch::Tensor& prefix) {
    if (!fusedKernelsTake(projected)) return false;
    const auto t = projected.size(1), dh = projected.size(2) / 3 / heads;
    if (dh % 8 != 0 || dh > kernel::kMaxHeadDim) return false;
    const auto lp = prefix.defined() ? prefix.size(2) : 0;
    if (t + lp > kernel::kMaxKeys) return false;
    if (mask.defined() && (!fusedKernelsTake(mask) || mask.requires_grad() || mask.dim() != 2 ||
                           mask.size(0) != t || mask.size(1) != t))
        return false;
    return !prefix.defined() || fusedKernelsTake(prefix);
}

#endif

}  // namespace

std::uint64_t fusedAttentionCalls() {
    return fusedCalls.load();
}

torch::Tensor multiHeadAttention(const torch::Tensor& x, const torch::Tensor& inWeight,
                                 const torch::Tensor& inBias, const torch::Tensor& outWeight,
                                 const torch::Tensor& outBias, int heads, const torch::Tensor& mask,
                                 const torch::Tensor& prefix) {
    const auto b = x.size(0), t = x.size(1), d = x.size(2);
    const auto dh = d / heads;
    if (prefix.defined())
        TORCH_CHECK(prefix.dim() == 4 && prefix.size(1) == 2 && prefix.size(3) == d &&
                        (prefix.size(0) == 1 || prefix.size(0) == b),
                    "prefix must be [B or 1, 2, Lp, D]");
    const torch::Tensor projected = torch::linear(x, inWeight, inBias);  // [B, T, 3D]
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusable(projected, heads, mask, prefix)) {
        fusedCalls.fetch_add(1, std::memory_order_relaxed);
        const torch::Tensor qkv = projected.contiguous();
        const torch::Tensor none = torch::empty({0}, qkv.options());
        const torch::Tensor pre = prefix.defined() ? prefix.contiguous() : none;
        const torch::Tensor msk = mask.defined() ? mask.contiguous() : none;
        const bool differentiate =
            torch::GradMode::is_enabled() && (qkv.requires_grad() || pre.requires_grad());
        const torch::Tensor out = differentiate
                                      ? FusedAttention::apply(qkv, pre, msk, int64_t(heads))
                                      : fusedForward(qkv, pre, msk, heads, nullptr);
        return torch::linear(out, outWeight, outBias);
    }
#endif
    // [B, T, 3, H, Dh] -> [3, B, H, T, Dh]
    const torch::Tensor qkv = projected.reshape({b, t, 3, heads, dh}).permute({2, 0, 3, 1, 4});
    const torch::Tensor q = qkv[0];
    torch::Tensor k = qkv[1], v = qkv[2];
    torch::Tensor additive = mask;
    if (prefix.defined()) {
        const auto lp = prefix.size(2);
        // [B, Lp, D] -> [B, H, Lp, Dh]
        auto split = [&](int which) {
            return prefix.select(1, which)
                .expand({b, lp, d})
                .reshape({b, lp, heads, dh})
                .permute({0, 2, 1, 3});
        };
        k = torch::cat({split(0), k}, 2);
        v = torch::cat({split(1), v}, 2);
        if (additive.defined())
            additive = torch::cat({torch::zeros({t, lp}, additive.options()), additive}, 1);
    }
    torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(dh)));
    if (additive.defined()) scores = scores + additive;
    const torch::Tensor out =
        torch::matmul(torch::softmax(scores, -1), v).transpose(1, 2).reshape({b, t, d});
    return torch::linear(out, outWeight, outBias);
}

}  // namespace pf::models
