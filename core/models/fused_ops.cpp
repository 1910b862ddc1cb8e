#include "models/fused_ops.h"

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

bool fusable(const torch::Tensor& x) {
    return fusedKernelsEnabled() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32;
}

#if defined(PF_CPU_KERNELS_AVX2)
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

void setFusedKernels(bool on) {
    enabled.store(on);
}

torch::Tensor quickGelu(const torch::Tensor& x) {
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusable(x))
        return torch::GradMode::is_enabled() && x.requires_grad() ? FusedQuickGelu::apply(x)
                                                                  : quickGeluForward(x, nullptr);
#endif
    return x * torch::sigmoid(1.702 * x);
}

torch::Tensor quickGelu_(torch::Tensor& x) {
    TORCH_CHECK(!(torch::GradMode::is_enabled() && x.requires_grad()),
                "quickGelu_ overwrites its input: only without autograd");
#if defined(PF_CPU_KERNELS_AVX2)
    if (fusable(x) && x.is_contiguous()) {
        quickGeluForward(x, &x);
        return x;
    }
#endif
    return x.mul_(torch::sigmoid(1.702 * x));
}

}  // namespace pf::models
