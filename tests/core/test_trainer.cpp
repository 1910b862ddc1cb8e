#include <QtTest>

#include <atomic>
#include <future>
#include <thread>

#include <QTemporaryDir>

#include <torch/torch.h>

#include "common/system_info.h"
#include "learners/finetune.h"
#include "learners/joint.h"
#include "learners/learner_state.h"
#include "synthetic_dataset.h"
#include "training/trainer.h"

using namespace pf;

namespace {

// Logs every event as a short string; optionally acts on the control from inside onStep.
class Recorder : public training::TrainerObserver {
public:
    void onTaskStart(const training::TaskStartEvent& e) override {
        log.push_back("task" + std::to_string(e.task));
    }
    void onStep(const training::StepEvent& e) override {
        ++steps;
        losses.push_back(e.loss);
        lrs.push_back(e.lr);
        if (onStepHook) onStepHook(e);
    }
    void onEpochEnd(const training::EpochEvent& e) override {
        log.push_back("epoch" + std::to_string(e.epoch));
        epochSeconds.push_back(e.seconds);
    }
    void onEvaluation(const training::EvaluationEvent& e) override {
        log.push_back("eval" + std::to_string(e.afterTask));
        evaluations.push_back(e);
    }
    void onTaskEnd(const training::TaskEndEvent& e) override {
        log.push_back("end" + std::to_string(e.task));
    }
    void onCheckpoint(const training::CheckpointEvent& e) override {
        log.push_back("checkpoint" + std::to_string(e.afterTask));
        checkpoints.push_back(e);
    }
    void onRunEnd(const training::RunEndEvent&) override { log.push_back("run-end"); }

    std::vector<training::CheckpointEvent> checkpoints;

    std::vector<std::string> log;
    std::vector<double> losses, lrs, epochSeconds;
    std::vector<training::EvaluationEvent> evaluations;
    std::atomic<int> steps{0};
    std::function<void(const training::StepEvent&)> onStepHook;
};

// Called from the trainer's step hook: pauses the run (it holds before its next step) and, on
// a thread of its own - the user - waits `hold`, does `then` and lets it go on. Join the thread
// after the run.
std::thread pauseFor(training::RunControl& control, std::chrono::milliseconds hold,
                     std::function<void()> then = {}) {
    control.pause();
    return std::thread([&control, hold, then] {
        std::this_thread::sleep_for(hold);
        if (then) then();
        control.resume();
    });
}

// A learner that records its hooks and returns a scripted loss.
class ScriptedLearner : public learners::Learner {
public:
    void beginTask(const learners::TaskInfo& t) override {
        calls.push_back("begin" + std::to_string(t.index));
        seen = t.seenClasses;
        planned.push_back(t.steps);
    }
    learners::StepResult trainStep(const data::Batch& b) override {
        ++stepCount;
        batchSizes.push_back(b.images.size(0));
        learners::StepResult r{stepCount == nanAt ? std::nan("") : 1.0 / stepCount,
                               {{"probe", 2.0}}};
        if (stepCount == infGradAt) r.gradNorm = std::numeric_limits<double>::infinity();
        return r;
    }
    void endTask(const learners::TaskInfo& t, const learners::TaskData&) override {
        calls.push_back("end" + std::to_string(t.index));
    }
    torch::Tensor predict(const torch::Tensor& images) override {
        calls.push_back("predict");
        return torch::zeros({images.size(0), seen});
    }
    void setLearningRate(double lr) override { lastLr = lr; }
    std::int64_t trainableParameters() const override { return 0; }
    // Its state: the steps taken so far (what its losses follow).
    void saveState(learners::LearnerState& state) const override {
        state.put("steps", torch::tensor(static_cast<std::int64_t>(stepCount)));
    }
    void loadState(const learners::LearnerState& state, const learners::TaskInfo& t) override {
        stepCount =
            static_cast<int>(state.get("steps", torch::kLong, torch::kCPU).item<std::int64_t>());
        seen = t.seenClasses;
        calls.push_back("load" + std::to_string(t.index));
    }

