#include <QtTest>

#include <cmath>

#include "metrics/accuracy_matrix.h"
#include "metrics/flops.h"
#include "metrics/prompt_use.h"

using namespace pf::metrics;

namespace {

constexpr double N = std::numeric_limits<double>::quiet_NaN();

// acc[i][t], worked by hand below.
AccuracyMatrix sample() {
    return AccuracyMatrix({{0.9, 0.6, 0.5}, {N, 0.8, 0.7}, {N, N, 1.0}});
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-12;
}

}  // namespace

class TestAccuracyMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void averageAccuracy() {
        const AccuracyMatrix m = sample();
        QVERIFY(near(pf::metrics::averageAccuracy(m, 0), 0.9));
        QVERIFY(near(pf::metrics::averageAccuracy(m, 1), (0.6 + 0.8) / 2));
        QVERIFY(near(pf::metrics::averageAccuracy(m, 2), (0.5 + 0.7 + 1.0) / 3));
        QVERIFY(near(finalAverageAccuracy(m), 2.2 / 3));
        QVERIFY(near(averageIncrementalAccuracy(m), (0.9 + 0.7 + 2.2 / 3) / 3));
    }

    void forgettingUsesTheBestEarlierValue() {
        const AccuracyMatrix m = sample();
        QVERIFY(std::isnan(forgetting(m, 0)));
        QVERIFY(near(forgetting(m, 1), 0.9 - 0.6));
        // task 0: max(0.9, 0.6, 0.5) - 0.5 = 0.4; task 1: max(0.8, 0.7) - 0.7 = 0.1
        QVERIFY(near(forgetting(m, 2), (0.4 + 0.1) / 2));
        QVERIFY(near(finalForgetting(m), 0.25));
        // The reference's convention: the same sum over all three tasks, the newest one's 0
        // counted.
        QVERIFY(std::isnan(forgettingOverAllTasks(m, 0)));
        QVERIFY(near(forgettingOverAllTasks(m, 1), (0.9 - 0.6) / 2));
        QVERIFY(near(forgettingOverAllTasks(m, 2), (0.4 + 0.1) / 3));
        QVERIFY(near(summarize(m, 2).forgettingOverAllTasks, 0.5 / 3));
    }

    void forgettingNeverCountsAGainAsNegative() {
        // Task 0 improves after task 1: the maximum includes the current column, so 0.
        const AccuracyMatrix m({{0.5, 0.7}, {N, 0.9}});
        QVERIFY(near(forgetting(m, 1), 0.0));
        QVERIFY(near(backwardTransfer(m, 1), 0.2));
    }

    void backwardTransferPlasticityStability() {
        const AccuracyMatrix m = sample();
        // BWT after 2: ((0.5 - 0.9) + (0.7 - 0.8)) / 2
        QVERIFY(near(backwardTransfer(m, 2), -0.25));
        QVERIFY(near(plasticity(m, 0), 0.9));
        QVERIFY(near(plasticity(m, 2), 1.0));
        QVERIFY(std::isnan(stability(m, 0)));
        QVERIFY(near(stability(m, 1), 0.6));
        QVERIFY(near(stability(m, 2), 0.6));
        const TaskSummary s = summarize(m, 2);
        QVERIFY(near(s.averageAccuracy, 2.2 / 3));
        QVERIFY(near(s.forgetting, 0.25));
        QVERIFY(near(s.backwardTransfer, -0.25));
        QVERIFY(near(s.plasticity, 1.0));
        QVERIFY(near(s.stability, 0.6));
        QVERIFY(near(s.averageIncrementalAccuracy, averageIncrementalAccuracy(m)));
    }

    void partialMatrixUsesCompleteColumnsOnly() {
        AccuracyMatrix m(3);
        QCOMPARE(m.lastCompleteTask(), -1);
        QVERIFY(std::isnan(finalAverageAccuracy(m)));
        m.set(0, 0, 0.9);
        m.set(0, 1, 0.5);
        QCOMPARE(m.lastCompleteTask(), 0);
        QVERIFY(near(finalAverageAccuracy(m), 0.9));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pf::metrics::averageAccuracy(m, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.set(2, 1, 0.3));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, pf::metrics::averageAccuracy(m, 3));
    }
    // One block, T = 2 tokens, D = 4, H = 8: qkv 2*2*4*12 = 192, scores and weighted sum
    // 2*2*2*2*4 = 64, projection 2*2*4*4 = 64, MLP 2*2*2*4*8 = 256: 576 forward.
    void transformerFlopsCountTheProducts() {
        TransformerShape s;
        s.tokens = 2;
        s.dim = 4;
        s.hidden = 8;
        s.depth = 1;
        QCOMPARE(transformerForwardFlops(s), 576.0);
        // Backward: inputs' gradients (512 of weights + 2 x 64 of attention), then weights'.
        QCOMPARE(transformerBackwardFlops(s, false), 512.0 + 128.0);
        QCOMPARE(transformerBackwardFlops(s, true), 1024.0 + 128.0);
        // A prefix of 3 keys: the attention's two products see 5 keys: 2*2*2*5*4 = 160.
        s.prefix = 3;
        s.depth = 2;
        QCOMPARE(transformerForwardFlops(s), 2.0 * (512.0 + 160.0));
        // 28 px, patch 7, 1 channel, D 64: 16 patches x 49 x 64 x 2.
        QCOMPARE(patchEmbedFlops(28, 7, 1, 64), 16.0 * 49.0 * 64.0 * 2.0);
    }

    void promptUseFiguresNameAndCollect() {
        QCOMPARE(promptUseName(0, 9), std::string("prompt_use_t1_p10"));
        int t = -1, e = -1;
        QVERIFY(parsePromptUseName("prompt_use_t3_p12", &t, &e));
        QCOMPARE(t, 2);
        QCOMPARE(e, 11);
        for (const char* bad : {"prompt_use_t0_p1", "prompt_use_t1_p", "prompt_use_tx_p1",
                                "prompt_use_t1_p2x", "fused_acc", "prompt_task_match"})
            QVERIFY2(!parsePromptUseName(bad, &t, &e), bad);
        const auto rows = promptUseMatrix(
            {{"fused_acc", 0.5}, {"prompt_use_t2_p3", 0.25}, {"prompt_use_t1_p1", 1.0}});
        QCOMPARE(rows.size(), std::size_t{2});
        QCOMPARE(rows[0], (std::vector<double>{1.0, 0.0, 0.0}));
        QCOMPARE(rows[1], (std::vector<double>{0.0, 0.0, 0.25}));
        QVERIFY(promptUseMatrix({{"fused_acc", 0.5}}).empty());
        // A reopened run's figures after task 1 hold NaN for task 2's row: no such row.
        QCOMPARE(
            promptUseMatrix({{"prompt_use_t1_p1", 1.0}, {"prompt_use_t2_p1", std::nan("")}}).size(),
            std::size_t{1});
    }
};

QTEST_APPLESS_MAIN(TestAccuracyMatrix)
#include "test_accuracy_matrix.moc"
