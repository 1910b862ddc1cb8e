// The run service: what the command line and the GUI share of a run's life.

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "experiment/experiment_config.h"
#include "io/checkpoint_folder.h"
#include "run/run_service.h"
#include "run/run_store.h"
#include "same_values.h"
#include "synthetic_data.h"
#include "training/run_control.h"

using namespace pf;

namespace {

// Keeps every event, as a front end would receive it.
class Recorder : public storage::RunEventSink {
public:
    void onEvent(storage::RunEvent event) override { events.push_back(std::move(event)); }

    template <class E>
    std::vector<E> all() const {
        std::vector<E> out;
        for (const storage::RunEvent& e : events)
            if (const E* x = std::get_if<E>(&e)) out.push_back(*x);
        return out;
    }
    template <class E>
    int indexOf(int nth = 0) const {
        for (std::size_t i = 0; i < events.size(); ++i)
            if (std::holds_alternative<E>(events[i]) && nth-- == 0) return static_cast<int>(i);
        return -1;
    }

    std::vector<storage::RunEvent> events;
};

// Stops the run at its first step of task `task`.
class StopAt : public storage::RunListener {
public:
    StopAt(training::RunControl& control, int task) : control_(control), task_(task) {}
    void onStep(const training::StepEvent& e) override {
        if (e.task == task_) control_.requestStop();
    }

private:
    training::RunControl& control_;
    int task_;
};

}  // namespace

