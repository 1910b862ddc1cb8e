#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/optim.h"
#include "storage/safetensors.h"

using namespace pf;

namespace {

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

void step(torch::optim::Optimizer& opt, const Toy& t, const torch::Tensor& x) {
    opt.zero_grad();
    (torch::matmul(x, t.w) + t.b).pow(2).mean().backward();
    opt.step();
}

std::unique_ptr<torch::optim::Optimizer> make(const std::string& kind, const Toy& t) {
    config::ExperimentOptions o;
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
    // optimize() reports the gradient norm before clipping, and an infinite gradient leaves
    // the parameters untouched (the trainer then ends the run as diverged).
    void optimizeReportsTheNormAndSkipsNonFiniteSteps() {
        for (double clip : {0.0, 1.0}) {
            Toy t;
            auto opt = make("adamw", t);
            const torch::Tensor x = torch::randn({5, 3});
            learners::PhaseClock clock;
            learners::StepResult r;
            const torch::Tensor before = t.w.detach().clone();
            learners::optimize((torch::matmul(x, t.w) + t.b).pow(2).mean(), *opt, {t.w, t.b}, clip,
                               clock, r);
            QVERIFY(r.gradNorm > 0.0 && std::isfinite(r.gradNorm));
            QVERIFY(!torch::equal(before, t.w));

            const torch::Tensor kept = t.w.detach().clone();
            const torch::Tensor huge = torch::full({5, 3}, 1e30f);
            learners::optimize((torch::matmul(huge, t.w) + t.b).pow(2).mean(), *opt, {t.w, t.b},
                               clip, clock, r);
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
