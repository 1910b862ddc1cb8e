// The fused CPU kernels in AVX2 and FMA. This file alone is built with -mavx2 -mfma (see
// core/CMakeLists.txt) and is only called after models/attention.cpp has checked the CPU, so it
// includes nothing but its own plain header and the intrinsics.
//
// Every product of a problem is one shape: rows of A (any row stride) times a packed B whose
// rows are whole 8-float vectors, accumulated over k in registers. The softmax uses a Cephes
// style exp (error under 2 ulp) on 8 lanes.

#include "models/cpu_kernels.h"

#include <immintrin.h>

namespace pf::models::kernel {
namespace {

#define PF_UNROLL _Pragma("GCC unroll 16")

/// c[r, 0:8*NW] = sum over p < k of a[r*lda + p] * b[p, 0:8*NW], for R rows; b packed
/// [k][8*NW], 32-byte aligned.
template <int NW, int R>
inline void gemmBlock(long k, const float* a, long lda, const float* b, float* c, long ldc) {
    __m256 acc[R][NW];
    PF_UNROLL for (int r = 0; r < R; ++r) PF_UNROLL for (int w = 0; w < NW; ++w) acc[r][w] =
        _mm256_setzero_ps();
    for (long p = 0; p < k; ++p) {
        const float* bp = b + p * 8 * NW;
        __m256 x[R];
        PF_UNROLL for (int r = 0; r < R; ++r) x[r] = _mm256_broadcast_ss(a + r * lda + p);
        PF_UNROLL for (int w = 0; w < NW; ++w) {
            const __m256 bw = _mm256_load_ps(bp + 8 * w);
            PF_UNROLL for (int r = 0; r < R; ++r) acc[r][w] = _mm256_fmadd_ps(x[r], bw, acc[r][w]);
        }
    }
    PF_UNROLL for (int r = 0; r < R; ++r) PF_UNROLL for (int w = 0; w < NW; ++w)
        _mm256_storeu_ps(c + r * ldc + 8 * w, acc[r][w]);
}

template <int NW>
void gemmRowsOf(long rows, long k, const float* a, long lda, const float* b, float* c, long ldc) {
    // As many rows at once as keep every accumulator, the row's broadcasts and one B vector in
    // the 16 registers: several independent FMA chains hide the FMA latency.
    constexpr int R = NW == 1 ? 6 : NW == 2 ? 4 : NW <= 4 ? 2 : 1;
    long i = 0;
    for (; i + R <= rows; i += R)
        gemmBlock<NW, R>(k, a + i * lda, lda, b, c + i * ldc, ldc);
    for (; i < rows; ++i)
        gemmBlock<NW, 1>(k, a + i * lda, lda, b, c + i * ldc, ldc);
}

/// Calls f(Vectors<n>{}) for n in 1..8 (the vectors of 8 floats in a row), so that the kernels'
/// loops over vectors have compile-time bounds.
template <int N>
struct Vectors {
    static constexpr int value = N;
};

template <typename F>
void withVectors(long n, F&& f) {
    switch (n) {
        case 1:
            return f(Vectors<1>{});
        case 2:
            return f(Vectors<2>{});
        case 3:
            return f(Vectors<3>{});
        case 4:
            return f(Vectors<4>{});
        case 5:
            return f(Vectors<5>{});
        case 6:
            return f(Vectors<6>{});
        case 7:
            return f(Vectors<7>{});
        default:
            return f(Vectors<8>{});
    }
}

/// c = a b, with b's row 8 * nw floats wide (nw in 1..8).
void gemmRows(long nw, long rows, long k, const float* a, long lda, const float* b, float* c,
              long ldc) {
    withVectors(nw, [&](auto n) { gemmRowsOf<decltype(n)::value>(rows, k, a, lda, b, c, ldc); });
}

float horizontalSum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

float horizontalMax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

/// exp on 8 lanes: exactly 0 below -87 (and for -inf), NaN kept. The cut-off keeps every
/// result a normal float: a denormal one costs a microcode assist of ~100 cycles, and the padding
/// lanes of every softmax row (-inf) would pay it at -87.34, where 2^-126 times a polynomial just
/// under 1 is denormal. Below e^-87 = 1.6e-38 the exact value is lost to 0, as it is in float
/// anyway next to the row's largest term of 1.
__m256 exp8(__m256 x) {
    const __m256 nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    const __m256 underflow = _mm256_cmp_ps(x, _mm256_set1_ps(-87.f), _CMP_LT_OQ);
    __m256 r = _mm256_min_ps(x, _mm256_set1_ps(88.0f));
    r = _mm256_max_ps(r, _mm256_set1_ps(-87.f));
    // x = n ln2 + r, |r| <= ln2 / 2, with ln2 split in two for the subtraction.
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(r, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), r);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.f)));
    const __m256i bits =
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    y = _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
    y = _mm256_andnot_ps(underflow, y);
    return _mm256_blendv_ps(y, x, nan);
}

