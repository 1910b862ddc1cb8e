// The distinctive parts of the rehearsal-free prompt methods: key matching (L2P, DualPrompt),
// batch-wise voting, the pull term, CODA-Prompt's Gram-Schmidt components and attention, and the
// per-task selection histogram an evaluation records.
#include <QtTest>

#include <torch/torch.h>

#include "common/error.h"
#include "fp32_bounds.h"
#include "learners/coda_prompt.h"
#include "learners/dualprompt.h"
#include "learners/l2p.h"
#include "learners/registry.h"
#include "synthetic_dataset.h"
#include "training/trainer.h"

using namespace pf;

namespace {

// Four keys along the axes of a 64-wide space, and queries that are noisy copies of some.
torch::Tensor axisKeys(int n, int width) {
    return torch::eye(width).narrow(0, 0, n) * 3.0;
}

learners::TaskInfo task(int index, int tasks, int classesPerTask) {
    learners::TaskInfo t;
    t.index = index;
    t.tasks = tasks;
    t.firstClass = index * classesPerTask;
    t.classes = classesPerTask;
    t.seenClasses = (index + 1) * classesPerTask;
    return t;
}

learners::LearnerContext tinyContext(int classes) {
    learners::LearnerContext c;
    c.totalClasses = classes;
    return c;
}

class Figures : public training::TrainerObserver {
public:
    void onEvaluation(const training::EvaluationEvent& e) override { last = e.figures; }
    double get(const std::string& name) const {
        for (const auto& [n, v] : last)
            if (n == name) return v;
        return std::nan("");
    }
    std::vector<std::pair<std::string, double>> last;
};

}  // namespace

