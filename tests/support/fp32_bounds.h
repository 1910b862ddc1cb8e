#pragma once

#include <cstdint>
#include <string>

#include <torch/types.h>

/// How far apart two fp32 evaluations of one computation may lie when they differ only in the
/// order of their additions: another BLAS kernel (OpenBLAS picks one per CPU model, and its
/// generic Prescott kernel neither blocks nor fuses multiply-adds as Haswell's does), another
/// thread count, a batch split into parts, or a fused kernel against LibTorch's own ops. Tests
/// that compare such evaluations check against these bounds, derived from the computation,
/// instead of a tolerance that happened to pass on one machine. A comparison at the same thread
/// count and kernel stays exact.
namespace pf::test {

/// fp32's unit roundoff, 2^-24.
inline constexpr double kUnitRoundoff = 5.9604644775390625e-08;

/// gamma_n = n u / (1 - n u): a sum of n fp32 terms, added in any order, with or without fused
/// multiply-adds, lies within gamma_n * sum |terms| of the exact sum (Higham, Accuracy and
/// Stability of Numerical Algorithms, 2nd ed., section 3.1). Two orders: within twice that.
double gamma(std::int64_t n);

/// The bound, relative to the scale (largest magnitude) of the values compared, for results
/// each of which passes through at most `depth` reductions of at most `n` terms (matrix
/// products, norms, softmax sums), every reduction's terms no larger than the scale of its own
/// result, as in normalised layers: each evaluation is within depth * gamma_n of the exact
/// value, so two evaluations are within 2 * depth * gamma_n of each other. gamma_n is the
/// worst case; real rounding errors grow like sqrt(n) u, which leaves room for the gain of
/// layers that amplify (LayerNorm's 1/std, a softmax's slope).
double reorderBound(std::int64_t n, int depth);

/// Empty when max |a - b| <= relativeBound * scale; otherwise a message with the largest
/// difference, where it is, the scale and the bound, for QVERIFY2 (PF_TEST_BOUNDS_REPORT=1 prints
/// the share of its bound each call used). The scale is the sum of the
/// magnitudes of the terms where a test knows it (values that cancel), else max(|a|, |b|).
std::string beyondBound(const torch::Tensor& a, const torch::Tensor& b, double relativeBound,
                        double scale = -1.0);

}  // namespace pf::test

/// QVERIFY2 of beyondBound(a, b, bound), naming `what` with the figures when it fails.
#define PF_VERIFY_WITHIN(a, b, bound, what) PF_VERIFY_WITHIN_SCALE(a, b, bound, -1.0, what)

/// The same against a scale the test gives.
#define PF_VERIFY_WITHIN_SCALE(a, b, bound, scale, what)                                     \
    do {                                                                                     \
        const std::string pfWhy_ = ::pf::test::beyondBound((a), (b), (bound), (scale));      \
        QVERIFY2(pfWhy_.empty(), (std::string(what) + ": " + pfWhy_).c_str());               \
    } while (false)