/// Softmax in place over rows of w = 8 * NV floats of which the first `keys` are real; the rest
/// become 0. `mask` ([rows, tokens] additive), if any, is added to keys [prefix, keys). A row's
/// vectors stay in registers from load to store.
template <int NV>
void softmaxRowsOf(float* s, long rows, long keys, const float* mask, long tokens, long prefix) {
    constexpr long w = 8 * NV;
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256 pad = _mm256_castsi256_ps(_mm256_cmpgt_epi32(
        _mm256_add_epi32(lane, _mm256_set1_epi32(int(w - 8))), _mm256_set1_epi32(int(keys - 1))));
    const __m256 minusInfinity = _mm256_set1_ps(-__builtin_inff());
    // Three passes over the block, each with short chains per row, so that the CPU overlaps
    // rows: row maxima; exp and row sums; scaling.
    float top[kMaxKeys], inverse[kMaxKeys];
    for (long i = 0; i < rows; ++i) {
        float* row = s + i * w;
        if (mask)
            for (long j = prefix; j < keys; ++j)
                row[j] += mask[i * tokens + j - prefix];
        const __m256 last = _mm256_blendv_ps(_mm256_loadu_ps(row + w - 8), minusInfinity, pad);
        _mm256_storeu_ps(row + w - 8, last);
        __m256 m = last;
        PF_UNROLL for (int v = 0; v < NV - 1; ++v) m =
            _mm256_max_ps(m, _mm256_loadu_ps(row + 8 * v));
        top[i] = horizontalMax(m);
    }
    for (long i = 0; i < rows; ++i) {
        float* row = s + i * w;
        const __m256 t = _mm256_set1_ps(top[i]);
        __m256 sum = _mm256_setzero_ps();
        PF_UNROLL for (int v = 0; v < NV; ++v) {
            const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + 8 * v), t));
            _mm256_storeu_ps(row + 8 * v, e);
            sum = _mm256_add_ps(sum, e);
        }
        inverse[i] = horizontalSum(sum);
    }
    for (long i = 0; i < rows; ++i)
        inverse[i] = 1.f / inverse[i];
    for (long i = 0; i < rows; ++i) {
        float* row = s + i * w;
        const __m256 f = _mm256_set1_ps(inverse[i]);
        PF_UNROLL for (int v = 0; v < NV; ++v)
            _mm256_storeu_ps(row + 8 * v, _mm256_mul_ps(_mm256_loadu_ps(row + 8 * v), f));
    }
}

void softmaxRows(long nv, float* s, long rows, long keys, const float* mask, long tokens,
                 long prefix) {
    withVectors(nv, [&](auto n) {
        softmaxRowsOf<decltype(n)::value>(s, rows, keys, mask, tokens, prefix);
    });
}

/// Where one problem's rows are.
struct Rows {
    const float *q, *k, *v;  // token rows, `stride` apart
    long stride;
    const float *prefixK, *prefixV;  // prefix rows, `prefixStride` apart
    long prefixStride, prefix;

    const float* key(long j) const {
        return j < prefix ? prefixK + j * prefixStride : k + (j - prefix) * stride;
    }
    const float* value(long j) const {
        return j < prefix ? prefixV + j * prefixStride : v + (j - prefix) * stride;
    }
};

Rows rowsOf(const AttentionProblem& p, long b, long h) {
    const long c = p.heads * p.headDim;
    Rows r{};
    r.stride = 3 * c;
    r.q = p.qkv + b * p.tokens * r.stride + h * p.headDim;
    r.k = r.q + c;
    r.v = r.q + 2 * c;
    r.prefix = p.prefixKV ? p.prefix : 0;
    r.prefixStride = c;
    if (r.prefix) {
        r.prefixK = p.prefixKV + (p.prefixShared ? 0 : b) * 2 * p.prefix * c + h * p.headDim;
        r.prefixV = r.prefixK + p.prefix * c;
    }
    return r;
}

