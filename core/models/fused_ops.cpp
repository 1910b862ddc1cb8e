#include "models/fused_ops.h"

#include <algorithm>
#include <atomic>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "models/cpu_kernels.h"

namespace pf::models {
namespace {

std::atomic<bool> enabled{true};

/// Elements per parallel chunk of an element-wise kernel: ~64 KB in, so that each OpenMP
/// task is worth its wake-up.
constexpr std::int64_t kElementGrain = 16384;

#if defined(PF_CPU_KERNELS_AVX2)
/// Rows per parallel task of LayerNorm, and per partial sum of its parameter gradients.
constexpr std::int64_t kRowBlock = 64;

torch::Tensor layerNormForward(const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, double eps, torch::Tensor* mean,
                               torch::Tensor* rstd) {
    const std::int64_t d = x.size(-1), rows = x.numel() / d;
    torch::Tensor y = torch::empty_like(x);
    if (mean) *mean = torch::empty({rows}, x.options());
    if (rstd) *rstd = torch::empty({rows}, x.options());
    const float *src = x.data_ptr<float>(), *w = weight.data_ptr<float>(),
                *b = bias.data_ptr<float>();
    float* dst = y.data_ptr<float>();
    float* mu = mean ? mean->data_ptr<float>() : nullptr;
    float* s = rstd ? rstd->data_ptr<float>() : nullptr;
    at::parallel_for(0, rows, kRowBlock, [&](std::int64_t begin, std::int64_t end) {
        kernel::layerNormForwardAvx2(src + begin * d, w, b, dst + begin * d,
                                     mu ? mu + begin : nullptr, s ? s + begin : nullptr,
                                     long(end - begin), long(d), float(eps));
    });
    return y;
}

/// LayerNorm as one autograd node: saves x, weight and each row's mean and 1 / std.
class FusedLayerNorm : public torch::autograd::Function<FusedLayerNorm> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x,
                                 torch::Tensor weight, torch::Tensor bias, double eps) {
        torch::Tensor mean, rstd;
        torch::Tensor y = layerNormForward(x, weight, bias, eps, &mean, &rstd);
        ctx->save_for_backward({x, weight, mean, rstd});
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &x = saved[0], &weight = saved[1], &mean = saved[2], &rstd = saved[3];
        const torch::Tensor gradY = grads[0].contiguous();
        const std::int64_t d = x.size(-1), rows = x.numel() / d;
        const std::int64_t blocks = (rows + kRowBlock - 1) / kRowBlock;
        torch::Tensor gradX, partialW, partialB;
        if (ctx->needs_input_grad(0)) gradX = torch::empty_like(x);
        if (ctx->needs_input_grad(1)) partialW = torch::empty({blocks, d}, x.options());
        if (ctx->needs_input_grad(2)) partialB = torch::empty({blocks, d}, x.options());
        const float *src = x.data_ptr<float>(), *w = weight.data_ptr<float>(),
                    *mu = mean.data_ptr<float>(), *s = rstd.data_ptr<float>(),
                    *gy = gradY.data_ptr<float>();
        float* gx = gradX.defined() ? gradX.data_ptr<float>() : nullptr;
        float* pw = partialW.defined() ? partialW.data_ptr<float>() : nullptr;
        float* pb = partialB.defined() ? partialB.data_ptr<float>() : nullptr;
        at::parallel_for(0, blocks, 1, [&](std::int64_t first, std::int64_t last) {
            for (std::int64_t block = first; block < last; ++block) {
                const std::int64_t r = block * kRowBlock, n = std::min(kRowBlock, rows - r);
                kernel::layerNormBackwardAvx2(
                    src + r * d, w, mu + r, s + r, gy + r * d, gx ? gx + r * d : nullptr,
                    pw ? pw + block * d : nullptr, pb ? pb + block * d : nullptr, long(n), long(d));
            }
        });
        // The blocks' partial sums, added in block order.
        auto total = [&](const torch::Tensor& partial) {
            if (!partial.defined()) return torch::Tensor();
            torch::Tensor sum = torch::zeros({d}, x.options());
            float* out = sum.data_ptr<float>();
            const float* in = partial.data_ptr<float>();
            for (std::int64_t block = 0; block < blocks; ++block)
                for (std::int64_t c = 0; c < d; ++c)
                    out[c] += in[block * d + c];
            return sum;
        };
        return {gradX, total(partialW), total(partialB), torch::Tensor()};
    }
};

