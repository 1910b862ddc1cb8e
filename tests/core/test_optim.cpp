#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include "common/error.h"
#include "common/system_info.h"
#include "fp32_bounds.h"
#include "io/safetensors.h"
#include "learners/batch_split.h"
#include "learners/optim.h"
#include "learners/step_phases.h"

using namespace pf;

namespace {

// The phases the step helpers end, in order, while it exists.
class PhaseLog : public learners::StepPhaseListener {
public:
    PhaseLog() { learners::setStepPhaseListener(this); }
    ~PhaseLog() override { learners::setStepPhaseListener(nullptr); }
    void phaseEnded(learners::StepPhase phase) override { ended.push_back(phase); }
    std::vector<learners::StepPhase> ended;
};

// Two named parameters and a loss on them.
struct Toy {
    torch::Tensor w = torch::randn({3, 4}, torch::requires_grad());
    torch::Tensor b = torch::randn({4}, torch::requires_grad());
    learners::NamedTensors named() const { return {{"w", w}, {"b", b}}; }
    Toy clone() const {
        Toy t;
        t.w = w.detach().clone().requires_grad_(true);
        t.b = b.detach().clone().requires_grad_(true);
        return t;
    }
};

// The scale of the toy's gradients, sum |terms| of the largest: the loss is a mean of squared
// residuals r over N values, its gradients (2 / N) x^T r and (2 / N) sum r, which cancel.
double gradientScale(const torch::Tensor& x, const torch::Tensor& r) {
    const double n = static_cast<double>(r.numel());
    return std::max(torch::matmul(x.abs().t(), r.abs()).max().item<double>(),
                    r.abs().sum(0).max().item<double>()) *
           2.0 / n;
}

void step(torch::optim::Optimizer& opt, const Toy& t, const torch::Tensor& x) {
    opt.zero_grad();
    (torch::matmul(x, t.w) + t.b).pow(2).mean().backward();
    opt.step();
}

std::unique_ptr<torch::optim::Optimizer> make(const std::string& kind, const Toy& t) {
    config::TrainingOptions o;
    o.optimizer = kind == "adam-amsgrad" ? "adam" : kind;
    o.lr = 0.05;
    auto opt = learners::makeOptimizer({t.w, t.b}, o);
    if (kind == "adam-amsgrad")
        static_cast<torch::optim::AdamOptions&>(opt->param_groups()[0].options()).amsgrad(true);
    return opt;
}

}  // namespace