/// dst[r][0:d] = src(r)[0:d] * scale for r < rows, 0 for rows up to `padded`.
template <typename Source>
void packRows(float* dst, long rows, long padded, long d, float scale, Source src) {
    const __m256 s = _mm256_set1_ps(scale);
    for (long r = 0; r < padded; ++r)
        for (long c = 0; c < d; c += 8)
            _mm256_store_ps(dst + r * d + c, r < rows
                                                 ? _mm256_mul_ps(_mm256_loadu_ps(src(r) + c), s)
                                                 : _mm256_setzero_ps());
}

/// Transposes the 8 x 8 block in r (row k becomes column k).
inline void transpose8(__m256 r[8]) {
    const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// dst[c][r] = src(r)[c] * scale for r < rows and c < d (a multiple of 8), 0 for r from rows up
/// to `padded` (a multiple of 8, dst's row length): in 8 x 8 blocks.
template <typename Source>
void packColumns(float* dst, long rows, long padded, long d, float scale, Source src) {
    const __m256 s = _mm256_set1_ps(scale);
    for (long r0 = 0; r0 < padded; r0 += 8)
        for (long c0 = 0; c0 < d; c0 += 8) {
            __m256 block[8];
            PF_UNROLL for (int k = 0; k < 8; ++k) block[k] =
                r0 + k < rows ? _mm256_mul_ps(_mm256_loadu_ps(src(r0 + k) + c0), s)
                              : _mm256_setzero_ps();
            transpose8(block);
            PF_UNROLL for (int k = 0; k < 8; ++k)
                _mm256_store_ps(dst + (c0 + k) * padded + r0, block[k]);
        }
}

/// Flush denormals to zero (FTZ) and treat denormal inputs as zero (DAZ) on this thread while in
/// scope.
class FlushDenormals {
public:
    FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }
    ~FlushDenormals() { _mm_setcsr(saved_); }
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
    unsigned saved_;
};

/// Lanes [0, n) of 8, for the tail of an array.
__m256i firstLanes(long n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

constexpr float kQuickGeluAlpha = 1.702f;

/// sigmoid(1.702 x) on 8 lanes, from exp of -|1.702 x| only (never overflows, never denormal
/// but for DAZ/FTZ): 1 / (1 + e) for x >= 0, e / (1 + e) below. NaN stays NaN.
__m256 quickGeluSigmoid(__m256 x) {
    const __m256 z = _mm256_mul_ps(x, _mm256_set1_ps(kQuickGeluAlpha));
    const __m256 negativeAbs = _mm256_or_ps(z, _mm256_set1_ps(-0.f));
    const __m256 e = exp8(negativeAbs);
    const __m256 d = _mm256_add_ps(_mm256_set1_ps(1.f), e);
    // A true division: rcp and a Newton step leave 1 - s off by 1e-8 where s rounds to 1, which
    // the gradient's 1.702 x (1 - s) multiplies by x.
    const __m256 r = _mm256_div_ps(_mm256_set1_ps(1.f), d);
    const __m256 negative = _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(r, _mm256_mul_ps(e, r), negative);
}

}  // namespace

void layerNormForwardAvx2(const float* x, const float* w, const float* b, float* y, float* mean,
                          float* rstd, long rows, long d, float eps) {
    FlushDenormals flush;
    const float inverseD = 1.f / float(d);
    for (long r = 0; r < rows; ++r) {
        const float* xr = x + r * d;
        float* yr = y + r * d;
        __m256 sum = _mm256_setzero_ps();
        for (long c = 0; c < d; c += 8)
            sum = _mm256_add_ps(sum, _mm256_loadu_ps(xr + c));
        const float mu = horizontalSum(sum) * inverseD;
        const __m256 m = _mm256_set1_ps(mu);
        __m256 squares = _mm256_setzero_ps();
        for (long c = 0; c < d; c += 8) {
            const __m256 centred = _mm256_sub_ps(_mm256_loadu_ps(xr + c), m);
            squares = _mm256_fmadd_ps(centred, centred, squares);
        }
        const float inverseStd = 1.f / __builtin_sqrtf(horizontalSum(squares) * inverseD + eps);
        const __m256 s = _mm256_set1_ps(inverseStd);
        for (long c = 0; c < d; c += 8) {
            const __m256 normalised = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + c), m), s);
            _mm256_storeu_ps(yr + c, _mm256_fmadd_ps(normalised, _mm256_loadu_ps(w + c),
                                                     _mm256_loadu_ps(b + c)));
        }
        if (mean) mean[r] = mu;
        if (rstd) rstd[r] = inverseStd;
    }
}

