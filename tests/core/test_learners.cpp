#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include "common/error.h"
#include "data/batch_loader.h"
#include "data/catalog.h"
#include "data/domain_shifts.h"
#include "fp32_bounds.h"
#include "learners/ewc.h"
#include "learners/learner.h"
#include "learners/learner_state.h"
#include "learners/lwf.h"
#include "learners/registry.h"
#include "metrics/accuracy_matrix.h"
#include "synthetic_data.h"
#include "synthetic_dataset.h"
#include "training/checkpoint.h"
#include "training/experiment.h"
#include "training/trainer.h"

using namespace pf;

namespace {

class Counter : public training::TrainerObserver {
public:
    void onRunStart(const training::RunStartEvent& e) override { start = e; }
    void onStep(const training::StepEvent&) override { ++steps; }
    void onEvaluation(const training::EvaluationEvent&) override { ++evaluations; }
    training::RunStartEvent start;
    int steps = 0, evaluations = 0;
};

}  // namespace

// Class-incremental: 2 tasks of 2 classes.
static data::TaskSequence twoTasksOfTwoClasses(const data::ImageDataset& ds) {
    data::SequenceOptions so;
    so.tasks = 2;
    so.classesPerTask = 2;
    return data::TaskSequence::classIncremental(ds.train.labelVector(), ds.test.labelVector(),
                                                ds.train.size(), 10, so);
}

// Domain-il: the built-in shifts "original" and "inverted" of `perClass` training images per
// class, every class in each domain; the sequence of the two domains.
static std::pair<data::ImageDataset, data::TaskSequence> twoDomains(int perClass,
                                                                    int testPerClass) {
    data::ImageDataset ds = data::withDomainShifts(test::syntheticDataset(perClass, testPerClass),
                                                   {"original", "inverted"}, 0);
    data::SequenceOptions so;
    so.scenario = data::Scenario::DomainIncremental;
    so.tasks = 2;
    data::TaskSequence seq = data::TaskSequence::domainIncremental(
        ds.train.labelVector(), ds.train.domains, ds.test.labelVector(), ds.test.domains, 10,
        ds.domainNames, so);
    return {std::move(ds), std::move(seq)};
}

// A learner's context for `seq` over `ds`: the class count, the names in the sequence's order.
static learners::LearnerContext contextFor(const data::ImageDataset& ds,
                                           const data::TaskSequence& seq) {
    learners::LearnerContext context;
    context.totalClasses = seq.totalClasses();
    for (int c : seq.classOrder())
        context.classNames.push_back(ds.info.classNames[static_cast<std::size_t>(c)]);
    return context;
}

// The first task's training images as endTask() reads them (normalised, not augmented).
static learners::TaskData firstTaskData(const data::ImageDataset& ds,
                                        const data::TaskSequence& seq) {
    learners::TaskData own;
    own.split = &ds.train;
    own.indices = seq.task(0).train;
    own.labelMap = &seq.labelMap();
    own.transform.mean = ds.mean;
    own.transform.std = ds.std;
    return own;
}

// Learner `name` through `seq` (1 epoch), then its logits' width is checked.
static void smokeRun(const QString& name, const data::ImageDataset& ds,
                     const data::TaskSequence& seq, int batchSize, int memory,
                     std::int64_t logitWidth, torch::Device device = torch::kCPU) {
    torch::manual_seed(0);
    learners::LearnerContext context = contextFor(ds, seq);
    context.device = device;
    context.experiment.memorySize = memory;  // the rehearsal learners keep exemplars
    // As an experiment sets them. Two threads: the learners that can split their steps by
    // batch do so (parallel = "auto"), on the CPU.
    context.experiment.system.device = device.str();
    context.experiment.system.threads = 2;
    const nlohmann::json options =
        learners::learnerInfo(name.toStdString()).normalize(nlohmann::json::object(), ds.info);
    auto learner = learners::createLearner(name.toStdString(), context, options);
    QVERIFY(learner->trainableParameters() > 0);
    training::TrainerOptions to;
    to.training.batchSize = batchSize;
    to.mean = ds.mean;
    to.std = ds.std;
    to.device = device;
    Counter counter;
    training::RunControl control;
    const auto end = training::Trainer(to, ds, seq, *learner).run(counter, control);
    QVERIFY2(end.status == training::RunStatus::Finished, end.error.c_str());
    QCOMPARE(end.matrix.lastCompleteTask(), 1);
    QVERIFY(counter.steps > 0);
    const torch::Tensor logits = learner->predict(torch::zeros({3, 1, 28, 28}, device));
    QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{3, logitWidth}));
    QVERIFY(logits.device() == device);
}