    std::vector<std::string> calls;
    std::vector<std::int64_t> planned, batchSizes;
    int seen = 0, stepCount = 0, nanAt = -1, infGradAt = -1;
    double lastLr = 0;
};

// Always ranks label 0 first, then 1, 2, ...: right on half of each task's test images only
// when the task id narrows the choice to the task's classes.
class FavoursLowLabels : public ScriptedLearner {
public:
    torch::Tensor predict(const torch::Tensor& images) override {
        return -torch::arange(seen, torch::kFloat32).unsqueeze(0).expand({images.size(0), seen});
    }
};

struct Setup {
    data::ImageDataset dataset = test::syntheticDataset(20, 10);
    data::TaskSequence sequence;
    training::TrainerOptions options;

    explicit Setup(int tasks = 2) {
        data::SequenceOptions so;
        so.tasks = tasks;
        so.classesPerTask = 2;
        sequence = data::TaskSequence::classIncremental(
            dataset.train.labelVector(), dataset.test.labelVector(), dataset.train.size(), 10, so);
        options.training.batchSize = 8;
        options.training.evalBatchSize = 16;
        options.mean = dataset.mean;
        options.std = dataset.std;
    }
};

learners::LearnerContext tinyContext(int totalClasses) {
    learners::LearnerContext c;
    c.experiment.training.lr = 3e-3;
    c.totalClasses = totalClasses;
    return c;
}

learners::ViTClassifierOptions tinyVit() {
    learners::ViTClassifierOptions o;
    o.patchSize = 7;
    o.dim = 32;
    o.depth = 1;
    o.heads = 2;
    return o;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { torch::manual_seed(0); }

    void taskIncrementalEvaluationGivesTheTaskId() {
        for (const auto scenario :
             {data::Scenario::ClassIncremental, data::Scenario::TaskIncremental}) {
            Setup s;
            data::SequenceOptions so;
            so.scenario = scenario;
            so.tasks = 2;
            so.classesPerTask = 2;
            s.sequence = data::TaskSequence::classIncremental(s.dataset.train.labelVector(),
                                                              s.dataset.test.labelVector(),
                                                              s.dataset.train.size(), 10, so);
            FavoursLowLabels learner;
            training::Trainer trainer(s.options, s.dataset, s.sequence, learner);
            Recorder rec;
            training::RunControl control;
            const auto end = trainer.run(rec, control);
            QCOMPARE(end.status, training::RunStatus::Finished);
            QCOMPARE(end.matrix.at(0, 1), 0.5);
            // Without the task id, task 2's images all get label 0: wrong. With it, label 2.
            QCOMPARE(end.matrix.at(1, 1), scenario == data::Scenario::TaskIncremental ? 0.5 : 0.0);
        }
        // The inspector's images: 3 per task, classes in turn, each with the model's guess.
        Setup s;
        FavoursLowLabels learner;
        learner.seen = 4;
        training::Trainer trainer(s.options, s.dataset, s.sequence, learner);
        const training::SamplesEvent samples = trainer.inspect(1, 3);
        QCOMPARE(samples.samples.size(), std::size_t{6});
        QCOMPARE(samples.samples[0].task, 0);
        QCOMPARE(samples.samples[3].task, 1);
        QCOMPARE(samples.samples[3].truth, std::string("Pullover"));
        QCOMPARE(samples.samples[4].truth, std::string("Dress"));
        QCOMPARE(samples.samples[3].predictions.size(), std::size_t{1});
        QCOMPARE(samples.samples[3].predictions[0],
                 (std::pair<std::string, std::string>{"model", "T-shirt/top"}));
        QCOMPARE(samples.samples[0].pixels.size(), std::size_t{28 * 28});
    }

    void hooksAndEventsComeInOrder() {
        Setup s;
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        training::Trainer trainer(s.options, s.dataset, s.sequence, learner);
        const training::RunEndEvent end = trainer.run(rec, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(rec.log, (std::vector<std::string>{"task0", "epoch0", "eval0", "end0", "task1",
                                                    "epoch0", "eval1", "end1", "run-end"}));
        QCOMPARE(learner.calls.front(), std::string("begin0"));
        QCOMPARE(learner.calls[1], std::string("end0"));  // endTask before evaluation
        QCOMPARE(learner.calls[2], std::string("predict"));
        // 40 samples per task, batch 8, drop-last: 5 steps planned and taken per task.
        QCOMPARE(learner.planned, (std::vector<std::int64_t>{5, 5}));
        QCOMPARE(rec.steps.load(), 10);
        for (std::int64_t b : learner.batchSizes)
            QCOMPARE(b, std::int64_t{8});
        // Task 0 evaluated once, task 1 twice: 3 entries in the lower triangle.
        QCOMPARE(rec.evaluations[1].accuracies.size(), std::size_t{2});
        QVERIFY(end.matrix.has(0, 1) && end.matrix.has(1, 1) && end.matrix.has(0, 0));
        // Zero logits predict label 0 = first class of task 0: 100% on task 0, 0% on task 1.
        QCOMPARE(end.matrix.at(0, 1), 0.5);
        QCOMPARE(end.matrix.at(1, 1), 0.0);
    }

    // A checkpoint after every task but the last; a run stopped in task 3 of 4 goes on from
    // the one after task 2 with task 3, its step count, learning rate and accuracy matrix, and ends
    // as the whole run does.
    void aStoppedRunResumesFromItsCheckpoint() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath(QStringLiteral("run-1")).toStdString();
        Setup s(4);
        s.options.checkpointFolder = folder;
        s.options.config = {{"method", "scripted"}};

        ScriptedLearner whole;
        Recorder wholeRec;
        training::RunControl wholeControl;
        const auto all =
            training::Trainer(s.options, s.dataset, s.sequence, whole).run(wholeRec, wholeControl);
        QCOMPARE(all.status, training::RunStatus::Finished);
        QCOMPARE(wholeRec.checkpoints.size(), std::size_t{3});  // after tasks 1, 2 and 3
        for (const auto& c : wholeRec.checkpoints)
            QVERIFY2(c.error.empty(), c.error.c_str());
        QCOMPARE(wholeRec.log[3], std::string("checkpoint0"));  // after evaluation, before end
        QCOMPARE(wholeRec.log[4], std::string("end0"));

        ScriptedLearner first;
        Recorder firstRec;
        training::RunControl stop;
        firstRec.onStepHook = [&](const training::StepEvent& e) {
            if (e.task == 2) stop.requestStop();  // ends in task 3: the checkpoint after 2 stays
        };
        const auto part =
            training::Trainer(s.options, s.dataset, s.sequence, first).run(firstRec, stop);
        QCOMPARE(part.status, training::RunStatus::Stopped);
        const training::Checkpoint c = training::readCheckpoint(folder);
        QCOMPARE(c.info.trainer.completedTask, 1);
        QCOMPARE(c.info.trainer.globalStep, std::int64_t{10});
        QCOMPARE(c.info.config, s.options.config);
        // One tensor file: the checkpoint after task 1 was replaced by the one after task 2.
        QCOMPARE(QDir(QString::fromStdString(folder)).entryList(QDir::Files),
                 (QStringList{"task-2.safetensors", "trainer.json"}));

        ScriptedLearner second;
        Recorder secondRec;
        training::RunControl control;
        training::Trainer resumed(s.options, s.dataset, s.sequence, second);
        resumed.resumeFrom(c);
        const auto end = resumed.run(secondRec, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(second.calls.front(), std::string("load1"));
        QCOMPARE(second.calls[1], std::string("begin2"));
        QCOMPARE(secondRec.log.front(), std::string("task2"));
        QCOMPARE(secondRec.steps.load(), 10);
        const std::vector<double> tail(wholeRec.losses.begin() + 10, wholeRec.losses.end());
        QCOMPARE(secondRec.losses, tail);  // the learner's state went on where it stopped
        for (int t = 0; t < 4; ++t)
            for (int i = 0; i <= t; ++i)
                QCOMPARE(end.matrix.at(i, t), all.matrix.at(i, t));
    }

    // A checkpoint that cannot be written (here: its folder is a file) is reported, and the
    // run goes on to the end.
    void aCheckpointThatCannotBeWrittenDoesNotStopTheRun() {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Setup s(3);
        s.options.checkpointFolder = (blocker + QStringLiteral("/run-1")).toStdString();
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        const auto end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(rec.checkpoints.size(), std::size_t{2});
        QVERIFY2(rec.checkpoints[0].error.find("run-1") != std::string::npos,
                 rec.checkpoints[0].error.c_str());
    }

    void finetuneLearnsEachTaskAndForgets() {
        Setup s;
        s.options.training.epochs = 3;
        learners::FinetuneLearner learner(tinyContext(4), tinyVit());
        Recorder rec;
        training::RunControl control;
        const auto end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QCOMPARE(end.status, training::RunStatus::Finished);
        QVERIFY2(end.matrix.at(0, 0) > 0.9, std::to_string(end.matrix.at(0, 0)).c_str());
        QVERIFY2(end.matrix.at(1, 1) > 0.9, std::to_string(end.matrix.at(1, 1)).c_str());
        QVERIFY2(end.matrix.at(0, 1) < 0.5, std::to_string(end.matrix.at(0, 1)).c_str());
    }

    void jointKeepsOldTasks() {
        Setup s;
        s.options.training.epochs = 3;
        learners::JointLearner learner(tinyContext(4), tinyVit());
        QCOMPARE(learner.trainingIndices(s.sequence, 1).size(), std::size_t{80});
        Recorder rec;
        training::RunControl control;
        const auto end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QVERIFY2(end.matrix.at(0, 1) > 0.9, std::to_string(end.matrix.at(0, 1)).c_str());
    }

    void sameSeedSameRun() {
        auto once = [] {
            torch::manual_seed(3);
            Setup s;
            s.options.seed = 11;
            learners::FinetuneLearner learner(tinyContext(4), tinyVit());
            Recorder rec;
            training::RunControl control;
            const auto end =
                training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
            return std::make_pair(rec.losses, end.matrix.rows());
        };
        const auto a = once();
        const auto b = once();
        QCOMPARE(a.first, b.first);
        QCOMPARE(a.second[0][1], b.second[0][1]);
    }

    void stopFromAnotherThreadEndsTheRunStopped() {
        Setup s(5);
        s.options.training.epochs =
            1000000;  // cannot finish before the stop, however slow this thread is
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        training::RunEndEvent end;
        std::thread worker([&] {
            end = training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        });
        while (rec.steps.load() < 3)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        control.requestStop();
        worker.join();
        QCOMPARE(end.status, training::RunStatus::Stopped);
        QCOMPARE(end.matrix.lastCompleteTask(), -1);
        QCOMPARE(rec.log.back(), std::string("run-end"));
    }

    void pauseHoldsAndResumeContinues() {
        Setup s;
        s.options.training.epochs = 4;
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        rec.onStepHook = [&](const training::StepEvent& e) {
            if (e.step == 2) control.pause();
        };
        training::RunEndEvent end;
        std::thread worker([&] {
            end = training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        });
        while (!control.paused())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        QCOMPARE(rec.steps.load(), 3);  // steps 0, 1, 2, then held
        control.resume();
        worker.join();
        QCOMPARE(end.status, training::RunStatus::Finished);
        QCOMPARE(rec.steps.load(), 2 * 4 * 5);
    }

    void stepEpochPausesAfterTheEpoch() {
        Setup s;
        s.options.training.epochs = 3;
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        control.pause();
        training::RunEndEvent end;
        std::thread worker([&] {
            end = training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(rec.steps.load(), 0);
        control.stepEpoch();
        while (!(control.paused() && rec.steps.load() == 5))
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(rec.steps.load(), 5);  // exactly one epoch
        control.requestStop();
        worker.join();
        QCOMPARE(end.status, training::RunStatus::Stopped);
    }

    // The GUI thread computes on itself alone while the training thread keeps its own count:
    // OpenMP settings belong to the thread that makes them.
    void threadCountsBelongToTheirThread() {
        std::promise<void> guiSet, trainerSet;
        int guiBefore = 0, guiAfter = 0, trainerCount = 0;
        std::thread gui([&] {
            guiBefore = useCallingThreadOnly();
            guiSet.set_value();
            trainerSet.get_future().wait();
            (void)torch::ones({256, 256}).mul(2.0).sum();  // a parallel op, run here
            guiAfter = torch::get_num_threads();
        });
        guiSet.get_future().wait();
        std::thread([&] { trainerCount = applyThreadCount(2); }).join();
        trainerSet.set_value();
        gui.join();
        QCOMPARE(guiBefore, 1);
        QCOMPARE(trainerCount, 2);
        QCOMPARE(guiAfter, 1);
    }

    void infiniteGradientEndsTheRunDiverged() {
        Setup s;
        ScriptedLearner learner;
        learner.infGradAt = 2;
        Recorder rec;
        training::RunControl control;
        const auto end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QCOMPARE(end.status, training::RunStatus::Diverged);
        QVERIFY2(QString::fromStdString(end.error).contains("gradient norm became inf at step 1"),
                 end.error.c_str());
        QCOMPARE(rec.steps.load(), 1);
    }

    void nanLossEndsTheRunDiverged() {
        Setup s;
        ScriptedLearner learner;
        learner.nanAt = 4;
        Recorder rec;
        training::RunControl control;
        const auto end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QCOMPARE(end.status, training::RunStatus::Diverged);
        QVERIFY2(QString::fromStdString(end.error).contains("at step 3"), end.error.c_str());
        QCOMPARE(rec.steps.load(), 3);
    }

    void cosineScheduleAndLiveLearningRate() {
        Setup s;
        s.options.training.epochs = 2;
        s.options.training.lr = 0.1;
        s.options.training.lrSchedule = "cosine";
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        rec.onStepHook = [&](const training::StepEvent& e) {
            if (e.step == 0) control.setLearningRate(0.2);  // applies from the next step
        };
        training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        QCOMPARE(rec.lrs.size(), std::size_t{20});
        QVERIFY(std::abs(rec.lrs[0] - 0.1) < 1e-12);
        // Step 2 of 10 at base 0.2: the schedule goes on from where it is.
        QVERIFY(std::abs(rec.lrs[1] - 0.5 * 0.2 * (1.0 + std::cos(M_PI * 0.1))) < 1e-12);
        QVERIFY(rec.lrs[4] < rec.lrs[1]);
        // Epoch 2 of task 1 starts at step 5 of 10: 0.2 * 0.5 * (1 + cos(pi/2)).
        QVERIFY(std::abs(rec.lrs[5] - 0.1) < 1e-12);
        // The schedule restarts with each task.
        QVERIFY(std::abs(rec.lrs[10] - 0.2) < 1e-12);
    }

    // A learning rate set while the run is paused is the one the next step uses (the GUI's
    // pause, change, go on).
    void aLearningRateSetWhilePausedAppliesToTheNextStep() {
        Setup s;
        s.options.training.epochs = 2;
        s.options.training.lr = 0.1;
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        std::thread user;
        rec.onStepHook = [&](const training::StepEvent& e) {
            if (e.step == 2)  // held before step 3
                user = pauseFor(control, std::chrono::milliseconds(20),
                                [&] { control.setLearningRate(0.3); });
        };
        training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        user.join();
        QVERIFY(rec.lrs.size() > 4);
        QCOMPARE(rec.lrs[2], 0.1);
        QCOMPARE(rec.lrs[3], 0.3);
        QCOMPARE(rec.lrs.back(), 0.3);
    }

    // Time paused is not training time: the epoch, task and run seconds leave it out.
    void pausedTimeIsLeftOutOfTheTimes() {
        Setup s;
        s.options.training.epochs = 2;
        ScriptedLearner learner;
        Recorder rec;
        training::RunControl control;
        std::thread user;
        rec.onStepHook = [&](const training::StepEvent& e) {
            if (e.step == 2) user = pauseFor(control, std::chrono::milliseconds(600));
        };
        const auto start = std::chrono::steady_clock::now();
        const training::RunEndEvent end =
            training::Trainer(s.options, s.dataset, s.sequence, learner).run(rec, control);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        user.join();
        const double paused = control.pausedSeconds();
        // The hold's clock starts at pause(), inside step 2's hook; the trainer starts waiting a
        // little later, when it checks before step 3 (microseconds here, far more under a
        // sanitizer), so the time it counts is the hold less that gap, never more than the wall.
        QVERIFY2(paused >= 0.3 && paused <= wall, qPrintable(QString::number(paused)));
        QCOMPARE(end.status, training::RunStatus::Finished);
        // The paused epoch took its steps' time, not the pause's (its steps are microseconds).
        QVERIFY2(rec.epochSeconds.at(0) < paused / 2,
                 qPrintable(QString::number(rec.epochSeconds[0])));
        QVERIFY(end.seconds <= wall - paused + 1e-6);
        QVERIFY(end.seconds >= 0.0);
        double trained = 0.0;
        for (const auto& [name, value] : rec.evaluations.at(0).figures)
            if (name == "train_seconds") trained = value;
        QVERIFY2(trained < paused / 2, qPrintable(QString::number(trained)));
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