void layerNormBackwardAvx2(const float* x, const float* w, const float* mean, const float* rstd,
                           const float* gradY, float* gradX, float* gradW, float* gradB, long rows,
                           long d) {
    FlushDenormals flush;
    const float inverseD = 1.f / float(d);
    for (long c = 0; c < d; ++c) {
        if (gradW) gradW[c] = 0.f;
        if (gradB) gradB[c] = 0.f;
    }
    for (long r = 0; r < rows; ++r) {
        const float *xr = x + r * d, *gr = gradY + r * d;
        const __m256 m = _mm256_set1_ps(mean[r]), s = _mm256_set1_ps(rstd[r]);
        if (gradX) {
            // dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * w
            __m256 sumG = _mm256_setzero_ps(), sumGX = _mm256_setzero_ps();
            for (long c = 0; c < d; c += 8) {
                const __m256 xhat = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + c), m), s);
                const __m256 g = _mm256_mul_ps(_mm256_loadu_ps(gr + c), _mm256_loadu_ps(w + c));
                sumG = _mm256_add_ps(sumG, g);
                sumGX = _mm256_fmadd_ps(g, xhat, sumGX);
            }
            const __m256 a = _mm256_set1_ps(horizontalSum(sumG) * inverseD);
            const __m256 bx = _mm256_set1_ps(horizontalSum(sumGX) * inverseD);
            for (long c = 0; c < d; c += 8) {
                const __m256 xhat = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + c), m), s);
                const __m256 g = _mm256_mul_ps(_mm256_loadu_ps(gr + c), _mm256_loadu_ps(w + c));
                const __m256 inner = _mm256_sub_ps(_mm256_sub_ps(g, a), _mm256_mul_ps(xhat, bx));
                _mm256_storeu_ps(gradX + r * d + c, _mm256_mul_ps(s, inner));
            }
        }
        if (gradW || gradB)
            for (long c = 0; c < d; c += 8) {
                const __m256 dy = _mm256_loadu_ps(gr + c);
                if (gradW) {
                    const __m256 xhat = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + c), m), s);
                    _mm256_storeu_ps(gradW + c,
                                     _mm256_fmadd_ps(dy, xhat, _mm256_loadu_ps(gradW + c)));
                }
                if (gradB)
                    _mm256_storeu_ps(gradB + c, _mm256_add_ps(dy, _mm256_loadu_ps(gradB + c)));
            }
    }
}

void quickGeluForwardAvx2(const float* x, float* y, long n) {
    FlushDenormals flush;
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        _mm256_storeu_ps(y + i, _mm256_mul_ps(v, quickGeluSigmoid(v)));
    }
    if (i < n) {
        const __m256i lanes = firstLanes(n - i);
        const __m256 v = _mm256_maskload_ps(x + i, lanes);
        _mm256_maskstore_ps(y + i, lanes, _mm256_mul_ps(v, quickGeluSigmoid(v)));
    }
}

void quickGeluBackwardAvx2(const float* x, const float* gradY, float* gradX, long n) {
    FlushDenormals flush;
    // d/dx x s(1.702 x) = s + 1.702 x s (1 - s) = s (1 + 1.702 x (1 - s))
    auto gradient = [](__m256 v, __m256 g) {
        const __m256 s = quickGeluSigmoid(v);
        const __m256 inner =
            _mm256_fmadd_ps(_mm256_mul_ps(_mm256_set1_ps(kQuickGeluAlpha), v),
                            _mm256_sub_ps(_mm256_set1_ps(1.f), s), _mm256_set1_ps(1.f));
        return _mm256_mul_ps(g, _mm256_mul_ps(s, inner));
    };
    long i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(gradX + i, gradient(_mm256_loadu_ps(x + i), _mm256_loadu_ps(gradY + i)));
    if (i < n) {
        const __m256i lanes = firstLanes(n - i);
        _mm256_maskstore_ps(
            gradX + i, lanes,
            gradient(_mm256_maskload_ps(x + i, lanes), _mm256_maskload_ps(gradY + i, lanes)));
    }
}