class TestRunService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(data_.isValid() && home_.isValid());
        test::writeSyntheticFashionMnist(data_.path().toStdString());
    }

    // A comparison stores each method as a run of its own, in turn; each is announced before
    // its trainer's first event.
    void startStoresEachRunOfAComparison() {
        nlohmann::json c = tiny();
        c["compare_with"] = "linear";
        storage::RunService service(db("compare"));
        Recorder r;
        training::RunControl control;
        const auto outcomes = service.start(config::ExperimentConfig::fromJson(c), r, control);
        QCOMPARE(outcomes.size(), std::size_t{2});
        const auto stored = r.all<storage::RunStoredEvent>();
        QCOMPARE(stored.size(), std::size_t{2});
        QCOMPARE(stored[0].config.options.method, std::string("finetune"));
        QCOMPARE(stored[1].config.options.method, std::string("linear"));
        QCOMPARE(stored[1].index, 1);
        QCOMPARE(stored[1].count, 2);
        QVERIFY(r.indexOf<storage::RunStoredEvent>(0) < r.indexOf<training::RunStartEvent>(0));
        QVERIFY(r.indexOf<training::RunEndEvent>(0) < r.indexOf<storage::RunStoredEvent>(1));
        storage::RunStore store(service.storePath());
        for (const storage::RunOutcome& o : outcomes) {
            QCOMPARE(o.end.status, training::RunStatus::Finished);
            QCOMPARE(store.run(o.runId)->status, std::string("finished"));
            QCOMPARE(store.run(o.runId)->method, o.config.options.method);
        }
    }

    // A rehearsal method without a memory is another method: the run says so, once stored.
    void aRehearsalMethodWithoutMemoryIsWarnedAbout() {
        nlohmann::json c = tiny();
        c["method"] = "er";
        c["epochs"] = 1;
        storage::RunService service(db("warned"));
        training::RunControl control;
        Recorder r;
        service.start(config::ExperimentConfig::fromJson(c), r, control);
        const auto warnings = r.all<storage::WarningEvent>();
        QCOMPARE(warnings.size(), std::size_t{1});
        QVERIFY2(warnings[0].message.find("memory_size") != std::string::npos,
                 warnings[0].message.c_str());
        QVERIFY(r.indexOf<storage::RunStoredEvent>(0) < r.indexOf<storage::WarningEvent>(0));
        c["memory_size"] = 20;
        Recorder quiet;
        service.start(config::ExperimentConfig::fromJson(c), quiet, control);
        QVERIFY(quiet.all<storage::WarningEvent>().empty());
    }

    // A stopped run ends the comparison: the next method is not stored.
    void aStoppedRunEndsTheComparison() {
        nlohmann::json c = tiny();
        c["compare_with"] = "linear";
        storage::RunService service(db("stopped"));
        training::RunControl control;
        StopAt stop(control, 1);
        const auto outcomes = service.start(config::ExperimentConfig::fromJson(c), stop, control);
        QCOMPARE(outcomes.size(), std::size_t{1});
        QCOMPARE(outcomes[0].end.status, training::RunStatus::Stopped);
        QCOMPARE(storage::RunStore(service.storePath()).listRuns().size(), std::size_t{1});
    }

    // Bad data or weights fail before anything is stored.
    void badInputStoresNothing() {
        storage::RunService service(db("bad"));
        training::RunControl control;
        Recorder r;
        nlohmann::json c = tiny();
        c["data_root"] = "/nonexistent/fashion";
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 service.start(config::ExperimentConfig::fromJson(c), r, control));
        c = tiny();
        c["vit_weights"] = home_.filePath("missing.safetensors").toStdString();
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 service.start(config::ExperimentConfig::fromJson(c), r, control));
        QVERIFY(r.all<storage::RunStoredEvent>().empty());
        QCOMPARE(storage::RunStore(service.storePath()).listRuns().size(), std::size_t{0});
    }

    // A replay sends what the trainer sent: the same steps, epochs, evaluations and end.
    void replayRepeatsTheLiveEvents() {
        storage::RunService service(db("replay"));
        Recorder live;
        training::RunControl control;
        const auto outcomes =
            service.start(config::ExperimentConfig::fromJson(tiny()), live, control);
        Recorder replayed;
        service.replay(outcomes[0].runId, replayed);
        const auto bracket = replayed.all<storage::ReplayEvent>();
        QCOMPARE(bracket.size(), std::size_t{2});
        QVERIFY(bracket[0].started && !bracket[1].started);
        QCOMPARE(bracket[1].status, std::string("finished"));

        const auto a = live.all<training::StepEvent>(), b = replayed.all<training::StepEvent>();
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].step, a[i].step);
            QCOMPARE(b[i].task, a[i].task);
            QCOMPARE(b[i].epoch, a[i].epoch);
            QCOMPARE(b[i].loss, a[i].loss);
            QCOMPARE(b[i].lr, a[i].lr);
        }
        const auto ea = live.all<training::EpochEvent>(), eb = replayed.all<training::EpochEvent>();
        QCOMPARE(eb.size(), ea.size());
        for (std::size_t i = 0; i < ea.size(); ++i) {
            QCOMPARE(eb[i].epoch, ea[i].epoch);
            QCOMPARE(eb[i].epochs, ea[i].epochs);
            QCOMPARE(eb[i].meanLoss, ea[i].meanLoss);
        }
        const auto va = live.all<training::EvaluationEvent>();
        const auto vb = replayed.all<training::EvaluationEvent>();
        QCOMPARE(vb.size(), va.size());
        for (std::size_t i = 0; i < va.size(); ++i) {
            QVERIFY(test::same(vb[i].accuracies, va[i].accuracies));
            QCOMPARE(vb[i].matrix.rows().size(), va[i].matrix.rows().size());
            QVERIFY(test::same(vb[i].summary.averageAccuracy, va[i].summary.averageAccuracy));
            QVERIFY(test::same(vb[i].summary.forgetting, va[i].summary.forgetting));
            // The store lists figures by name; one with nothing to measure yet (NaN: no old
            // classes after the first task) is not replayed.
            auto fa = va[i].figures, fb = vb[i].figures;
            fa.erase(std::remove_if(fa.begin(), fa.end(),
                                    [](const auto& f) { return std::isnan(f.second); }),
                     fa.end());
            std::sort(fa.begin(), fa.end());
            std::sort(fb.begin(), fb.end());
            QCOMPARE(fb, fa);
        }
        const auto ta = live.all<training::TaskStartEvent>();
        const auto tb = replayed.all<training::TaskStartEvent>();
        QCOMPARE(tb.size(), ta.size());
        QCOMPARE(tb[1].classNames, ta[1].classNames);
        QCOMPARE(tb[1].stepsPerEpoch, ta[1].stepsPerEpoch);
        QCOMPARE(tb[1].epochs, ta[1].epochs);
        // Each epoch's steps come before its end, as live.
        QVERIFY(replayed.indexOf<training::EpochEvent>(0) >
                replayed.indexOf<training::StepEvent>(static_cast<int>(a.size() / 4) - 1));
        const auto end = replayed.all<training::RunEndEvent>();
        QCOMPARE(end.size(), std::size_t{1});
        QVERIFY(test::same(end[0].matrix.rows(), outcomes[0].end.matrix.rows()));
        QVERIFY_THROWS_EXCEPTION(InputError, service.replay(999, replayed));
    }

    // A stopped run resumes from its checkpoint: the kept tasks are replayed first when asked,
    // then the rest trains into the same run.
    void resumeReplaysTheKeptTasksThenTrains() {
        storage::RunService service(db("resume"));
        training::RunControl control;
        StopAt stop(control, 1);
        const auto first = service.start(config::ExperimentConfig::fromJson(tiny()), stop, control);
        QCOMPARE(first[0].end.status, training::RunStatus::Stopped);
        Recorder r;
        training::RunControl again;
        const auto outcome = service.resume(first[0].runId, {}, r, again, /*replayKept=*/true);
        QCOMPARE(outcome.end.status, training::RunStatus::Finished);
        const auto stored = r.all<storage::RunStoredEvent>();
        QCOMPARE(stored.size(), std::size_t{1});
        QCOMPARE(stored[0].resumedAfterTask, 0);
        // The replay (task 1) ends before the run is announced and trains on.
        QVERIFY(r.indexOf<storage::ReplayEvent>(1) < r.indexOf<storage::RunStoredEvent>(0));
        QCOMPARE(r.all<training::EvaluationEvent>().size(), std::size_t{2});
        QCOMPARE(storage::RunStore(service.storePath()).run(first[0].runId)->status,
                 std::string("finished"));
        // A finished run cannot resume; nothing changes.
        QVERIFY_THROWS_EXCEPTION(InputError, service.resume(first[0].runId, {}, r, again));
    }

    // A store deleted mid-run: the run trains on, then goes whole into a recovery store beside
    // it; when no folder can take one, the results come back to save elsewhere.
    void aFailedStoreIsRecovered() {
        const std::string path = db("fragile");
        storage::RunService service(path);
        training::RunControl control;
        Recorder r;
        DeleteAt remove(path, 1);
        storage::RunListenerList both;
        both.add(remove);
        both.add(r);
        const auto outcomes =
            service.start(config::ExperimentConfig::fromJson(tiny()), both, control);
        QVERIFY(outcomes[0].storeFailed);
        QCOMPARE(outcomes[0].end.status, training::RunStatus::Finished);
        QCOMPARE(r.all<storage::StoreFailedEvent>().size(), std::size_t{1});
        const auto kept = r.all<storage::RunKeptEvent>();
        QCOMPARE(kept.size(), std::size_t{1});
        const std::filesystem::path recovered(kept[0].recoveryPath);
        QCOMPARE(recovered.parent_path(), std::filesystem::path(path).parent_path());
        storage::RunStore store(kept[0].recoveryPath);
        QCOMPARE(store.run(kept[0].recoveryId)->status, std::string("finished"));
        QVERIFY(test::same(store.accuracyMatrix(kept[0].recoveryId).rows(),
                           outcomes[0].end.matrix.rows()));

        // No folder that can take a recovery store: nothing half-written, the journal returned.
        const std::string blocker = home_.filePath("blocker").toStdString();
        std::ofstream(blocker).put('x');
        service.setRecoveryFolders({blocker + "/a", blocker + "/b"});
        const auto lost = service.saveRecovery(kept[0].journal, 7, "why");
        QVERIFY(lost.recoveryPath.empty());
        QVERIFY(!lost.recoveryError.empty());
        QVERIFY(lost.journal);
        QCOMPARE(lost.journal->evaluations.size(), std::size_t{2});
    }

private:
    // Deletes the store's files at the first step of task `task`.
    class DeleteAt : public storage::RunListener {
    public:
        DeleteAt(std::string path, int task) : path_(std::move(path)), task_(task) {}
        void onStep(const training::StepEvent& e) override {
            if (e.task != task_ || done_) return;
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(path_ + suffix);
            done_ = true;
        }

    private:
        std::string path_;
        int task_;
        bool done_ = false;
    };

    nlohmann::json tiny() const {
        return {{"name", "service test"},
                {"data_root", data_.path().toStdString()},
                {"tasks", 2},
                {"epochs", 2},
                {"train_per_class", 20},
                {"batch_size", 10},
                {"vit_dim", 32},
                {"vit_depth", 1},
                {"vit_patch_size", 7},
                {"threads", 1}};
    }
    std::string db(const char* name) const {
        return home_.filePath(QString::fromLatin1(name) + ".sqlite").toStdString();
    }

    QTemporaryDir data_;
    QTemporaryDir home_;
};

QTEST_MAIN(TestRunService)
#include "test_run_service.moc"
