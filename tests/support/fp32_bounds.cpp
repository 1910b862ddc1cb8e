#include "fp32_bounds.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <cstdio>
#include <cstdlib>

#include <torch/torch.h>

namespace pf::test {

double gamma(std::int64_t n) {
    const double nu = static_cast<double>(n) * kUnitRoundoff;
    return nu / (1.0 - nu);
}

double reorderBound(std::int64_t n, int depth) {
    return 2.0 * depth * gamma(n);
}

std::string beyondBound(const torch::Tensor& a, const torch::Tensor& b, double relativeBound,
                        double scale) {
    if (!a.sizes().equals(b.sizes())) {
        std::ostringstream s;
        s << "shapes differ: " << a.sizes() << " and " << b.sizes();
        return s.str();
    }
    if (a.numel() == 0) return {};
    const torch::Tensor x = a.detach().to(torch::kCPU, torch::kFloat64);
    const torch::Tensor y = b.detach().to(torch::kCPU, torch::kFloat64);
    if (!torch::equal(x.isnan(), y.isnan())) return "NaN in one and not the other";
    const torch::Tensor inf = x.isinf().logical_or(y.isinf());
    if (!torch::equal(x.masked_select(inf), y.masked_select(inf))) return "infinities differ";
    const torch::Tensor other = x.isfinite().logical_not();  // NaN or infinite in both, alike
    const torch::Tensor diff = (x - y).abs().masked_fill(other, 0.0).flatten();
    if (scale < 0.0)
        scale = std::max(x.masked_fill(other, 0.0).abs().max().item<double>(),
                         y.masked_fill(other, 0.0).abs().max().item<double>());
    const std::int64_t worst = diff.argmax().item<std::int64_t>();
    const double largest = diff[worst].item<double>();
    // PF_TEST_BOUNDS_REPORT=1 prints how much of its bound each comparison used: the margin
    // left on this machine, kernel and thread count.
    if (std::getenv("PF_TEST_BOUNDS_REPORT"))
        std::fprintf(stderr, "bound used: %.2f%% (difference %.3g of the scale, bound %.3g)\n",
                     100.0 * largest / std::max(scale, 1e-300) / relativeBound,
                     largest / std::max(scale, 1e-300), relativeBound);
    if (largest <= relativeBound * scale) return {};
    std::ostringstream s;
    s << "largest difference " << largest << " at flat index " << worst << " ("
      << x.flatten()[worst].item<double>() << " against " << y.flatten()[worst].item<double>()
      << "), " << largest / std::max(scale, 1e-300) << " of the scale " << scale
      << ", bound " << relativeBound;
    return s.str();
}

}  // namespace pf::test