class TestOptim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // parallel = "batch": the parts' gradients, weighted by their sizes, are the whole batch's.
    void batchSplitGivesTheWholeBatchsGradient() {
        torch::manual_seed(3);
        Toy toy;
        const torch::Tensor x = torch::randn({7, 3});
        const torch::Tensor y = torch::randn({7, 4});
        auto lossOn = [&](const data::Batch& part) {
            return (torch::matmul(part.images, toy.w) + toy.b - part.targets).pow(2).mean();
        };
        auto lossOf = [&](learners::BatchSplit::Part& part) {
            // Its rows, from `first` on; a figure it reports, a mean over them.
            if (!torch::equal(part.batch.images,
                              x.narrow(0, part.first, part.batch.images.size(0))))
                throw std::runtime_error("a part's rows are not the batch's from `first` on");
            part.scalars.emplace_back("mean_target", part.batch.targets.mean().item<double>());
            return lossOn(part.batch);
        };
        const torch::Tensor whole = lossOn({x, y});
        const std::vector<torch::Tensor> expected = torch::autograd::grad({whole}, {toy.w, toy.b});
        // The parts sum the same terms in another order: the residual (3 products, the bias,
        // the target), the sum over a part's rows, the sum over parts - depth 3, at most 7
        // terms, against the scale of the terms (the mean target's: its values' mean size).
        const double bound = test::reorderBound(7, 3);
        const double scale = gradientScale(x, (torch::matmul(x, toy.w) + toy.b - y).detach());
        PhaseLog phases;                     // the forward phase ends with part 0's forward pass
        for (int parts : {1, 2, 3, 7, 9}) {  // 9 parts for 7 rows: one row each
            learners::BatchSplit split(parts);
            QCOMPARE(split.parts(), parts);
            learners::StepResult result;
            toy.w.mutable_grad() = torch::Tensor();
            toy.b.mutable_grad() = torch::Tensor();
            phases.ended.clear();
            const double loss = split.backward({x, y}, lossOf, {toy.w, toy.b}, result);
            const std::string what = std::to_string(parts) + " parts";
            PF_VERIFY_WITHIN(torch::tensor(loss), whole.detach(), bound, what + ": loss");
            PF_VERIFY_WITHIN_SCALE(toy.w.grad(), expected[0], bound, scale, what + ": dw");
            PF_VERIFY_WITHIN_SCALE(toy.b.grad(), expected[1], bound, scale, what + ": db");
            QCOMPARE(phases.ended,
                     (std::vector<learners::StepPhase>{learners::StepPhase::Forward}));
            QCOMPARE(result.scalars.size(), std::size_t{1});  // the parts' shares of the mean
            QCOMPARE(result.scalars[0].first, std::string("mean_target"));
            PF_VERIFY_WITHIN_SCALE(torch::tensor(result.scalars[0].second), y.mean(), bound,
                                   y.abs().mean().item<double>(), what + ": mean target");
            // The same split, again: the same bits (summed in part order, whatever the timing).
            const torch::Tensor first = toy.w.grad().clone();
            split.backward({x, y}, lossOf, {toy.w, toy.b}, result);
            QVERIFY(torch::equal(toy.w.grad(), first));
        }
        // As after optimizer.zero_grad() and a plain backward pass: a parameter the loss does
        // not reach keeps no gradient, or a zeroed one if it had one.
        const torch::Tensor unused = torch::ones({2}, torch::requires_grad());
        const torch::Tensor stale = torch::ones({2}, torch::requires_grad());
        stale.mutable_grad() = torch::full({2}, 5.0f);
        learners::BatchSplit split(2);
        learners::StepResult result;
        split.backward({x, y}, lossOf, {toy.w, unused, stale}, result);
        QVERIFY(!unused.grad().defined());
        QVERIFY(torch::equal(stale.grad(), torch::zeros({2})));
    }

    // Shared tensors (computed once a step, read by every part) pass their parts' gradients
    // on through their own graph, once, into the parameters' zeroed gradients.
    void batchSplitSharesTensorsComputedOnce() {
        torch::manual_seed(4);
        Toy toy;
        const torch::Tensor v = torch::randn({4}, torch::requires_grad());
        const torch::Tensor frozen = torch::randn({4});  // does not require grad
        const torch::Tensor x = torch::randn({7, 3});
        const torch::Tensor y = torch::randn({7, 4});
        auto lossWith = [&](const data::Batch& part, const torch::Tensor& s) -> torch::Tensor {
            return (torch::matmul(part.images, toy.w) + toy.b + s * frozen - part.targets)
                .pow(2)
                .mean();
        };
        const torch::Tensor whole = lossWith({x, y}, v.tanh() * 3.0);
        const std::vector<torch::Tensor> expected =
            torch::autograd::grad({whole}, {toy.w, toy.b, v});
        // As in batchSplitGivesTheWholeBatchsGradient, one more term in the residual (the
        // shared tensor's) and its own gradient through tanh: depth 4, at most 7 terms.
        const double bound = test::reorderBound(7, 4);
        const torch::Tensor shift = (v.tanh() * 3.0 * frozen).detach();
        const double scale = gradientScale(torch::cat({x, torch::ones({7, 1})}, 1),
                                           (torch::matmul(x, toy.w) + toy.b + shift - y).detach()) *
                             std::max(1.0, 3.0 * frozen.abs().max().item<double>());
        for (int parts : {2, 3}) {
            learners::BatchSplit split(parts);
            learners::StepResult result;
            for (const torch::Tensor& p : {toy.w, toy.b})
                p.mutable_grad() = torch::Tensor();
            // Old gradients: `v`'s is zeroed before the shared pass adds to it, and the frozen
            // parameter's zeroed, as optimizer.zero_grad() does.
            v.mutable_grad() = torch::full({4}, 7.0f);
            frozen.mutable_grad() = torch::full({4}, 7.0f);
            int computed = 0;
            const double loss = split.backward(
                {x, y},
                [&](learners::BatchSplit::Part& part) {
                    const std::vector<torch::Tensor>& shared = part.shared;
                    if (shared.size() != 1 || !shared[0].is_leaf() || !shared[0].requires_grad())
                        throw std::runtime_error("the shared tensor is not a leaf of the part");
                    return lossWith(part.batch, shared[0]);
                },
                {toy.w, toy.b, v, frozen}, result,
                [&] {
                    ++computed;
                    return std::vector<torch::Tensor>{v.tanh() * 3.0};
                });
            QCOMPARE(computed, 1);  // once, for every part
            const std::string what = std::to_string(parts) + " parts";
            PF_VERIFY_WITHIN(torch::tensor(loss), whole.detach(), bound, what + ": loss");
            PF_VERIFY_WITHIN_SCALE(toy.w.grad(), expected[0], bound, scale, what + ": dw");
            PF_VERIFY_WITHIN_SCALE(toy.b.grad(), expected[1], bound, scale, what + ": db");
            PF_VERIFY_WITHIN_SCALE(v.grad(), expected[2], bound, scale, what + ": dv");
            QVERIFY(torch::equal(frozen.grad(), torch::zeros({4})));
        }
    }

    // The split a config asks for: a part per thread with "batch", and with "auto" on the CPU.
    void batchSplitFollowsTheConfig() {
        auto partsFor = [](const std::string& parallel, int threads, const std::string& device) {
            config::ExperimentOptions o;
            o.system.parallel = parallel;
            o.system.threads = threads;
            const std::unique_ptr<learners::BatchSplit> split =
                learners::BatchSplit::forExperiment(o, torch::Device(device));
            return split ? split->parts() : 1;
        };
        QCOMPARE(config::ExperimentOptions().system.parallel, std::string("auto"));
        QCOMPARE(partsFor("batch", 3, "cpu"), 3);
        QCOMPARE(partsFor("auto", 3, "cpu"), 3);
        QCOMPARE(partsFor("ops", 3, "cpu"), 1);
        QCOMPARE(partsFor("auto", 1, "cpu"), 1);
        QCOMPARE(partsFor("auto", 3, "cuda:0"), 1);  // a GPU splits every operation already
        QCOMPARE(partsFor("auto", 0, "cpu"), std::max(1, hardwareThreads()));
    }

    // run(): every row in exactly one part, the parts as even as can be, at most one per row.
    void batchSplitRunsEveryRowOnce() {
        learners::BatchSplit split(3);
        for (std::int64_t n : {0, 1, 2, 5, 100}) {
            std::vector<int> seen(static_cast<std::size_t>(n), 0);
            std::vector<std::int64_t> sizes(3, -1);
            split.run(n, [&](int part, std::int64_t begin, std::int64_t end) {
                sizes[static_cast<std::size_t>(part)] = end - begin;
                for (std::int64_t i = begin; i < end; ++i)
                    ++seen[static_cast<std::size_t>(i)];  // parts are disjoint: no race
            });
            for (int v : seen)
                QCOMPARE(v, 1);
            const std::int64_t parts = std::max<std::int64_t>(1, std::min<std::int64_t>(3, n));
            for (std::int64_t k = 0; k < 3; ++k) {
                if (k >= parts) {
                    QCOMPARE(sizes[static_cast<std::size_t>(k)], std::int64_t{-1});
                } else {
                    QVERIFY(sizes[static_cast<std::size_t>(k)] >= n / parts &&
                            sizes[static_cast<std::size_t>(k)] <= n / parts + 1);
                }
            }
        }
    }

    // An error in any part reaches the caller, and the helpers keep serving.
    void batchSplitPassesErrorsOn() {
        Toy toy;
        const torch::Tensor x = torch::arange(6, torch::kFloat).reshape({6, 1}).expand({6, 3});
        const torch::Tensor y = torch::zeros({6, 4});
        auto failing = [&](learners::BatchSplit::Part& part) -> torch::Tensor {
            if (part.batch.images[0][0].item<float>() >= 3.0f) throw InputError("part from row 3");
            return torch::matmul(part.batch.images, toy.w).pow(2).mean();
        };
        learners::BatchSplit split(2);
        learners::StepResult result;
        try {
            split.backward({x, y}, failing, {toy.w}, result);
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(QString(e.what()), QString("part from row 3"));
        }
        auto fine = [&](learners::BatchSplit::Part& part) {
            return torch::matmul(part.batch.images, toy.w).pow(2).mean();
        };
        const double loss = split.backward({x, y}, fine, {toy.w}, result);
        // Products of 3 terms, their squares' mean over parts and rows: positive terms, depth
        // 2, at most 28 of them.
        PF_VERIFY_WITHIN(torch::tensor(loss), torch::matmul(x, toy.w).pow(2).mean().detach(),
                         test::reorderBound(28, 2), "loss after a part failed");
    }

    // optimize() reports the gradient norm before clipping, and an infinite gradient leaves
    // the parameters untouched (the trainer then ends the run as diverged).
    void optimizeReportsTheNormAndSkipsNonFiniteSteps() {
        for (double clip : {0.0, 1.0}) {
            Toy t;
            auto opt = make("adamw", t);
            const torch::Tensor x = torch::randn({5, 3});
            learners::StepResult r;
            const torch::Tensor before = t.w.detach().clone();
            PhaseLog phases;
            learners::optimize((torch::matmul(x, t.w) + t.b).pow(2).mean(), *opt, {t.w, t.b}, clip,
                               r);
            QCOMPARE(phases.ended, (std::vector<learners::StepPhase>{
                                       learners::StepPhase::Forward, learners::StepPhase::Backward,
                                       learners::StepPhase::Optimizer}));
            QVERIFY(r.gradNorm > 0.0 && std::isfinite(r.gradNorm));
            QVERIFY(!torch::equal(before, t.w));

            const torch::Tensor kept = t.w.detach().clone();
            const torch::Tensor huge = torch::full({5, 3}, 1e30f);
            learners::optimize((torch::matmul(huge, t.w) + t.b).pow(2).mean(), *opt, {t.w, t.b},
                               clip, r);
            QVERIFY2(!std::isfinite(r.gradNorm), qPrintable(QString::number(r.gradNorm)));
            QVERIFY(torch::equal(kept, t.w));
        }
    }

    void stateRoundTripsThroughSafetensors_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("adamw") << "adamw";
        QTest::newRow("adam") << "adam";
        QTest::newRow("adam-amsgrad") << "adam-amsgrad";
        QTest::newRow("sgd") << "sgd";
    }
    void stateRoundTripsThroughSafetensors() {
        QFETCH(QString, kind);
        torch::manual_seed(1);
        const torch::Tensor x = torch::randn({5, 3});
        Toy a;
        auto optA = make(kind.toStdString(), a);
        step(*optA, a, x);
        step(*optA, a, x);

        QTemporaryDir dir;
        const std::string path = dir.filePath("opt.safetensors").toStdString();
        const auto state = learners::optimizerStateTensors(*optA, a.named());
        QVERIFY(!state.empty());
        storage::writeSafetensors(path, state);

        Toy b = a.clone();
        auto optB = make(kind.toStdString(), b);
        learners::loadOptimizerState(*optB, b.named(), storage::SafetensorsReader(path).loadAll());
        step(*optA, a, x);
        step(*optB, b, x);
        QVERIFY(torch::equal(a.w, b.w));
        QVERIFY(torch::equal(a.b, b.b));

        // Without the state the next step differs (the test can fail).
        Toy c = a.clone();
        auto optC = make(kind.toStdString(), c);
        step(*optA, a, x);
        step(*optC, c, x);
        QVERIFY(!torch::equal(a.w, c.w));
    }

    void wrongShapeIsRefused() {
        Toy a;
        auto opt = make("adamw", a);
        step(*opt, a, torch::randn({2, 3}));
        auto state = learners::optimizerStateTensors(*opt, a.named());
        for (auto& [name, t] : state)
            if (name == "optimizer.w.exp_avg") t = torch::zeros({2, 2});
        Toy b = a.clone();
        auto optB = make("adamw", b);
        QVERIFY_THROWS_EXCEPTION(CheckpointError,
                                 learners::loadOptimizerState(*optB, b.named(), state));
    }
};

QTEST_APPLESS_MAIN(TestOptim)
#include "test_optim.moc"
