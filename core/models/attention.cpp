#include "models/attention.h"

#include <cmath>

#include <torch/torch.h>

namespace pf::models {

torch::Tensor multiHeadAttention(const torch::Tensor& x, const torch::Tensor& inWeight,
                                 const torch::Tensor& inBias, const torch::Tensor& outWeight,
                                 const torch::Tensor& outBias, int heads, const torch::Tensor& mask,
                                 const torch::Tensor& prefix) {
    const auto b = x.size(0), t = x.size(1), d = x.size(2);
    const auto dh = d / heads;
    // [B, T, 3, H, Dh] -> [3, B, H, T, Dh]
    const torch::Tensor qkv =
        torch::linear(x, inWeight, inBias).reshape({b, t, 3, heads, dh}).permute({2, 0, 3, 1, 4});
    const torch::Tensor q = qkv[0];
    torch::Tensor k = qkv[1], v = qkv[2];
    torch::Tensor additive = mask;
    if (prefix.defined()) {
        TORCH_CHECK(prefix.dim() == 4 && prefix.size(1) == 2 && prefix.size(3) == d,
                    "prefix must be [B or 1, 2, Lp, D]");
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