torch::Tensor quickGeluForward(const torch::Tensor& x, torch::Tensor* out) {
    const torch::Tensor in = x.contiguous();
    torch::Tensor y = out ? *out : torch::empty_like(in);
    const float* src = in.data_ptr<float>();
    float* dst = y.data_ptr<float>();
    at::parallel_for(0, in.numel(), kElementGrain, [&](std::int64_t begin, std::int64_t end) {
        kernel::quickGeluForwardAvx2(src + begin, dst + begin, long(end - begin));
    });
    return y;
}

/// QuickGELU as one autograd node: saves x, recomputes sigmoid in the backward pass.
class FusedQuickGelu : public torch::autograd::Function<FusedQuickGelu> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x) {
        const torch::Tensor in = x.contiguous();
        ctx->save_for_backward({in});
        return quickGeluForward(in, nullptr);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const torch::Tensor x = ctx->get_saved_variables()[0];
        const torch::Tensor gradY = grads[0].contiguous();
        torch::Tensor gradX = torch::empty_like(x);
        const float *src = x.data_ptr<float>(), *gy = gradY.data_ptr<float>();
        float* gx = gradX.data_ptr<float>();
        at::parallel_for(0, x.numel(), kElementGrain, [&](std::int64_t begin, std::int64_t end) {
            kernel::quickGeluBackwardAvx2(src + begin, gy + begin, gx + begin, long(end - begin));
        });
        return {gradX};
    }
};
#endif

}  // namespace

bool fusedKernelsSupported() {
#if defined(PF_CPU_KERNELS_AVX2)
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
#else
    return false;
#endif
}

bool fusedKernelsEnabled() {
    return enabled.load(std::memory_order_relaxed) && fusedKernelsSupported();
}

bool fusedKernelsTake(const torch::Tensor& t) {
    return fusedKernelsEnabled() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32;
}

void setFusedKernels(bool on) {
    enabled.store(on);
}

torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& weight,
                        const torch::Tensor& bias, double eps) {
    const std::int64_t d = x.size(-1);
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusedKernelsTake(x) && d % 8 == 0 && weight.defined() && bias.defined() &&
        fusedKernelsTake(weight) && fusedKernelsTake(bias) && weight.numel() == d &&
        bias.numel() == d) {
        const torch::Tensor in = x.contiguous();
        if (torch::GradMode::is_enabled() &&
            (x.requires_grad() || weight.requires_grad() || bias.requires_grad()))
            return FusedLayerNorm::apply(in, weight.contiguous(), bias.contiguous(), eps);
        return layerNormForward(in, weight.contiguous(), bias.contiguous(), eps, nullptr, nullptr);
    }
#endif
    return torch::layer_norm(x, {d}, weight, bias, eps);
}

torch::Tensor quickGelu(const torch::Tensor& x) {
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusedKernelsTake(x))
        return torch::GradMode::is_enabled() && x.requires_grad() ? FusedQuickGelu::apply(x)
                                                                  : quickGeluForward(x, nullptr);
#endif
    return x * torch::sigmoid(1.702 * x);
}

torch::Tensor quickGelu_(torch::Tensor& x) {
    TORCH_CHECK(!(torch::GradMode::is_enabled() && x.requires_grad()),
                "quickGelu_ overwrites its input: only without autograd");
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusedKernelsTake(x) && x.is_contiguous()) {
        quickGeluForward(x, &x);
        return x;
    }
#endif
    return x.mul_(torch::sigmoid(1.702 * x));
}

}  // namespace pf::models
