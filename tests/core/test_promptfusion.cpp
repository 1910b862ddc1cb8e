#include <QtTest>

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "data/task_sequence.h"
#include "fp32_bounds.h"
#include "learners/learner_state.h"
#include "learners/promptfusion.h"
#include "synthetic_dataset.h"

using namespace pf;
using learners::PromptFusionLearner;
using Mode = PromptFusionLearner::Mode;

namespace {

bool near(double a, double b, double tol = 1e-4) {
    return std::abs(a - b) < tol;
}

// Two tasks of two classes on synthetic Fashion-MNIST-shaped data, with the built-in backbones.
struct Setup {
    data::ImageDataset ds = test::syntheticDataset(10, 4);
    data::TaskSequence seq;
    learners::LearnerContext context;

    explicit Setup(int memory = 0) {
        data::SequenceOptions so;
        so.tasks = 2;
        so.classesPerTask = 2;
        seq = data::TaskSequence::classIncremental(ds.train.labelVector(), ds.test.labelVector(),
                                                   ds.train.size(), 10, so);
        context.totalClasses = seq.totalClasses();
        for (int c : seq.classOrder())
            context.classNames.push_back(ds.info.classNames[static_cast<std::size_t>(c)]);
        context.experiment.memorySize = memory;
        context.experiment.training.lr = 0.01;
    }
    learners::TaskInfo info(int t) const {
        learners::TaskInfo i;
        i.index = t;
        i.tasks = 2;
        i.firstClass = seq.firstClass(t);
        i.classes = seq.classesIn(t);
        i.seenClasses = seq.seenClassesAfter(t);
        i.steps = 1;
        return i;
    }
    learners::TaskData taskData(int t) const {
        learners::TaskData d;
        d.split = &ds.train;
        d.indices = seq.task(t).train;
        d.labelMap = &seq.labelMap();
        d.transform.mean = ds.mean;
        d.transform.std = ds.std;
        return d;
    }
    data::Batch batch(int t) const {
        data::LoaderOptions lo;
        lo.batchSize = 8;
        lo.transform.mean = ds.mean;
        lo.transform.std = ds.std;
        return *data::BatchLoader(ds.train, seq.task(t).train, seq.labelMap(), lo).next();
    }
};

}  // namespace

class TestPromptFusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { torch::manual_seed(0); }

    void maskWeightsPerClass() {
        // alpha = beta = 0: sigmoid 0.5. Task 1 (theta 0.5): old 0.5 / 0.5 = 1, new 0.5.
        const torch::Tensor zeros = torch::zeros({4});
        QVERIFY(torch::allclose(learners::maskWeights(zeros, zeros, 2, 1),
                                torch::tensor({1.0f, 1.0f, 0.5f, 0.5f})));
        // Task 3 (theta 1.5), beta = 1: old 1.5 / sigmoid(1) = 2.0517.
        const torch::Tensor w = learners::maskWeights(torch::ones({8}), torch::ones({8}), 6, 3);
        QVERIFY(near(w[0].item<double>(), 1.5 / (1.0 / (1.0 + std::exp(-1.0)))));
        QVERIFY(near(w[7].item<double>(), 1.0 / (1.0 + std::exp(-1.0))));
    }

    void maskedLossWorkedByHand() {
        // log_softmax([1, 2]) = [-1.3133, -0.3133]; log_softmax([0, 0]) = [-0.6931, -0.6931].
        // Targets 1 and 0 with weights [0.5, 2]: -(2 * -0.3133 + 0.5 * -0.6931) / 2 = 0.48655.
        const torch::Tensor loss =
            learners::maskedLoss(torch::tensor({{1.0f, 2.0f}, {0.0f, 0.0f}}),
                                 torch::tensor({1, 0}, torch::kLong), torch::tensor({0.5f, 2.0f}));
        QVERIFY2(near(loss.item<double>(), 0.48655), std::to_string(loss.item<double>()).c_str());
        // With weights 1 it is cross-entropy.
        const torch::Tensor logits = torch::randn({5, 3});
        const torch::Tensor y = torch::tensor({0, 2, 1, 1, 0}, torch::kLong);
        QVERIFY(torch::allclose(learners::maskedLoss(logits, y, torch::ones({3})),
                                torch::cross_entropy_loss(logits, y)));
    }

    void fusionWorkedByHand() {
        // w = sigmoid(1) = 0.7311: (1 - w) * [1, 3] + w * [5, 7] = [1 + 4w, 3 + 4w].
        const torch::Tensor w = torch::sigmoid(torch::ones({}));
        const torch::Tensor f =
            learners::fuse(torch::tensor({1.0f, 3.0f}), torch::tensor({5.0f, 7.0f}), w);
        QVERIFY(near(f[0].item<double>(), 3.92423) && near(f[1].item<double>(), 5.92423));
    }

    void liteLossesWorkedByHand() {
        // Two of four images on: 0.3 * (0.5 - 0.4)^2 = 0.003.
        QVERIFY(near(learners::gateActivationLoss(torch::tensor({1.0f, 0.0f, 0.0f, 1.0f}), 0.4, 0.3)
                         .item<double>(),
                     0.003, 1e-7));
        // Old gate [2, 0] / 2 -> p = [0.7311, 0.2689]; new gate [0, 0] -> [0.5, 0.5].
        // KL = 0.7311 ln(0.7311 / 0.5) + 0.2689 ln(0.2689 / 0.5) = 0.1109.
        const double kl =
            learners::gateDistillation(torch::tensor({{0.0f, 0.0f}}), torch::tensor({{2.0f, 0.0f}}))
                .item<double>();
        QVERIFY2(near(kl, 0.1109), std::to_string(kl).c_str());
        QVERIFY(near(
            learners::gateDistillation(torch::tensor({{2.0f, 0.0f}}), torch::tensor({{2.0f, 0.0f}}))
                .item<double>(),
            0.0));
    }

    void cachedTextFeaturesGiveTheSameLogits() {
        Setup s;
        PromptFusionLearner pf(s.context, {}, Mode::Full);
        torch::Tensor firstTask;
        for (int t = 0; t < 2; ++t) {
            pf.beginTask(s.info(t));
            for (int i = 0; i < 2; ++i)
                pf.trainStep(s.batch(t));
            pf.endTask(s.info(t), s.taskData(t));
            torch::NoGradGuard guard;
            const torch::Tensor images = s.batch(0).images;
            const torch::Tensor cached = pf.stabilizerLogits(images, false);
            QCOMPARE(cached.size(1), static_cast<std::int64_t>(s.seq.seenClassesAfter(t)));
            const torch::Tensor recomputed = pf.recomputedTextFeatures();
            // The cache was encoded a task's classes at a time, the recomputed features all at
            // once: products of other heights, which BLAS may block and add in other orders.
            // The tiny text tower (2 blocks of 9 reductions, ln_final, the projection, the
            // norm) and the cosine: depth 23, at most 256 terms (the MLP's hidden width).
            PF_VERIFY_WITHIN(cached, pf.stabilizerLogitsWith(images, recomputed),
                             test::reorderBound(256, 23), "cached text features");
            // The first task's context is frozen: its features do not move in task 2.
            if (t == 0)
                firstTask = recomputed;
            else
                PF_VERIFY_WITHIN(recomputed.narrow(0, 0, 2), firstTask, test::reorderBound(256, 22),
                                 "frozen context");
        }
    }

    // The Stabilizer's knobs the benchmark measures: its logit scale replaces CLIP's own (the
    // same cosines, rescaled), and the class-token readout is another feature than the prompts'
    // mean, while the prompts still sit in the sequence.
    void stabilizerScaleAndReadoutAreSettings() {
        Setup s;
        auto build = [&](const learners::PromptFusionOptions& o) {
            torch::manual_seed(0);
            auto pf = std::make_unique<PromptFusionLearner>(s.context, o, Mode::StabilizerOnly);
            pf->beginTask(s.info(0));
            return pf;
        };
        learners::PromptFusionOptions scaled;
        scaled.stabilizerLogitScale = 100.0;
        learners::PromptFusionOptions classToken;
        classToken.stabilizerReadout = "class-token";
        auto plain = build({}), hundred = build(scaled), token = build(classToken);
        torch::NoGradGuard guard;
        const torch::Tensor images = s.batch(0).images;
        const torch::Tensor a = plain->stabilizerLogits(images, true);
        const torch::Tensor b = hundred->stabilizerLogits(images, true);
        const torch::Tensor ratio = b / a;
        QVERIFY(torch::allclose(ratio, torch::full_like(ratio, ratio[0][0].item<float>()), 1e-4));
        QVERIFY2(ratio[0][0].item<double>() > 2.0,  // the tiny CLIP's own scale is ~15
                 qPrintable(QString::number(ratio[0][0].item<double>())));
        QVERIFY(!torch::allclose(token->stabilizerLogits(images, true), a, 1e-3));
    }

    // parallel = "batch" with PromptFusion's own optimizer (AdamW) and clipping: the first
    // step's loss is the whole batch's on one thread, to float rounding, and the fusion weight
    // is still reported once a step. The parameters after the steps are compared in
    // test_learners, with SGD: AdamW's first step moves each element by lr times the sign of
    // its gradient, so a gradient that is zero but for rounding (there are some) moves by +lr
    // or -lr as the order of its additions falls, whatever the split.
    void batchSplitTrainsAsTheWholeBatch() {
        Setup s(4);
        for (Mode mode : {Mode::Full, Mode::StabilizerOnly, Mode::BoosterOnly}) {
            double logitScale = 0.0;
            auto trained = [&](const std::string& parallel, int threads) {
                learners::LearnerContext c = s.context;
                c.experiment.system.parallel = parallel;
                c.experiment.system.threads = threads;
                c.experiment.training.gradClip = 1.0;
                torch::manual_seed(0);
                PromptFusionLearner pf(c, learners::PromptFusionOptions{}, mode);
                pf.beginTask(s.info(0));
                std::vector<double> losses;
                for (int i = 0; i < 3; ++i) {
                    const learners::StepResult r = pf.trainStep(s.batch(0));
                    // The fusion weight is still reported, once a step.
                    losses.push_back(mode == Mode::Full && (r.scalars.size() != 1 ||
                                                            r.scalars[0].first != "fusion_weight")
                                         ? NAN
                                         : r.loss);
                }
                pf.endTask(s.info(0), s.taskData(0));
                torch::NoGradGuard guard;
                logitScale = pf.predict(s.batch(0).images).abs().max().item<double>();
                return losses;
            };
            const std::vector<double> whole = trained("ops", 1);
            const std::vector<double> split = trained("batch", 3);  // parts of 2, 3 and 3 images
            QCOMPARE(whole.size(), split.size());
            for (std::size_t i = 0; i < whole.size(); ++i)
                QVERIFY(std::isfinite(whole[i]) && std::isfinite(split[i]));  // NaN: no weight
            // The forward pass through both tiny towers (test_learners: depth 70, at most 256
            // terms), against the scale of the logits.
            PF_VERIFY_WITHIN_SCALE(torch::tensor(whole[0]), torch::tensor(split[0]),
                                   test::reorderBound(256, 70), logitScale, "first loss");
        }
        // Lite's gate draws Gumbel noise; from several threads the draws would follow timing.
        learners::LearnerContext c = s.context;
        c.experiment.system.parallel = "batch";
        c.experiment.system.threads = 2;
        QVERIFY_THROWS_EXCEPTION(ConfigError, PromptFusionLearner(c, {}, Mode::Lite));
    }

    void frozenPartsStayPromptsMove() {
        Setup s;
        PromptFusionLearner pf(s.context, {}, Mode::Full);
        pf.beginTask(s.info(0));
        const double before = pf.fusionWeight();
        QVERIFY(near(before, 1.0 / (1.0 + std::exp(-1.0))));  // lambda starts at 1
        for (int i = 0; i < 3; ++i) {
            const learners::StepResult r = pf.trainStep(s.batch(0));
            QCOMPARE(r.scalars.front().first, std::string("fusion_weight"));
        }
        QVERIFY(pf.fusionWeight() != before);
        QVERIFY(pf.trainableParameters() > 0);
        // A fixed fusion weight is not learned.
        learners::PromptFusionOptions fixed;
        fixed.fusionWeight = 0.25;
        PromptFusionLearner pinned(s.context, fixed, Mode::Full);
        pinned.beginTask(s.info(0));
        pinned.trainStep(s.batch(0));
        QCOMPARE(pinned.fusionWeight(), 0.25);
    }

    // mask_rate = reference: alpha and beta learn sqrt(share of their classes' samples) as fast
    // as the rest, the pace of the reference's per-position weights under Adam; per-class: at
    // the full rate. Each step reports the mask's weights (its trajectory).
    void maskLearnsAtTheReferencesPace() {
        const torch::Tensor shares = torch::tensor({0.1, 0.2, 0.3, 0.4}, torch::kFloat64);
        QVERIFY(near(learners::maskRateFactor(shares, 2, 2), std::sqrt(0.35), 1e-12));
        QVERIFY(near(learners::maskRateFactor(shares, 0, 2), std::sqrt(0.15), 1e-12));
        auto newWeightAfter = [](const std::string& rate) {
            torch::manual_seed(0);
            Setup s(4);
            learners::PromptFusionOptions o;
            o.maskRate = rate;
            PromptFusionLearner pf(s.context, o, Mode::Full);
            pf.beginTask(s.info(0));
            pf.endTask(s.info(0), s.taskData(0));
            pf.beginTask(s.info(1));
            double weight = 0.0;
            for (int i = 0; i < 10; ++i) {
                const learners::StepResult r = pf.trainStep(s.batch(1));
                auto it = std::find_if(r.scalars.begin(), r.scalars.end(),
                                       [](const auto& n) { return n.first == "mask_new_weight"; });
                if (it == r.scalars.end()) return -1.0;
                weight = it->second;
            }
            return weight;
        };
        const double start = 1.0 / (1.0 + std::exp(-1.0));
        const double perClass = newWeightAfter("per-class");
        const double reference = newWeightAfter("reference");
        QVERIFY(perClass > 0.0 && reference > 0.0);
        // Only this task's two classes in the batches: each has half the samples, so the
        // reference's pace is sqrt(0.5) = 0.71 of the full one (Adam's steps are ~lr each).
        const double ratio = (start - reference) / (start - perClass);
        QVERIFY2(start - perClass > 0.003 && ratio > 0.6 && ratio < 0.8,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(perClass).arg(reference).arg(ratio)));
    }

    void memoryIsClassBalancedAndTrimmed() {
        Setup s(12);
        PromptFusionLearner pf(s.context, {}, Mode::Full);
        pf.beginTask(s.info(0));
        pf.endTask(s.info(0), s.taskData(0));
        QCOMPARE(pf.memory().byClass().size(), std::size_t{2});
        QCOMPARE(pf.memory().byClass().at(0).size(), std::size_t{6});
        QCOMPARE(pf.trainingIndices(s.seq, 1).size(), s.seq.task(1).train.size() + 12);
        pf.beginTask(s.info(1));
        pf.endTask(s.info(1), s.taskData(1));
        QCOMPARE(pf.memory().size(), std::size_t{12});
        for (const auto& [label, kept] : pf.memory().byClass())
            QCOMPARE(kept.size(), std::size_t{3});
    }

    void liteRunsTheBoosterOnlyOnGatedImages() {
        Setup s;
        PromptFusionLearner lite(s.context, {}, Mode::Lite);
        lite.beginTask(s.info(0));
        const learners::StepResult r = lite.trainStep(s.batch(0));
        QCOMPARE(r.scalars.front().first, std::string("gate_rate"));
        lite.endTask(s.info(0), s.taskData(0));
        lite.beginEvaluation();
        const data::Batch b = s.batch(0);
        const auto parts = lite.predictWithParts(b.images);
        QCOMPARE(parts.size(), std::size_t{2});
        const torch::Tensor booster = lite.boosterLogits(b.images).detach();
        const torch::Tensor diff = parts[0].logits - parts[1].logits;
        int gated = 0;
        for (std::int64_t i = 0; i < diff.size(0); ++i) {
            const bool on = diff[i].abs().sum().item<double>() > 0.0;
            gated += on;
            // The fused logits less the Stabilizer's: the Booster's part, to the rounding of
            // both towers (test_learners: depth 70, at most 256 terms) at the fused scale.
            if (on)
                PF_VERIFY_WITHIN_SCALE(diff[i], booster[i], test::reorderBound(256, 70),
                                       parts[0].logits.abs().max().item<double>(), "gated image");
        }
        const auto usage = lite.endEvaluation();
        QCOMPARE(usage.front().first, std::string("booster_usage"));
        QVERIFY(near(usage.front().second, gated / 8.0));
    }

    void ablationsPredictTheirOwnPart() {
        Setup s;
        for (Mode mode : {Mode::StabilizerOnly, Mode::BoosterOnly}) {
            PromptFusionLearner learner(s.context, {}, mode);
            learner.beginTask(s.info(0));
            learner.trainStep(s.batch(0));
            learner.endTask(s.info(0), s.taskData(0));
            const auto parts = learner.predictWithParts(s.batch(0).images);
            QCOMPARE(parts.size(), std::size_t{1});
            QCOMPARE(parts[0].name,
                     std::string(mode == Mode::StabilizerOnly ? "stabilizer" : "booster"));
        }
    }

    void classNamesMustFitTheContext() {
        Setup s;
        learners::PromptFusionOptions o;
        o.textContext = 22;  // the built-in CLIP has 24 tokens of context
        try {
            PromptFusionLearner pf(s.context, o, Mode::Full);
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("text_context"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestPromptFusion)
#include "test_promptfusion.moc"