class TestPromptMethods : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keyMatchingPicksTheMostSimilarKeys() {
        torch::manual_seed(0);
        const torch::Tensor keys = axisKeys(4, 64);
        // Query b points mostly along axis want[b], a little along axis second[b].
        const std::vector<std::int64_t> want{2, 0, 3, 1}, second{1, 3, 0, 2};
        torch::Tensor q = torch::randn({4, 64}) * 0.01;
        for (int b = 0; b < 4; ++b) {
            q[b][want[static_cast<std::size_t>(b)]] += 5.0;  // scale does not matter: cosine
            q[b][second[static_cast<std::size_t>(b)]] += 1.0;
        }
        const torch::Tensor top2 = learners::matchKeys(q, keys, 2);
        for (int b = 0; b < 4; ++b) {
            QCOMPARE(top2[b][0].item<std::int64_t>(), want[static_cast<std::size_t>(b)]);
            QCOMPARE(top2[b][1].item<std::int64_t>(), second[static_cast<std::size_t>(b)]);
        }
        QVERIFY_THROWS_EXCEPTION(c10::Error, learners::matchKeys(q, keys, 5));
    }

    void batchVotingTakesTheMostChosenPrompts() {
        // Prompt 3 chosen 3 times, 1 twice, 0 and 5 once each: top 2 = {3, 1}; top 3 breaks the
        // tie between 0 and 5 towards 0; top 5 fills with never-chosen prompts from the lowest.
        const torch::Tensor chosen =
            torch::tensor({{3, 1}, {3, 0}, {1, 3}, {5, 3}}).narrow(0, 0, 3);
        auto vote = [&](int k) {
            const torch::Tensor v = learners::voteKeys(chosen, 6, k);
            return std::vector<std::int64_t>(v.data_ptr<std::int64_t>(),
                                             v.data_ptr<std::int64_t>() + v.numel());
        };
        QCOMPARE(vote(2), (std::vector<std::int64_t>{3, 1}));
        QCOMPARE(vote(3), (std::vector<std::int64_t>{3, 1, 0}));
        QCOMPARE(vote(5), (std::vector<std::int64_t>{3, 1, 0, 2, 4}));
    }

    void pullSimilarityIsTheMeanSummedCosine() {
        const torch::Tensor keys = torch::tensor({{1.0f, 0.0f}, {0.0f, 2.0f}, {1.0f, 1.0f}});
        const torch::Tensor q = torch::tensor({{2.0f, 0.0f}, {1.0f, 1.0f}});
        const torch::Tensor chosen = torch::tensor({{0, 2}, {1, 2}});
        // Image 0: cos(k0, q0) = 1, cos(k2, q0) = 1/sqrt 2; image 1: 1/sqrt 2 and 1.
        const double expected = (2.0 + 2.0 / std::sqrt(2.0)) / 2.0;
        QVERIFY(std::abs(learners::pullSimilarity(q, keys, chosen).item<double>() - expected) <
                1e-6);
    }

    void dualPromptPicksEachTasksPromptByItsKey() {
        torch::manual_seed(0);
        learners::DualPromptOptions o;
        learners::DualPromptLearner dual(tinyContext(6), o);
        for (int t = 0; t < 3; ++t) {
            dual.beginTask(task(t, 3, 2));
            if (t > 0) {
                // A new E-prompt starts as a copy of the previous one; older ones are frozen.
                QVERIFY(torch::equal(dual.ePrompts()[static_cast<std::size_t>(t)],
                                     dual.ePrompts()[static_cast<std::size_t>(t - 1)]));
                QVERIFY(!dual.ePrompts()[static_cast<std::size_t>(t - 1)].requires_grad());
                QVERIFY(!dual.eKeys()[static_cast<std::size_t>(t - 1)].requires_grad());
                QVERIFY(dual.ePrompts()[static_cast<std::size_t>(t)].requires_grad());
            }
        }
        {
            torch::NoGradGuard guard;
            for (int t = 0; t < 3; ++t)
                dual.eKeys()[static_cast<std::size_t>(t)].copy_(axisKeys(3, 64)[t]);
        }
        torch::Tensor q = torch::randn({3, 64}) * 0.05;
        q[0][2] += 1.0;
        q[1][0] += 1.0;
        q[2][1] += 1.0;
        const torch::Tensor chosen = dual.chooseTask(q);
        QCOMPARE(chosen[0].item<std::int64_t>(), std::int64_t{2});
        QCOMPARE(chosen[1].item<std::int64_t>(), std::int64_t{0});
        QCOMPARE(chosen[2].item<std::int64_t>(), std::int64_t{1});
        // Each image's E-prefix is its task's prompt: G on blocks 0-1, E on blocks 2-3.
        const models::PromptInputs in = dual.prefixes(chosen);
        QCOMPARE(static_cast<int>(in.prefix.size()), 4);
        QVERIFY(torch::equal(in.prefix.at(2)[1], dual.ePrompts()[0][0]));
        QVERIFY(torch::equal(in.prefix.at(3)[0], dual.ePrompts()[2][1]));
    }

    void dualPromptRefusesBlocksTheViTLacks() {
        learners::DualPromptOptions o;
        o.gLayers = 2;
        o.eLayers = 3;  // the reference's 2-4 on a 4-block ViT
        QVERIFY_THROWS_EXCEPTION(ConfigError, learners::DualPromptLearner(tinyContext(4), o));
        learners::CodaPromptOptions c;
        c.layers = 5;
        QVERIFY_THROWS_EXCEPTION(ConfigError, learners::CodaPromptLearner(tinyContext(4), c));
        c.layers = 4;
        c.length = 7;
        QVERIFY_THROWS_EXCEPTION(ConfigError, learners::CodaPromptLearner(tinyContext(4), c));
    }

    void gramSchmidtMakesNewRowsOrthonormalToOldOnes() {
        torch::manual_seed(1);
        // Three old rows, not orthogonal and not unit; five new ones.
        torch::Tensor rows = torch::zeros({8, 2, 4});
        rows.narrow(0, 0, 3).copy_(torch::randn({3, 2, 4}) * 3.0);
        const torch::Tensor out = learners::gramSchmidt(rows, 3);
        QVERIFY(torch::equal(out.narrow(0, 0, 3), rows.narrow(0, 0, 3)));  // old rows kept
        const torch::Tensor flat = out.flatten(1);
        const torch::Tensor fresh = flat.narrow(0, 3, 5);
        // Orthonormal to fp32 rounding, whatever order the products add in: each new row
        // subtracts its projections on up to 7 earlier ones (8 terms each) and is normalised,
        // then the check's own dot products: depth 7 + 2, 8 terms, on unit rows (scale 1).
        const double bound = test::reorderBound(8, 9);
        const torch::Tensor gram = torch::matmul(fresh, fresh.t());
        PF_VERIFY_WITHIN_SCALE(gram, torch::eye(5), bound, 1.0, "new rows");
        PF_VERIFY_WITHIN_SCALE(
            torch::matmul(fresh, flat.narrow(0, 0, 3).t() / flat.narrow(0, 0, 3).norm(2, 1)),
            torch::zeros({5, 3}), bound, 1.0, "new rows against old ones");
        // More rows than dimensions: the rows past the span are unit length, nothing more.
        const torch::Tensor many = learners::gramSchmidt(torch::zeros({6, 4}), 0);
        PF_VERIFY_WITHIN_SCALE(torch::matmul(many.narrow(0, 0, 4), many.narrow(0, 0, 4).t()),
                               torch::eye(4), bound, 1.0, "rows within the span");
        PF_VERIFY_WITHIN_SCALE(many.norm(2, 1), torch::ones({6}), bound, 1.0, "row lengths");
    }

    void codaPromptGrowsFrozenOrthogonalComponents() {
        torch::manual_seed(0);
        learners::CodaPromptOptions o;
        o.componentsPerTask = 5;
        learners::CodaPromptLearner coda(tinyContext(4), o);
        coda.beginTask(task(0, 2, 2));
        const torch::Tensor firstTask = coda.components(0).clone();
        coda.beginTask(task(1, 2, 2));
        for (int l = 0; l < 4; ++l) {
            QCOMPARE(coda.components(l).size(0), std::int64_t{10});
            // As in gramSchmidtMakesNewRowsOrthonormalToOldOnes: up to 9 earlier rows, of 64
            // (keys) and 8 x 64 (prompt components) terms.
            const torch::Tensor k = coda.keys(l);
            PF_VERIFY_WITHIN_SCALE(torch::matmul(k, k.t()), torch::eye(10),
                                   test::reorderBound(64, 11), 1.0, "keys");
            const torch::Tensor p = coda.components(l).flatten(1);
            PF_VERIFY_WITHIN_SCALE(torch::matmul(p, p.t()), torch::eye(10),
                                   test::reorderBound(8 * 64, 11), 1.0, "components");
        }
        QVERIFY(torch::equal(coda.components(0).narrow(0, 0, 5), firstTask));
        // The trained tensors are the new task's slices (3 per block) and the head's two.
        std::int64_t expected = 4 * (5 * 8 * 64 + 5 * 64 + 5 * 64) + 64 * 4 + 4;
        QCOMPARE(coda.trainableParameters(), expected);
        // alpha[b, n] = cos(q * A_n, K_n), by hand for one image and one component.
        const torch::Tensor q = torch::randn({2, 64});
        const torch::Tensor alpha = coda.attention(q, 1);
        const torch::Tensor aq = q[1] * coda.attentionVectors(1)[7];
        const torch::Tensor key = coda.keys(1)[7];
        const double cos = (aq.dot(key) / (aq.norm() * key.norm())).item<double>();
        QVERIFY(std::abs(alpha[1][7].item<double>() - cos) < 1e-5);
    }

    // A run through the trainer records, after each task, the share of each task's test images
    // that picked each prompt (rows sum to 1) and, for DualPrompt and CODA-Prompt, how often a
    // task's own entry was picked.
    void evaluationRecordsTheSelectionHistogram_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("entries");
        QTest::newRow("l2p") << "l2p" << 10;
        QTest::newRow("dualprompt") << "dualprompt" << 2;
        QTest::newRow("coda-prompt") << "coda-prompt" << 2;
    }
    void evaluationRecordsTheSelectionHistogram() {
        QFETCH(QString, name);
        QFETCH(int, entries);
        torch::manual_seed(0);
        const data::ImageDataset ds = test::syntheticDataset(12, 6);
        data::SequenceOptions so;
        so.tasks = 2;
        so.classesPerTask = 2;
        const auto seq = data::TaskSequence::classIncremental(
            ds.train.labelVector(), ds.test.labelVector(), ds.train.size(), 10, so);
        learners::LearnerContext context = tinyContext(seq.totalClasses());
        const nlohmann::json options =
            learners::learnerInfo(name.toStdString()).normalize(nlohmann::json::object(), ds.info);
        auto learner = learners::createLearner(name.toStdString(), context, options);
        training::TrainerOptions to;
        to.training.batchSize = 4;
        to.mean = ds.mean;
        to.std = ds.std;
        Figures figures;
        training::RunControl control;
        const auto end = training::Trainer(to, ds, seq, *learner).run(figures, control);
        QVERIFY2(end.status == training::RunStatus::Finished, end.error.c_str());
        for (int t = 1; t <= 2; ++t) {
            double sum = 0.0;
            for (int p = 1; p <= entries; ++p) {
                const double v =
                    figures.get("prompt_use_t" + std::to_string(t) + "_p" + std::to_string(p));
                QVERIFY(v >= 0.0 && v <= 1.0);
                sum += v;
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-6);
        }
        QVERIFY(std::isnan(figures.get("prompt_use_t1_p" + std::to_string(entries + 1))));
        const double match = figures.get("prompt_task_match");
        if (name == "l2p")
            QVERIFY(std::isnan(match));
        else
            QVERIFY(match >= 0.0 && match <= 1.0);
    }
};

QTEST_APPLESS_MAIN(TestPromptMethods)
#include "test_prompt_methods.moc"