// A learner `name` for `seq` as an experiment builds it: seeded, memory of `memory` exemplars.
static std::unique_ptr<learners::Learner> buildLearner(const std::string& name,
                                                       const data::ImageDataset& ds,
                                                       const data::TaskSequence& seq, int memory) {
    torch::manual_seed(0);
    learners::LearnerContext context = contextFor(ds, seq);
    context.experiment.memorySize = memory;
    return learners::createLearner(
        name, context, learners::learnerInfo(name).normalize(nlohmann::json::object(), ds.info));
}

class TestLearners : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A smoke run of every registered learner: 2 tasks, 1 epoch, tiny batches.
    void everyLearnerRunsTwoTasks_data() {
        QTest::addColumn<QString>("name");
        for (const std::string& name : learners::learnerNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void everyLearnerRunsTwoTasks() {
        QFETCH(QString, name);
        const data::ImageDataset ds = test::syntheticDataset(12, 6);
        const auto seq = twoTasksOfTwoClasses(ds);
        smokeRun(name, ds, seq, 4, 8, 4);  // logits over the seen classes only
    }

    // The same in the domain-il scenario: 2 domains (built-in shifts), every class in each.
    void everyLearnerRunsTwoDomains_data() { everyLearnerRunsTwoTasks_data(); }
    void everyLearnerRunsTwoDomains() {
        QFETCH(QString, name);
        const auto [ds, seq] = twoDomains(8, 3);
        smokeRun(name, ds, seq, 8, 20, 10);  // one shared head over all classes
    }

    // The same on the first CUDA device, where there is one (a CUDA build of LibTorch).
    void everyLearnerRunsOnCuda_data() { everyLearnerRunsTwoTasks_data(); }
    void everyLearnerRunsOnCuda() {
        QFETCH(QString, name);
        if (!torch::cuda::is_available()) QSKIP("no CUDA device (CPU-only LibTorch or no GPU)");
        const data::ImageDataset ds = test::syntheticDataset(12, 6);
        const auto seq = twoTasksOfTwoClasses(ds);
        smokeRun(name, ds, seq, 4, 8, 4, torch::Device(torch::kCUDA, 0));
    }

    // Every learner: a run stopped after task 1 and resumed from its checkpoint (in a learner
    // built afresh, with the generators moved on by other work meanwhile) ends exactly as the
    // uninterrupted run: the same accuracy matrix and the same predictions of every part.
    void everyLearnerResumesWhereItStopped_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("domains");
        for (const std::string& name : learners::learnerNames()) {
            QTest::newRow((name + " class-il").c_str()) << QString::fromStdString(name) << false;
            QTest::newRow((name + " domain-il").c_str()) << QString::fromStdString(name) << true;
        }
    }
    void everyLearnerResumesWhereItStopped() {
        QFETCH(QString, name);
        QFETCH(bool, domains);
        data::ImageDataset ds = test::syntheticDataset(12, 6);
        data::TaskSequence seq = twoTasksOfTwoClasses(ds);
        if (domains) std::tie(ds, seq) = twoDomains(8, 3);
        QTemporaryDir dir;
        training::TrainerOptions to;
        to.training.batchSize = 4;
        to.mean = ds.mean;
        to.std = ds.std;
        to.training.augment = true;  // the loaders' own generators are part of what must repeat
        to.checkpointFolder = dir.filePath(QStringLiteral("run")).toStdString();
        training::RunControl control;
        Counter counter;

        auto whole = buildLearner(name.toStdString(), ds, seq, 8);
        const auto all = training::Trainer(to, ds, seq, *whole).run(counter, control);
        QVERIFY2(all.status == training::RunStatus::Finished, all.error.c_str());
        const training::Checkpoint checkpoint = training::readCheckpoint(to.checkpointFolder);
        QCOMPARE(checkpoint.info.trainer.completedTask, 0);

        torch::randn({1000});  // the generator moves on before the resumed run is built
        auto resumed = buildLearner(name.toStdString(), ds, seq, 8);
        torch::randn({1000});
        training::Trainer trainer(to, ds, seq, *resumed);
        trainer.resumeFrom(checkpoint);
        const auto end = trainer.run(counter, control);
        QVERIFY2(end.status == training::RunStatus::Finished, end.error.c_str());
        for (int i = 0; i <= 1; ++i)
            QVERIFY2(
                std::abs(end.matrix.at(i, 1) - all.matrix.at(i, 1)) <= 1e-6,
                (std::to_string(end.matrix.at(i, 1)) + " vs " + std::to_string(all.matrix.at(i, 1)))
                    .c_str());
        QCOMPARE(end.matrix.at(0, 0), all.matrix.at(0, 0));
        const torch::Tensor images =
            ds.test.gather({0, 1, 2, 3, 4, 5}).permute({0, 3, 1, 2}).to(torch::kFloat) / 255.0;
        const auto a = whole->predictWithParts(images);
        const auto b = resumed->predictWithParts(images);
        QCOMPARE(a.size(), b.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            QCOMPARE(a[k].name, b[k].name);
            const double diff = (a[k].logits - b[k].logits).abs().max().item<double>();
            QVERIFY2(diff <= 1e-5, (a[k].name + " differs by " + std::to_string(diff)).c_str());
        }
    }

    // A state that does not fit - another method's, a tensor of another shape - is refused with
    // the tensor named, never reinterpreted.
    void aStateThatDoesNotFitIsRefused() {
        const data::ImageDataset ds = test::syntheticDataset(4, 2);
        const auto seq = twoTasksOfTwoClasses(ds);
        learners::TaskInfo t0;
        t0.classes = 2;
        t0.seenClasses = 2;
        auto pf = buildLearner("promptfusion", ds, seq, 8);
        pf->beginTask(t0);
        pf->endTask(t0, firstTaskData(ds, seq));
        learners::LearnerState state;
        pf->saveState(state);
        QVERIFY(state.has("booster.vpt") && state.has("stabilizer.contexts.0"));

        auto l2p = buildLearner("l2p", ds, seq, 8);
        try {
            l2p->loadState(state, t0);
            QFAIL("an l2p learner took a promptfusion state");
        } catch (const CheckpointError& e) {
            QVERIFY2(std::string(e.what()).find("no tensor 'head.weight'") != std::string::npos,
                     e.what());
        }
        // The visual prompt one token longer.
        std::vector<std::pair<std::string, torch::Tensor>> tensors = state.tensors();
        for (auto& [n, t] : tensors)
            if (n == "booster.vpt") t = torch::zeros({1, t.size(1) + 1, t.size(2)});
        const auto changed = learners::LearnerState::from(tensors, state.trainable());
        auto fresh = buildLearner("promptfusion", ds, seq, 8);
        try {
            fresh->loadState(changed, t0);
            QFAIL("a prompt of another length was taken");
        } catch (const CheckpointError& e) {
            QVERIFY2(
                std::string(e.what()).find("'booster.vpt' has shape [1, 5, ") != std::string::npos,
                e.what());
        }
        // Contexts for more classes than the tasks so far have.
        learners::TaskInfo wrong = t0;
        wrong.seenClasses = 4;
        auto other = buildLearner("promptfusion", ds, seq, 8);
        QVERIFY_THROWS_EXCEPTION(CheckpointError, other->loadState(state, wrong));
        // A dtype that differs: int tensors where floats belong.
        for (auto& [n, t] : tensors)
            if (n == "booster.vpt") t = torch::zeros({1, 4, t.size(2)}, torch::kLong);
        QVERIFY_THROWS_EXCEPTION(CheckpointError,
                                 buildLearner("promptfusion", ds, seq, 8)
                                     ->loadState(learners::LearnerState::from(tensors, {}), t0));
    }

    // `device`: the form is checked with the config, the device itself when a run starts.
    void deviceIsCheckedByNameAndOnThisMachine() {
        QVERIFY(config::isDeviceName("cpu"));
        QVERIFY(config::isDeviceName("cuda"));
        QVERIFY(config::isDeviceName("cuda:1"));
        for (const char* bad : {"gpu", "cuda:", "cuda:x", "CPU", "cuda:1:2", "", "cuda:12345"})
            QVERIFY2(!config::isDeviceName(bad), bad);
        try {
            (void)config::ExperimentConfig::fromJson({{"device", "gpu"}});
            QFAIL("device gpu was accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("'device'") != std::string::npos, e.what());
        }
        QVERIFY(training::computeDevice("cpu").is_cpu());
        if (torch::cuda::is_available()) {
            QVERIFY(training::computeDevice("cuda").is_cuda());
            const auto beyond = "cuda:" + std::to_string(torch::cuda::device_count());
            QVERIFY_THROWS_EXCEPTION(ConfigError, training::computeDevice(beyond));
        } else {
            try {
                (void)training::computeDevice("cuda:0");
                QFAIL("cuda:0 was accepted without CUDA");
            } catch (const ConfigError& e) {
                QVERIFY2(std::string(e.what()).find("CUDA") != std::string::npos, e.what());
            }
        }
    }

    // parallel = "batch": every learner that offers it trains as on the whole batch on one
    // thread (to float rounding; clipped, with the same step scalars), the same bits run after
    // run, and predicts every part as the same state does on one thread.
    void splittingLearnersTrainAsTheWholeBatch() {
        const data::ImageDataset ds = test::syntheticDataset(12, 6);
        const auto seq = twoTasksOfTwoClasses(ds);
        data::LoaderOptions lo;
        lo.batchSize = 8;
        lo.transform.mean = ds.mean;
        lo.transform.std = ds.std;
        const data::Batch batch =
            *data::BatchLoader(ds.train, seq.task(0).train, seq.labelMap(), lo).next();
        learners::TaskInfo info;
        info.tasks = 2;
        info.firstClass = seq.firstClass(0);
        info.classes = seq.classesIn(0);
        info.seenClasses = seq.seenClassesAfter(0);
        info.steps = 3;
        int splitting = 0;
        for (const learners::LearnerInfo& learner : learners::learnerCatalog()) {
            if (!learner.splitsBatches) continue;
            ++splitting;
            struct Trained {
                std::vector<double> losses;
                std::vector<learners::NamedScalar> scalars;
                learners::LearnerState initial, state;
                torch::Tensor logits;
                std::vector<learners::Prediction> parts, partsOnOneThread;
                std::vector<learners::NamedScalar> evaluation, evaluationOnOneThread;
            };
            auto make = [&](const std::string& parallel, int threads) {
                learners::LearnerContext c = contextFor(ds, seq);
                c.experiment.memorySize = 4;
                c.experiment.system.parallel = parallel;
                c.experiment.system.threads = threads;
                c.experiment.training.gradClip = 1.0;
                // SGD, so that parameters differ as much as gradients do: Adam would turn the
                // rounding noise of gradients that are zero in theory (the attention's key
                // bias: softmax ignores a shift shared by all keys) into full steps.
                c.experiment.training.optimizer = "sgd";
                return learners::createLearner(
                    learner.name, c, learner.normalize(nlohmann::json::object(), ds.info));
            };
            auto train = [&](const std::string& parallel, int threads) {
                torch::manual_seed(0);
                auto l = make(parallel, threads);
                l->beginTask(info);
                Trained t;
                l->saveState(t.initial);
                for (int i = 0; i < 3; ++i) {
                    const learners::StepResult r = l->trainStep(batch);
                    t.losses.push_back(r.loss);
                    t.scalars.insert(t.scalars.end(), r.scalars.begin(), r.scalars.end());
                }
                l->endTask(info, firstTaskData(ds, seq));
                l->saveState(t.state);
                t.logits = l->predict(batch.images);
                t.parts = l->predictWithParts(batch.images);
                auto plain = make("ops", 1);
                plain->loadState(t.state, info);
                t.partsOnOneThread = plain->predictWithParts(batch.images);
                // What an evaluation records (the prompt methods' selection histograms).
                auto evaluate = [&](learners::Learner& m) {
                    m.beginEvaluation();
                    m.beginEvaluationTask(0);
                    (void)m.predictWithParts(batch.images);
                    return m.endEvaluation();
                };
                t.evaluation = evaluate(*l);
                t.evaluationOnOneThread = evaluate(*plain);
                return t;
            };
            const Trained whole = train("ops", 1), split = train("batch", 3),
                          again = train("auto", 3);  // "auto" splits where it can: the same
            const QByteArray name = QByteArray::fromStdString(learner.name);
            QCOMPARE(make("batch", 3)->stepParts(), 3);
            QCOMPARE(make("auto", 3)->stepParts(), 3);
            QCOMPARE(make("ops", 3)->stepParts(), 1);
            QCOMPARE(make("auto", 1)->stepParts(), 1);
            // The same split on the same kernel repeats bit for bit.
            QCOMPARE(split.losses, again.losses);
            for (std::size_t i = 0; i < split.state.tensors().size(); ++i)
                QVERIFY(
                    torch::equal(split.state.tensors()[i].second, again.state.tensors()[i].second));
            // A split step adds the same terms as the whole batch in another order, on other
            // threads, with other BLAS blockings (the parts are thinner products). The bounds
            // follow the tiny built-in models (test::reorderBound): the longest path of a logit
            // crosses the CLIP image tower (patch projection, ln_pre, 4 blocks of 9 reductions -
            // two LayerNorms, qkv, scores, softmax, values, projection, two MLP products -,
            // ln_post, projection: 40) and the text tower (2 blocks, ln_final, projection,
            // the norms and the cosine: 24), whose errors add: depth 70, at most 256 terms (the
            // MLP's hidden width; a weight gradient sums batch 8 x at most 21 tokens < 256).
            const double forward = test::reorderBound(256, 70);
            // A gradient comes back through the same reductions: an update (three SGD steps,
            // each -lr times the clipped gradient) is within twice the depth, relative to the
            // update's own scale. The updates are what is compared, not the weights: relative to
            // the pretrained weights they move by ~1e-3, and a missing or doubled part's
            // gradient would hide inside a bound on the weights.
            const double update = test::reorderBound(256, 2 * 70);
            const double logitScale = whole.logits.abs().max().item<double>();
            for (std::size_t i = 0; i < whole.losses.size(); ++i)
                PF_VERIFY_WITHIN_SCALE(torch::tensor(whole.losses[i]),
                                       torch::tensor(split.losses[i]), forward, logitScale,
                                       (name + " loss (scale: the logits')").constData());
            QCOMPARE(whole.state.tensors().size(), split.state.tensors().size());
            for (std::size_t i = 0; i < whole.state.tensors().size(); ++i) {
                const auto& [tensor, w] = whole.state.tensors()[i];
                const torch::Tensor& other = split.state.tensors()[i].second;
                const QByteArray what = name + " " + QByteArray::fromStdString(tensor);
                QCOMPARE(split.state.tensors()[i].first, tensor);
                if (!w.is_floating_point()) {
                    QVERIFY2(torch::equal(w, other), what.constData());  // counts, labels
                    continue;
                }
                // Tensors that endTask() adds (exemplars, frozen copies) against their scale.
                torch::Tensor w0 = torch::zeros_like(w);
                for (const auto& [initialName, initial] : whole.initial.tensors())
                    if (initialName == tensor && initial.sizes().equals(w.sizes())) w0 = initial;
                PF_VERIFY_WITHIN(w - w0, other - w0, update, what.constData());
            }
            PF_VERIFY_WITHIN(whole.logits, split.logits, forward, (name + " logits").constData());
            QCOMPARE(whole.scalars.size(), split.scalars.size());
            for (std::size_t i = 0; i < whole.scalars.size(); ++i) {
                QCOMPARE(split.scalars[i].first, whole.scalars[i].first);
                // Fusion weights, gate rates, key-matching losses: values in [0, 2] whose terms
                // are cosines and probabilities, so the scale is at least 1.
                PF_VERIFY_WITHIN_SCALE(
                    torch::tensor(split.scalars[i].second), torch::tensor(whole.scalars[i].second),
                    update, 1.0,
                    (name + " " + QByteArray::fromStdString(whole.scalars[i].first)).constData());
            }
            // Selection histograms count which prompts the queries picked: a count can only
            // differ where two keys' similarities lie within the forward bound of each other,
            // about one chance in 10^5 per image for these random keys.
            QCOMPARE(split.evaluation.size(), split.evaluationOnOneThread.size());
            for (std::size_t i = 0; i < split.evaluation.size(); ++i) {
                QCOMPARE(split.evaluation[i].first, split.evaluationOnOneThread[i].first);
                QVERIFY2(std::abs(split.evaluation[i].second -
                                  split.evaluationOnOneThread[i].second) < 1e-6,
                         (name + " " + QByteArray::fromStdString(split.evaluation[i].first))
                             .constData());
            }
            QCOMPARE(split.parts.size(), split.partsOnOneThread.size());
            for (std::size_t i = 0; i < split.parts.size(); ++i) {
                QCOMPARE(split.parts[i].name, split.partsOnOneThread[i].name);
                PF_VERIFY_WITHIN(
                    split.parts[i].logits, split.partsOnOneThread[i].logits, forward,
                    (name + " " + QByteArray::fromStdString(split.parts[i].name)).constData());
            }
        }
        QCOMPARE(splitting, 6);  // promptfusion, stabilizer, booster, l2p, dualprompt, coda
    }

    // In a later domain the Stabilizer's contexts are frozen: no step moves them, split or not
    // (a split step once left them last domain's gradient, and the optimizer stepped on it),
    // and they no longer count as trained.
    void frozenContextsStayInLaterDomains() {
        const auto [ds, seq] = twoDomains(4, 2);
        data::LoaderOptions lo;
        lo.batchSize = 8;
        lo.transform.mean = ds.mean;
        lo.transform.std = ds.std;
        auto contextsOf = [](const learners::Learner& l) {
            learners::LearnerState state;
            l.saveState(state);
            std::vector<torch::Tensor> out;
            for (const auto& [name, t] : state.tensors())
                if (name.rfind("stabilizer.contexts.", 0) == 0 &&
                    name != "stabilizer.contexts.count")
                    out.push_back(t.clone());
            return out;
        };
        for (const char* method : {"stabilizer", "promptfusion"}) {
            for (const char* parallel : {"ops", "batch"}) {
                const QByteArray what = QByteArray(method) + " " + parallel;
                torch::manual_seed(0);
                learners::LearnerContext c = contextFor(ds, seq);
                c.experiment.memorySize = 4;
                c.experiment.system.parallel = parallel;
                c.experiment.system.threads = 2;
                const learners::LearnerInfo& info = learners::learnerInfo(method);
                auto l = learners::createLearner(method, c,
                                                 info.normalize(nlohmann::json::object(), ds.info));
                learners::TaskInfo task;
                task.tasks = 2;
                task.classes = task.seenClasses = seq.totalClasses();
                task.domainIncremental = true;
                task.steps = 2;
                l->beginTask(task);
                const std::int64_t firstDomain = l->trainableParameters();
                l->trainStep(
                    *data::BatchLoader(ds.train, seq.task(0).train, seq.labelMap(), lo).next());
                l->endTask(task, firstTaskData(ds, seq));
                const std::vector<torch::Tensor> frozen = contextsOf(*l);
                QVERIFY2(frozen.size() == 1, what.constData());  // one context, all classes
                task.index = 1;
                l->beginTask(task);
                QVERIFY2(l->trainableParameters() == firstDomain - frozen[0].numel(),
                         what.constData());
                const data::Batch later =
                    *data::BatchLoader(ds.train, seq.task(1).train, seq.labelMap(), lo).next();
                for (int i = 0; i < 2; ++i)
                    l->trainStep(later);
                const std::vector<torch::Tensor> after = contextsOf(*l);
                QCOMPARE(after.size(), frozen.size());
                for (std::size_t i = 0; i < after.size(); ++i)
                    QVERIFY2(torch::equal(after[i], frozen[i]), what.constData());
            }
        }
    }

    // parallel = "auto" (the default) splits the steps of the learners that can, and leaves
    // every other learner - promptfusion-lite included - to share each operation.
    void autoParallelismSplitsOnlyWhereItCan() {
        const data::DatasetInfo& fmnist = data::datasetInfo("fmnist");
        for (const learners::LearnerInfo& learner : learners::learnerCatalog()) {
            learners::LearnerContext c;
            c.totalClasses = 4;
            for (int k = 0; k < 4; ++k)
                c.classNames.push_back(fmnist.classNames[static_cast<std::size_t>(k)]);
            c.experiment.system.threads = 2;
            QCOMPARE(c.experiment.system.parallel, std::string("auto"));
            const auto l = learners::createLearner(
                learner.name, c, learner.normalize(nlohmann::json::object(), fmnist));
            QVERIFY2(l->stepParts() == (learner.splitsBatches ? 2 : 1), learner.name.c_str());
        }
    }

    // linear-probe: each frozen backbone's features with a head trained on every task so far;
    // nothing but the head moves, and it learns the synthetic classes.
    void linearProbeTrainsItsHeadOnEveryTaskSoFar_data() {
        QTest::addColumn<QString>("backbone");
        QTest::newRow("vit") << "vit";
        QTest::newRow("clip") << "clip";
    }
    void linearProbeTrainsItsHeadOnEveryTaskSoFar() {
        QFETCH(QString, backbone);
        const data::ImageDataset ds = test::syntheticDataset(20, 10);
        const data::TaskSequence seq = twoTasksOfTwoClasses(ds);
        torch::manual_seed(0);
        learners::LearnerContext c = contextFor(ds, seq);
        c.experiment.training.lr = 0.05;
        const learners::LearnerInfo& info = learners::learnerInfo("linear-probe");
        auto probe = learners::createLearner(
            "linear-probe", c,
            info.normalize({{"probe_backbone", backbone.toStdString()}}, ds.info));
        QCOMPARE(probe->trainingIndices(seq, 1), seq.trainUpTo(1));
        QCOMPARE(probe->trainableParameters(), std::int64_t{(64 + 1) * 4});
        QVERIFY(probe->totalParameters() > 10000);
        training::TrainerOptions to;
        to.training.batchSize = 10;
        to.training.epochs = 10;
        to.mean = ds.mean;
        to.std = ds.std;
        learners::LearnerState before;
        probe->saveState(before);
        Counter counter;
        training::RunControl control;
        const auto end = training::Trainer(to, ds, seq, *probe).run(counter, control);
        QVERIFY2(end.status == training::RunStatus::Finished, end.error.c_str());
        // Both tasks' classes, told apart from frozen features: the last row is high.
        const double finalAcc = metrics::finalAverageAccuracy(end.matrix);
        QVERIFY2(finalAcc > 0.8, qPrintable(QString::number(finalAcc)));
        learners::LearnerState after;
        probe->saveState(after);
        QCOMPARE(after.tensors().size(), std::size_t{2});  // the head's weight and bias
        QVERIFY(!torch::equal(after.tensors()[0].second, before.tensors()[0].second));
        // A checkpoint of it predicts the same.
        auto again = learners::createLearner(
            "linear-probe", c,
            info.normalize({{"probe_backbone", backbone.toStdString()}}, ds.info));
        learners::TaskInfo last;
        last.index = 1;
        last.tasks = 2;
        last.seenClasses = 4;
        again->loadState(after, last);
        const torch::Tensor x = torch::randn({3, 1, 28, 28});
        QVERIFY(torch::equal(again->predict(x), probe->predict(x)));
    }

    void ewcPenaltyIsTheFisherWeightedDistance() {
        const std::vector<torch::Tensor> params{torch::tensor({1.0f, 2.0f}),
                                                torch::tensor({{3.0f}})};
        const std::vector<std::vector<torch::Tensor>> anchors{
            {torch::tensor({0.0f, 0.0f}), torch::tensor({{1.0f}})},
            {torch::tensor({1.0f, 1.0f}), torch::tensor({{3.0f}})}};
        const std::vector<std::vector<torch::Tensor>> fishers{
            {torch::tensor({2.0f, 3.0f}), torch::tensor({{0.5f}})},
            {torch::tensor({1.0f, 1.0f}), torch::tensor({{7.0f}})}};
        // Task 1: 2*1^2 + 3*2^2 + 0.5*2^2 = 16; task 2: 1*0 + 1*1^2 + 7*0 = 1.
        QCOMPARE(learners::ewcPenalty(params, anchors, fishers).item<float>(), 17.0f);
        QCOMPARE(learners::ewcPenalty(params, {}, {}).item<float>(), 0.0f);
    }

    void ewcEstimatesAFisherAtTheEndOfATask() {
        torch::manual_seed(0);
        const data::ImageDataset ds = test::syntheticDataset(8, 2);
        data::SequenceOptions so;
        so.tasks = 2;
        so.classesPerTask = 2;
        const auto seq = data::TaskSequence::classIncremental(
            ds.train.labelVector(), ds.test.labelVector(), ds.train.size(), 10, so);
        learners::LearnerContext context;
        context.totalClasses = 4;
        learners::EwcOptions o;
        learners::EwcLearner ewc(context, o);
        learners::TaskInfo t0;
        t0.classes = 2;
        t0.seenClasses = 2;
        ewc.beginTask(t0);
        const learners::TaskData own = firstTaskData(ds, seq);
        ewc.endTask(t0, own);
        const auto scalars = ewc.taskScalars();
        QCOMPARE(scalars[0].first, std::string("fisher_mean"));
        QVERIFY(scalars[0].second > 0.0);
        // The Fisher of one image is its squared gradient: by hand for image 0.
        data::BatchLoader one = own.loader({own.indices[0]});
        const data::Batch b = *one.next();
        const auto f = ewc.fisher(b.images, b.targets);
        QVERIFY(f.back().abs().sum().item<double>() > 0.0);  // the head's bias gets a gradient
    }

    void lwfDistillationAtTemperatureTwo() {
        const torch::Tensor newLogits = torch::tensor({{0.0f, 2.0f}});
        const torch::Tensor oldLogits = torch::tensor({{0.0f, std::log(3.0f)}});
        // T = 2: target softmax(old / 2) = (1, sqrt 3) / (1 + sqrt 3); log softmax(new / 2) =
        // (0, 1) - log(1 + e); the cross-entropy times T^2 = 4.
        const double s3 = std::sqrt(3.0), lse = std::log(1.0 + std::exp(1.0));
        const double expected = 4.0 * (1.0 / (1 + s3) * lse + s3 / (1 + s3) * (lse - 1.0));
        QVERIFY(std::abs(learners::distillationLoss(newLogits, oldLogits, 2.0).item<double>() -
                         expected) < 1e-5);
        // Identical logits at T = 1: the entropy of the distribution.
        const double h = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75));
        QVERIFY(std::abs(learners::distillationLoss(oldLogits, oldLogits, 1.0).item<double>() - h) <
                1e-5);
    }

    void unknownLearnerIsAConfigError() {
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 learners::createLearner("nope", {}, nlohmann::json::object()));
        QVERIFY_THROWS_EXCEPTION(ConfigError, learners::learnerInfo("nope"));
    }

    void experimentRunsFromAConfigOnDataFiles() {
        QTemporaryDir dir;
        test::writeSyntheticFashionMnist(dir.path().toStdString());
        const auto config =
            config::ExperimentConfig::fromJson({{"data_root", dir.path().toStdString()},
                                                {"tasks", 2},
                                                {"train_per_class", 20},
                                                {"batch_size", 8},
                                                {"vit_dim", 32},
                                                {"vit_depth", 1},
                                                {"vit_patch_size", 7},
                                                {"threads", 1}});
        training::Experiment experiment(config);
        experiment.prepare();
        QCOMPARE(experiment.sequence().size(), 2);
        QCOMPARE(experiment.sequence().task(1).train.size(), std::size_t{40});
        Counter counter;
        training::RunControl control;
        const auto end = experiment.run(counter, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(counter.start.tasks, 2);
        QCOMPARE(counter.start.threads, 1);
        QCOMPARE(counter.start.stepParts, 1);
        QCOMPARE(counter.start.taskClasses[1], (std::vector<std::string>{"Pullover", "Dress"}));
        QCOMPARE(counter.evaluations, 2);
        QCOMPARE(counter.steps, 10);
        // A learner that splits its steps says so (parallel = "auto", the default).
        training::Experiment split(
            config::ExperimentConfig::fromJson({{"data_root", dir.path().toStdString()},
                                                {"tasks", 2},
                                                {"train_per_class", 20},
                                                {"batch_size", 8},
                                                {"method", "booster"},
                                                {"threads", 2}}));
        Counter splitCounter;
        QCOMPARE(split.run(splitCounter, control).status, training::RunStatus::Finished);
        QCOMPARE(splitCounter.start.threads, 2);
        QCOMPARE(splitCounter.start.stepParts, 2);
    }

    // An experiment stopped after its first checkpoint resumes from it and goes on writing
    // checkpoints after the tasks it learns.
    void experimentResumesAndGoesOnCheckpointing() {
        QTemporaryDir dir;
        test::writeSyntheticFashionMnist(dir.path().toStdString());
        const auto config =
            config::ExperimentConfig::fromJson({{"data_root", dir.path().toStdString()},
                                                {"tasks", 3},
                                                {"train_per_class", 20},
                                                {"batch_size", 8},
                                                {"threads", 1}});
        const std::string folder = dir.filePath(QStringLiteral("run-1")).toStdString();
        class Checkpoints : public training::TrainerObserver {
        public:
            void onCheckpoint(const training::CheckpointEvent& e) override {
                tasks.push_back(e.afterTask);
                if (stop) stop->requestStop();
            }
            std::vector<int> tasks;
            training::RunControl* stop = nullptr;
        };
        {
            training::Experiment first(config);
            first.setCheckpointFolder(folder);
            training::RunControl control;
            Checkpoints seen;
            seen.stop = &control;
            QCOMPARE(first.run(seen, control).status, training::RunStatus::Stopped);
            QCOMPARE(seen.tasks, std::vector<int>{0});
        }
        training::Experiment second(config);
        QCOMPARE(second.resumeFrom(folder), 0);
        second.setCheckpointFolder(folder);
        training::RunControl control;
        Checkpoints seen;
        const auto end = second.run(seen, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(seen.tasks, std::vector<int>{1});
        QCOMPARE(training::readCheckpoint(folder).info.trainer.completedTask, 1);
        QCOMPARE(end.matrix.lastCompleteTask(), 2);
        // Another config's checkpoint is refused, naming the keys that differ.
        auto other = config.toJson();
        other["lr"] = 0.5;
        training::Experiment third(config::ExperimentConfig::fromJson(other));
        try {
            third.resumeFrom(folder);
            QFAIL("a checkpoint of another config was taken");
        } catch (const CheckpointError& e) {
            QVERIFY2(std::string(e.what()).find("differ: lr") != std::string::npos, e.what());
        }
    }

    void experimentReportsMissingData() {
        const auto config =
            config::ExperimentConfig::fromJson({{"data_root", "/nonexistent/folder"}});
        training::Experiment experiment(config);
        QVERIFY_THROWS_EXCEPTION(DataError, experiment.prepare());
    }
};

QTEST_APPLESS_MAIN(TestLearners)
#include "test_learners.moc"
