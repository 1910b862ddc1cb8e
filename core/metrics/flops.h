#pragma once

#include <cstdint>

/// Analytic FLOP counts of the models' matrix products (2 FLOPs per multiply-add), for the
/// benchmark's "achieved GFLOP/s". Element-wise work (norms, softmax, GELU, adds) is left out:
/// it is memory-bound and small next to the products at these widths.
namespace pf::metrics {

/// One pass of a pre-norm transformer over `tokens` tokens per sequence.
struct TransformerShape {
    std::int64_t tokens = 0;  ///< sequence length (class token and prompts included)
    std::int64_t dim = 0;     ///< token width
    std::int64_t hidden = 0;  ///< MLP width
    std::int64_t depth = 0;   ///< blocks
    std::int64_t prefix = 0;  ///< key/value prefix tokens per block (prefix-tuning), 0 = none
};

/// Forward FLOPs of one sequence: per block the qkv projection 2 T D 3D, the scores and the
/// weighted sum 2 x 2 T (T + prefix) D, the output projection 2 T D D and the MLP 2 x 2 T D H.
double transformerForwardFlops(const TransformerShape& s);

/// Backward FLOPs of one sequence. Every product needs the gradient of its input (the same FLOPs
/// as forward; the attention's two products have two inputs each, so twice theirs); with
/// `weightGradients` the projections' and MLP's weight gradients add their forward FLOPs again.
double transformerBackwardFlops(const TransformerShape& s, bool weightGradients);

/// A non-overlapping patch embedding (strided convolution) of one image: 2 N C p^2 D.
double patchEmbedFlops(std::int64_t imageSize, std::int64_t patch, std::int64_t channels,
                       std::int64_t dim);

/// A linear layer on one vector: 2 in out.
inline double linearFlops(std::int64_t in, std::int64_t out) {
    return 2.0 * static_cast<double>(in) * static_cast<double>(out);
}

}  // namespace pf::metrics
