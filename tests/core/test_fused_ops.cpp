#include <QtTest>

#include <limits>

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include "fp32_bounds.h"
#include "models/attention.h"
#include "models/fused_ops.h"

using namespace pf;

namespace {

struct Case {
    int batch, tokens, dim, heads, prefix;
    bool sharedPrefix, mask, inputGrad;
};

struct Result {
    torch::Tensor out, gradX, gradIn, gradInBias, gradOut, gradPrefix;
};

/// One attention call and its gradients against a fixed random upstream gradient.
Result attend(const Case& c, bool fused, const torch::Tensor& x0, const torch::Tensor& inW0,
              const torch::Tensor& inB0, const torch::Tensor& outW0, const torch::Tensor& prefix0,
              const torch::Tensor& mask, const torch::Tensor& upstream) {
    models::setFusedKernels(fused);
    const torch::Tensor x = x0.clone().requires_grad_(c.inputGrad);
    const torch::Tensor inW = inW0.clone().requires_grad_(c.inputGrad);
    const torch::Tensor inB = inB0.clone().requires_grad_(c.inputGrad);
    const torch::Tensor outW = outW0.clone().requires_grad_(true);
    const torch::Tensor prefix =
        prefix0.defined() ? prefix0.clone().requires_grad_(true) : torch::Tensor();
    Result r;
    r.out = models::multiHeadAttention(x, inW, inB, outW, {}, c.heads, mask, prefix);
    (r.out * upstream).sum().backward();
    models::setFusedKernels(true);
    if (c.inputGrad) {
        r.gradX = x.grad();
        r.gradIn = inW.grad();
        r.gradInBias = inB.grad();
    }
    r.gradOut = outW.grad();
    if (prefix.defined()) r.gradPrefix = prefix.grad();
    return r;
}

/// The kernel and LibTorch's ops add in other orders (and LibTorch's own reductions follow the
/// CPU's vector width). Forward: qkv, scores, softmax, values, output projection; backward the
/// same five again: depth 10. The longest sums: the model width, the keys, and the weight
/// gradients' sums over every token of the batch.
double attentionBound(const Case& c) {
    return test::reorderBound(std::max({c.dim, c.tokens + c.prefix, c.batch * c.tokens}), 10);
}

std::string differs(const torch::Tensor& a, const torch::Tensor& b, double bound) {
    if (a.defined() != b.defined()) return "defined in one only";
    return a.defined() ? test::beyondBound(a, b, bound) : std::string();
}

}  // namespace

