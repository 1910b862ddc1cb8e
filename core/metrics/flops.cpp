#include "metrics/flops.h"

namespace pf::metrics {
namespace {

// The products with weights (qkv, output projection, MLP) and the attention's two products.
double weightProducts(const TransformerShape& s) {
    const double t = static_cast<double>(s.tokens), d = static_cast<double>(s.dim),
                 h = static_cast<double>(s.hidden);
    return 2.0 * t * d * 3.0 * d + 2.0 * t * d * d + 2.0 * 2.0 * t * d * h;
}

double attentionProducts(const TransformerShape& s) {
    const double t = static_cast<double>(s.tokens), d = static_cast<double>(s.dim),
                 keys = static_cast<double>(s.tokens + s.prefix);
    return 2.0 * 2.0 * t * keys * d;
}

}  // namespace

double transformerForwardFlops(const TransformerShape& s) {
    return static_cast<double>(s.depth) * (weightProducts(s) + attentionProducts(s));
}

double transformerBackwardFlops(const TransformerShape& s, bool weightGradients) {
    const double perBlock =
        weightProducts(s) * (weightGradients ? 2.0 : 1.0) + 2.0 * attentionProducts(s);
    return static_cast<double>(s.depth) * perBlock;
}

double patchEmbedFlops(std::int64_t imageSize, std::int64_t patch, std::int64_t channels,
                       std::int64_t dim) {
    const double n = static_cast<double>((imageSize / patch) * (imageSize / patch));
    return 2.0 * n * static_cast<double>(channels * patch * patch) * static_cast<double>(dim);
}

}  // namespace pf::metrics