void attentionForwardAvx2(const AttentionProblem& p, float* scratch, long begin, long end) {
    FlushDenormals flush;
    const long t = p.tokens, d = p.headDim, c = p.heads * d, keys = p.prefix + t;
    const long w = paddedKeys(p), nv = w / 8, nd = d / 8;
    float* kt = scratch;      // [d][w]: keys * scale, transposed
    float* vp = kt + d * w;   // [w][d]: values
    float* own = vp + w * d;  // [t][w]: scores, then softmax, if `probs` is null
    for (long n = begin; n < end; ++n) {
        const long b = n / p.heads, h = n % p.heads;
        const Rows rows = rowsOf(p, b, h);
        packColumns(kt, keys, w, d, p.scale, [&](long j) { return rows.key(j); });
        packRows(vp, keys, w, d, 1.f, [&](long j) { return rows.value(j); });
        float* s = p.probs ? p.probs + n * t * w : own;
        gemmRows(nv, t, d, rows.q, rows.stride, kt, s, w);
        softmaxRows(nv, s, t, keys, p.mask, t, rows.prefix);
        gemmRows(nd, t, keys, s, w, vp, p.out + b * t * c + h * d, c);
    }
}

void attentionBackwardAvx2(const AttentionProblem& p, float* scratch, long begin, long end) {
    FlushDenormals flush;
    const long t = p.tokens, d = p.headDim, c = p.heads * d, keys = p.prefix + t;
    const long w = paddedKeys(p), nv = w / 8, nd = d / 8;
    float* vt = scratch;     // [d][w]: values, transposed
    float* kp = vt + d * w;  // [w][d]: keys * scale
    float* ds = kp + w * d;  // [t][w]: dL/dprobs, then dL/dscores
    const long tp = (t + 7) / 8 * 8;
    float* pt = ds + t * w;    // [w][tp]: probs, transposed
    float* dst = pt + w * tp;  // [w][tp]: dL/dscores, transposed
    float* qp = dst + w * tp;  // [t][d]: queries * scale
    float* gp = qp + t * d;    // [t][d]: dL/dout
    for (long n = begin; n < end; ++n) {
        const long b = n / p.heads, h = n % p.heads;
        const Rows rows = rowsOf(p, b, h);
        const float* probs = p.probs + n * t * w;
        const float* gradOut = p.gradOut + b * t * c + h * d;
        packColumns(vt, keys, w, d, 1.f, [&](long j) { return rows.value(j); });
        packRows(kp, keys, w, d, p.scale, [&](long j) { return rows.key(j); });
        packRows(qp, t, t, d, p.scale, [&](long i) { return rows.q + i * rows.stride; });
        packRows(gp, t, t, d, 1.f, [&](long i) { return gradOut + i * c; });

        gemmRows(nv, t, d, gp, d, vt, ds, w);  // dprobs = dout V^T
        for (long i = 0; i < t; ++i) {         // dscores = P * (dprobs - <P, dprobs>)
            const float* pr = probs + i * w;
            float* dr = ds + i * w;
            __m256 dot = _mm256_setzero_ps();
            for (long j = 0; j < w; j += 8)
                dot = _mm256_fmadd_ps(_mm256_loadu_ps(pr + j), _mm256_loadu_ps(dr + j), dot);
            const __m256 total = _mm256_set1_ps(horizontalSum(dot));
            for (long j = 0; j < w; j += 8)
                _mm256_storeu_ps(dr + j,
                                 _mm256_mul_ps(_mm256_loadu_ps(pr + j),
                                               _mm256_sub_ps(_mm256_loadu_ps(dr + j), total)));
        }
        packColumns(pt, t, tp, w, 1.f, [&](long i) { return probs + i * w; });
        packColumns(dst, t, tp, w, 1.f, [&](long i) { return ds + i * w; });

        float* gradQ = p.gradQkv + b * t * 3 * c + h * d;
        gemmRows(nd, t, keys, ds, w, kp, gradQ, 3 * c);  // dq = dscores (K * scale)
        const long lp = rows.prefix;
        // dv = P^T dout and dk = dscores^T (Q * scale); the tokens' rows, then the prefix's.
        gemmRows(nd, t, t, pt + lp * tp, tp, gp, gradQ + 2 * c, 3 * c);
        gemmRows(nd, t, t, dst + lp * tp, tp, qp, gradQ + c, 3 * c);
        if (p.gradPrefix && lp) {
            float* gradK = p.gradPrefix + b * 2 * lp * c + h * d;
            gemmRows(nd, lp, t, pt, tp, gp, gradK + lp * c, c);
            gemmRows(nd, lp, t, dst, tp, qp, gradK, c);
        }
    }
}

}  // namespace pf::models::kernel