class TestFusedOps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        torch::manual_seed(0);
        if (!models::fusedKernelsSupported()) QSKIP("this CPU has no AVX2/FMA: no fused kernel");
    }
    void cleanup() { models::setFusedKernels(true); }

    void fusedKernelMatchesLibTorch_data() {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("prefix");
        QTest::addColumn<bool>("sharedPrefix");
        QTest::addColumn<bool>("mask");
        QTest::addColumn<bool>("inputGrad");
        // The built-in ViT with VPT (17 tokens + 4 prompts) and the CLIP text tower (causal).
        QTest::newRow("tiny vit") << 32 << 21 << 64 << 4 << 0 << false << false << true;
        QTest::newRow("text, causal") << 5 << 24 << 64 << 4 << 0 << false << true << true;
        // DualPrompt / CODA-Prompt prefixes, one for all or one per image.
        QTest::newRow("shared prefix") << 6 << 17 << 64 << 4 << 5 << true << false << true;
        QTest::newRow("prefix per image") << 6 << 17 << 64 << 4 << 5 << false << false << true;
        QTest::newRow("prefix and mask") << 3 << 9 << 32 << 2 << 3 << true << true << true;
        QTest::newRow("only the prefix trains")
            << 4 << 17 << 64 << 4 << 5 << true << false << false;
        // Every head width the kernel takes, and key counts around its vector width and limit.
        QTest::newRow("head dim 8") << 3 << 5 << 16 << 2 << 0 << false << false << true;
        QTest::newRow("head dim 32") << 3 << 8 << 64 << 2 << 0 << false << false << true;
        QTest::newRow("head dim 64") << 2 << 11 << 128 << 2 << 0 << false << false << true;
        QTest::newRow("one token") << 4 << 1 << 32 << 2 << 0 << false << false << true;
        QTest::newRow("64 keys") << 2 << 60 << 32 << 2 << 4 << true << true << true;
        // Beyond the kernel's limits: LibTorch's path, still the same function.
        QTest::newRow("65 keys") << 2 << 65 << 32 << 2 << 0 << false << false << true;
        QTest::newRow("head dim 12") << 2 << 6 << 24 << 2 << 0 << false << false << true;
    }

    void fusedKernelMatchesLibTorch() {
        QFETCH(int, batch);
        QFETCH(int, tokens);
        QFETCH(int, dim);
        QFETCH(int, heads);
        QFETCH(int, prefix);
        QFETCH(bool, sharedPrefix);
        QFETCH(bool, mask);
        QFETCH(bool, inputGrad);
        const Case c{batch, tokens, dim, heads, prefix, sharedPrefix, mask, inputGrad};
        const torch::Tensor x = torch::randn({batch, tokens, dim});
        const torch::Tensor inW = torch::randn({3 * dim, dim}) * (1.5 / std::sqrt(double(dim)));
        const torch::Tensor inB = torch::randn({3 * dim}) * 0.1;
        const torch::Tensor outW = torch::randn({dim, dim}) / std::sqrt(double(dim));
        const torch::Tensor pre =
            prefix ? torch::randn({sharedPrefix ? 1 : batch, 2, prefix, dim}) : torch::Tensor();
        const torch::Tensor causal =
            mask ? torch::full({tokens, tokens}, -std::numeric_limits<float>::infinity()).triu(1)
                 : torch::Tensor();
        const torch::Tensor upstream = torch::randn({batch, tokens, dim});

        const auto before = models::fusedAttentionCalls();
        const Result fused = attend(c, true, x, inW, inB, outW, pre, causal, upstream);
        const bool kernelTook = models::fusedAttentionCalls() > before;
        const bool withinLimits = dim / heads % 8 == 0 && tokens + prefix <= 64;
        QCOMPARE(kernelTook, withinLimits);
        const Result reference = attend(c, false, x, inW, inB, outW, pre, causal, upstream);
        QCOMPARE(models::fusedAttentionCalls() - before, std::uint64_t(kernelTook ? 1 : 0));

        const double bound = attentionBound(c);
        const std::pair<const char*, std::string> checks[] = {
            {"output", differs(fused.out, reference.out, bound)},
            {"input gradient", differs(fused.gradX, reference.gradX, bound)},
            {"projection gradient", differs(fused.gradIn, reference.gradIn, bound)},
            {"projection bias gradient", differs(fused.gradInBias, reference.gradInBias, bound)},
            {"output projection gradient", differs(fused.gradOut, reference.gradOut, bound)},
            {"prefix gradient", differs(fused.gradPrefix, reference.gradPrefix, bound)}};
        for (const auto& [what, why] : checks)
            QVERIFY2(why.empty(), (std::string(what) + ": " + why).c_str());
        if (pre.defined()) QCOMPARE(fused.gradPrefix.sizes(), pre.sizes());
        // No gradient is all zero by accident.
        QVERIFY(fused.gradOut.abs().sum().item<double>() > 0);
        if (inputGrad) QVERIFY(fused.gradX.abs().sum().item<double>() > 0);
        if (pre.defined()) QVERIFY(fused.gradPrefix.abs().sum().item<double>() > 0);
    }

    /// Evaluation (no autograd graph) takes the kernel's forward pass alone.
    void withoutGradientsTheOutputIsTheSame() {
        const torch::Tensor x = torch::randn({8, 21, 64});
        const torch::Tensor inW = torch::randn({192, 64}) * 0.2, outW = torch::randn({64, 64});
        const torch::Tensor pre = torch::randn({1, 2, 3, 64});
        torch::NoGradGuard noGrad;
        const auto before = models::fusedAttentionCalls();
        const torch::Tensor fused = models::multiHeadAttention(x, inW, {}, outW, {}, 4, {}, pre);
        QCOMPARE(models::fusedAttentionCalls(), before + 1);
        models::setFusedKernels(false);
        const torch::Tensor reference =
            models::multiHeadAttention(x, inW, {}, outW, {}, 4, {}, pre);
        // The forward half of attentionBound's reductions: depth 5, at most 64 terms.
        PF_VERIFY_WITHIN(fused, reference, test::reorderBound(64, 5), "evaluation");
    }

    /// Under bf16 autocast the qkv projection comes out in bf16: LibTorch's path takes it (the
    /// kernel is float32 only), and the result is the float32 one to bf16 precision.
    void bf16ProjectionsTakeLibTorchsPath() {
        const torch::Tensor x = torch::randn({4, 21, 64});
        const torch::Tensor inW = torch::randn({192, 64}) * 0.2,
                            outW = torch::randn({64, 64}) * 0.1;
        torch::NoGradGuard noGrad;
        const torch::Tensor expected = models::multiHeadAttention(x, inW, {}, outW, {}, 4);
        const auto before = models::fusedAttentionCalls();
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
        torch::Tensor out;
        try {
            out = models::multiHeadAttention(x, inW, {}, outW, {}, 4);
        } catch (...) {
            at::autocast::set_cpu_enabled(false);
            throw;
        }
        at::autocast::set_cpu_enabled(false);
        at::autocast::clear_cache();
        QCOMPARE(models::fusedAttentionCalls(), before);
        QCOMPARE(out.scalar_type(), torch::kBFloat16);
        QVERIFY(torch::allclose(out.to(torch::kFloat32), expected, 0.05, 0.05));
    }

    /// Each (image, head) is computed the same way whatever the thread split: the kernel gives
    /// the same numbers on 1 thread as on 2. The projections around it are ones BLAS computes
    /// exactly, in any order (OpenBLAS's own results depend on the thread count on some CPUs,
    /// AMD EPYC among them): each row and each column of the input projection has at most one
    /// non-zero, a power of two, and the output projection is the identity. Per head, 4
    /// channels of the queries and keys and 8 of the values are fed, each from its own input.
    void resultsDoNotDependOnTheThreadCount() {
        const int heads = 4, headDim = 16, dim = heads * headDim;
        torch::Tensor inW = torch::zeros({3 * dim, dim});
        int column = 0;
        for (int h = 0; h < heads; ++h) {
            for (int d = 0; d < 4; ++d) {
                inW[h * headDim + d][column++] = 2.0;        // query
                inW[dim + h * headDim + d][column++] = 2.0;  // key
            }
            for (int d = 0; d < 8; ++d)
                inW[2 * dim + h * headDim + d][column++] = 1.0;  // value
        }
        QCOMPARE(column, dim);
        const torch::Tensor outW = torch::eye(dim);
        const torch::Tensor x = torch::randn({32, 21, dim}).requires_grad_(true);
        const int threads = torch::get_num_threads();
        const auto calls = models::fusedAttentionCalls();
        auto run = [&](int n) {
            torch::set_num_threads(n);
            x.mutable_grad() = torch::Tensor();
            const torch::Tensor out = models::multiHeadAttention(x, inW, {}, outW, {}, heads);
            out.pow(2).sum().backward();
            return std::make_pair(out.detach(), x.grad().clone());
        };
        const auto one = run(1), two = run(2);
        torch::set_num_threads(threads);
        QCOMPARE(models::fusedAttentionCalls(), calls + 2);  // the kernel's, not LibTorch's
        QVERIFY(torch::equal(one.first, two.first));
        QVERIFY(torch::equal(one.second, two.second));
        QVERIFY(one.second.abs().sum().item<double>() > 0.0);  // gradients reach the input
    }

    /// QuickGELU's kernel against its definition, forward and backward: every tail length
    /// around the 8-lane vectors, the parallel split of a large tensor, and the extremes (large
    /// magnitudes, infinities, NaN).
    void quickGeluMatchesItsDefinition_data() {
        QTest::addColumn<int>("size");
        for (int n : {1, 7, 8, 9, 31, 1000, 672 * 256 + 3})
            QTest::newRow(qPrintable(QString::number(n))) << n;
    }

    void quickGeluMatchesItsDefinition() {
        QFETCH(int, size);
        torch::Tensor x0 = torch::randn({size}) * 4;
        if (size > 8) {
            x0[0] = 100.f;
            x0[1] = -100.f;
            x0[2] = -50.f;
            x0[3] = std::numeric_limits<float>::infinity();
            x0[4] = std::numeric_limits<float>::quiet_NaN();
            x0[5] = 0.f;
        }
        const torch::Tensor upstream = torch::randn({size});
        auto run = [&](bool fused) {
            models::setFusedKernels(fused);
            const torch::Tensor x = x0.clone().requires_grad_(true);
            const torch::Tensor y = models::quickGelu(x);
            (y * upstream).nan_to_num(0, 0, 0).sum().backward();
            models::setFusedKernels(true);
            return std::make_pair(y.detach(), x.grad());
        };
        const auto fused = run(true), reference = run(false);
        const torch::Tensor definition = x0 * torch::sigmoid(1.702 * x0);
        QVERIFY(torch::allclose(reference.first, definition, 0, 0, true));
        QVERIFY(torch::allclose(fused.first, definition, 1e-6, 1e-30, true));
        // The gradient crosses 0 near x = -0.75, where either side's rounding is all there is.
        QVERIFY(torch::allclose(fused.second, reference.second, 1e-5, 1e-6, true));
        if (size > 8) {
            QVERIFY(fused.first[4].isnan().item<bool>());
            QCOMPARE(fused.first[3].item<float>(), std::numeric_limits<float>::infinity());
            QCOMPARE(fused.first[0].item<float>(), 100.f);
        }
    }

    /// LayerNorm's kernel against torch::layer_norm: output and the gradients of input, weight
    /// and bias, for the widths of the models and around the row blocks of the parallel split.
    void layerNormMatchesLibTorch_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("inputGrad");
        QTest::addColumn<bool>("paramGrad");
        QTest::newRow("one row") << 1 << 64 << true << true;
        QTest::newRow("width 8") << 5 << 8 << true << true;
        QTest::newRow("vit batch") << 672 << 64 << true << false;
        QTest::newRow("blocks and a tail") << 700 << 256 << true << true;
        QTest::newRow("parameters only") << 130 << 64 << false << true;
        QTest::newRow("width 12: LibTorch") << 9 << 12 << true << true;
    }

    void layerNormMatchesLibTorch() {
        QFETCH(int, rows);
        QFETCH(int, width);
        QFETCH(bool, inputGrad);
        QFETCH(bool, paramGrad);
        const torch::Tensor x0 = torch::randn({rows, width}) * 3 + 1;
        const torch::Tensor w0 = torch::randn({width}), b0 = torch::randn({width});
        const torch::Tensor upstream = torch::randn({rows, width});
        auto run = [&](bool fused) {
            models::setFusedKernels(fused);
            const torch::Tensor x = x0.clone().requires_grad_(inputGrad);
            const torch::Tensor w = w0.clone().requires_grad_(paramGrad);
            const torch::Tensor b = b0.clone().requires_grad_(paramGrad);
            const torch::Tensor y = models::layerNorm(x, w, b, 1e-6);
            (y * upstream).sum().backward();
            models::setFusedKernels(true);
            return std::vector<torch::Tensor>{y.detach(), x.grad(), w.grad(), b.grad()};
        };
        const auto fused = run(true), reference = run(false);
        // The kernel's sums and LibTorch's (vectorised as the CPU allows) in other orders.
        // Forward: the mean, the variance, the scaling - depth 3 over the width. Backward: the
        // input gradient's two sums over the width, and the parameters' over the rows - depth
        // 6 in all, at most max(rows, width) terms.
        const double bound = test::reorderBound(std::max(rows, width), 6);
        PF_VERIFY_WITHIN(fused[0], torch::layer_norm(x0, {width}, w0, b0, 1e-6),
                         test::reorderBound(width, 3), "output");
        const char* names[] = {"output", "input gradient", "weight gradient", "bias gradient"};
        for (std::size_t i = 0; i < fused.size(); ++i) {
            QCOMPARE(fused[i].defined(), reference[i].defined());
            if (fused[i].defined()) PF_VERIFY_WITHIN(fused[i], reference[i], bound, names[i]);
        }
        {
            torch::NoGradGuard noGrad;
            QVERIFY(torch::allclose(models::layerNorm(x0, w0, b0, 1e-6), fused[0], 0, 0));
        }
    }

    /// The weight and bias gradients are summed in fixed blocks: the same on 1 and 2 threads.
    void layerNormGradientsDoNotDependOnTheThreadCount() {
        const torch::Tensor x = torch::randn({1000, 64});
        const torch::Tensor upstream = torch::randn({1000, 64});
        const int threads = torch::get_num_threads();
        auto run = [&](int n) {
            torch::set_num_threads(n);
            const torch::Tensor w = torch::ones({64}).requires_grad_(true);
            const torch::Tensor b = torch::zeros({64}).requires_grad_(true);
            (models::layerNorm(x, w, b, 1e-5) * upstream).sum().backward();
            return std::make_pair(w.grad(), b.grad());
        };
        const auto one = run(1), two = run(2);
        torch::set_num_threads(threads);
        QVERIFY(torch::equal(one.first, two.first));
        QVERIFY(torch::equal(one.second, two.second));
    }

    /// Evaluation overwrites the hidden layer in place; with autograd on, that is refused.
    void quickGeluInPlaceOnlyWithoutAutograd() {
        const torch::Tensor x0 = torch::randn({5, 21, 256});
        const torch::Tensor expected = x0 * torch::sigmoid(1.702 * x0);
        {
            torch::NoGradGuard noGrad;
            torch::Tensor x = x0.clone();
            const torch::Tensor y = models::quickGelu_(x);
            QCOMPARE(y.data_ptr(), x.data_ptr());
            QVERIFY(torch::allclose(x, expected, 1e-6, 1e-7));
            // Not contiguous: LibTorch's in-place operations.
            torch::Tensor t = x0.clone().transpose(0, 2);
            models::quickGelu_(t);
            QVERIFY(torch::allclose(t.transpose(0, 2), expected, 1e-6, 1e-7));
        }
        torch::Tensor x = x0.clone().requires_grad_(true);
        QVERIFY_THROWS_EXCEPTION(c10::Error, models::quickGelu_(x));
    }

    /// A diverging run must still show NaN: the kernel's exp does not clamp it away.
    void notANumberStaysNotANumber() {
        torch::Tensor x = torch::randn({2, 21, 64});
        x[1][3][7] = std::numeric_limits<float>::quiet_NaN();
        const torch::Tensor inW = torch::randn({192, 64}) * 0.2, outW = torch::randn({64, 64});
        torch::NoGradGuard noGrad;
        const torch::Tensor out = models::multiHeadAttention(x, inW, {}, outW, {}, 4);
        QVERIFY(!out[0].isnan().any().item<bool>());
        QVERIFY(out[1].isnan().any().item<bool>());
    }
};

QTEST_APPLESS_MAIN(TestFusedOps)
#include "test_fused_ops.moc"
