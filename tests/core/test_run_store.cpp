#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "run/run_export.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "run/seed_groups.h"
#include "sql_exec.h"

using namespace pf;
using storage::groupSeeds;
using storage::RunRecord;
using storage::RunStore;
using storage::Spread;
using storage::spreadOf;

using pf::test::execSql;

namespace {

storage::NewRun newRun(const std::string& name) {
    storage::NewRun r;
    r.name = name;
    r.method = "finetune";
    r.dataset = "fmnist";
    r.config = "{\"tasks\": 3}";
    r.seed = 4;
    r.tasks = 3;
    r.versions = "{\"app\": \"test\"}";
    return r;
}

metrics::TaskSummary summaryOf(const metrics::AccuracyMatrix& m, int t) {
    return metrics::summarize(m, t);
}

}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsSchemaAndRecordsARun() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("sub/folder/runs.sqlite").toStdString();
        RunStore store(path);
        QCOMPARE(store.schemaVersion(), RunStore::currentSchemaVersion());
        const std::int64_t id = store.createRun(newRun("first"));
        metrics::AccuracyMatrix m({{0.9, 0.6}, {NAN, 0.8}});
        store.recordEvaluation(id, 0, {0.9}, summaryOf(m, 0));
        store.recordEvaluation(id, 1, {0.6, 0.8}, summaryOf(m, 1));
        store.finishRun(id, "finished", 12.5, "");

        const auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t{1});
        const storage::RunRecord& r = runs[0];
        QCOMPARE(r.name, std::string("first"));
        QCOMPARE(r.status, std::string("finished"));
        QCOMPARE(r.seconds, 12.5);
        QCOMPARE(r.finalAverageAccuracy, 0.7);
        QVERIFY(std::abs(r.finalForgetting - 0.3) < 1e-12);
        QCOMPARE(r.config, std::string("{\"tasks\": 3}"));
        QVERIFY(!r.createdAt.empty() && !r.finishedAt.empty());

        const metrics::AccuracyMatrix back = store.accuracyMatrix(id);
        QCOMPARE(back.tasks(), 3);
        QCOMPARE(back.at(0, 1), 0.6);
        QCOMPARE(back.at(1, 1), 0.8);
        QVERIFY(!back.has(0, 2));
        const auto figures = store.taskMetrics(id);
        auto find = [&](const std::string& name) {
            for (const auto& f : figures)
                if (f.first == name) return f.second;
            return std::vector<double>();
        };
        QCOMPARE(find("stability").size(), std::size_t{2});
        QCOMPARE(find("stability")[1], 0.6);
        QVERIFY(std::isnan(find("forgetting")[0]));
    }

    void stepCurvesComeBackInOrder() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const auto id = store.createRun(newRun("curves"));
        store.appendSteps(id,
                          {{1, 0, 0, "loss", 0.5}, {0, 0, 0, "loss", 0.9}, {0, 0, 0, "lr", 1e-3}});
        store.appendSteps(id, {{2, 1, 0, "loss", 0.4}});
        const auto loss = store.stepSeries(id, "loss");
        QCOMPARE(loss.size(), std::size_t{3});
        QCOMPARE(loss[0].value, 0.9);
        QCOMPARE(loss[2].task, 1);
        QCOMPARE(store.stepSeriesNames(id), (std::vector<std::string>{"loss", "lr"}));
        store.recordEpoch(id, {0, 0, 0.7, 1.5});
        QCOMPARE(store.epochs(id).size(), std::size_t{1});
        QCOMPARE(store.epochs(id)[0].meanLoss, 0.7);
    }

    void editsAndDeletes() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const auto a = store.createRun(newRun("a"));
        const auto b = store.createRun(newRun("b"));
        store.appendSteps(a, {{0, 0, 0, "loss", 1.0}});
        // User text goes through bound parameters, verbatim.
        const std::string tricky = "x'); DROP TABLE runs; --";
        store.rename(a, tricky);
        store.setNotes(a, "line 1\nline 2");
        store.setTags(a, {"demo", "class", "demo"});
        const auto r = store.run(a);
        QVERIFY(r.has_value());
        QCOMPARE(r->name, tricky);
        QCOMPARE(r->notes, std::string("line 1\nline 2"));
        QCOMPARE(r->tags, (std::vector<std::string>{"class", "demo"}));
        QCOMPARE(store.listRuns().size(), std::size_t{2});
        QCOMPARE(store.listRuns()[0].id, b);  // newest first
        store.deleteRun(a);
        QVERIFY(!store.run(a).has_value());
        QVERIFY(store.stepSeries(a, "loss").empty());
        QVERIFY_THROWS_EXCEPTION(StorageError, store.rename(a, "gone"));
    }

    // Runs that differ only in seed (and their labels) are one experiment; anything else
    // (another method, another learning rate) is another.
    void runsDifferingOnlyInSeedAreGrouped() {
        auto record = [](const nlohmann::json& config) {
            RunRecord r;
            r.config = config.dump();
            return r;
        };
        const nlohmann::json base = {{"method", "er"}, {"lr", 0.01}, {"seed", 0}, {"name", "a"}};
        auto with = [&](const char* key, const nlohmann::json& value) {
            nlohmann::json c = base;
            c[key] = value;
            return record(c);
        };
        const std::vector<RunRecord> runs = {record(base),
                                             with("seed", 1),
                                             with("method", "finetune"),
                                             with("name", "a [seed 2]"),
                                             with("lr", 0.02),
                                             with("seed", 7),
                                             record(nlohmann::json{{"method", "er"},
                                                                   {"lr", 0.01},
                                                                   {"seed", 3},
                                                                   {"seeds", "0-3"},
                                                                   {"compare_with", "joint"}})};
        const auto groups = groupSeeds(runs);
        QCOMPARE(groups, (std::vector<std::vector<std::size_t>>{{0, 1, 3, 5, 6}, {2}, {4}}));
        RunRecord broken;
        broken.config = "not json";
        QCOMPARE(groupSeeds({broken, broken, runs[0]}).size(), std::size_t{2});

        const Spread s = spreadOf({0.7, 0.8, NAN, 0.9});
        QCOMPARE(s.n, 3);
        QVERIFY(std::abs(s.mean - 0.8) < 1e-12);
        QVERIFY(std::abs(s.std - 0.1) < 1e-12);  // sample standard deviation (n - 1)
        QVERIFY(std::isnan(spreadOf({0.5}).std) && spreadOf({0.5}).mean == 0.5);
        QVERIFY(std::isnan(spreadOf({}).mean));
    }

    // The per-task table: one row per task learned, the accuracy on each task learned so far
    // (empty beyond), and the figures after that task.
    void theTaskTableHasARowPerTaskLearned() {
        metrics::AccuracyMatrix m(3);
        m.set(0, 0, 0.9);
        m.set(0, 1, 0.6);
        m.set(1, 1, 0.8);
        const std::string csv = storage::taskTableCsv(m);
        const QStringList lines = QString::fromStdString(csv).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);  // header, after task 1, after task 2
        QCOMPARE(lines[0], QStringLiteral("after_task,task_1,task_2,task_3,average_accuracy,"
                                          "average_incremental_accuracy,forgetting,"
                                          "backward_transfer,plasticity,stability"));
        QVERIFY2(lines[1].startsWith("1,0.9,,,0.9,0.9,,,0.9,"), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith("2,0.6,0.8,,0.7,0.8,0.3,-0.3,0.8,0.6"), qPrintable(lines[2]));
    }

    // The trash: a run deleted from the GUI is hidden but whole until its delete is final, so
    // that Undo brings it back as it was.
    void trashedRunsComeBackWholeUntilTheTrashIsEmptied() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const auto a = store.createRun(newRun("a"));
        const auto b = store.createRun(newRun("b"));
        store.appendSteps(a, {{0, 0, 0, "loss", 1.0}});
        store.setTags(a, {"demo"});
        store.trashRun(a);
        QVERIFY(!store.run(a).has_value());
        QCOMPARE(store.listRuns().size(), std::size_t{1});
        QCOMPARE(store.trashedRuns(), std::vector<std::int64_t>{a});
        QVERIFY_THROWS_EXCEPTION(StorageError, store.trashRun(a));    // already there
        QVERIFY_THROWS_EXCEPTION(StorageError, store.restoreRun(b));  // never there
        store.restoreRun(a);
        QCOMPARE(store.run(a)->tags, std::vector<std::string>{"demo"});
        QCOMPARE(store.stepSeries(a, "loss").size(), std::size_t{1});
        QCOMPARE(store.listRuns().size(), std::size_t{2});
        store.trashRun(a);
        store.trashRun(b);
        QCOMPARE(store.emptyTrash(), (std::vector<std::int64_t>{a, b}));
        QVERIFY(store.trashedRuns().empty() && store.listRuns().empty());
        QVERIFY(store.stepSeries(a, "loss").empty());
        QVERIFY_THROWS_EXCEPTION(StorageError, store.restoreRun(a));
    }

    // User text in every field that takes it - run name, method label, tags, notes, a curve's
    // name - goes in and comes out verbatim; nothing in it runs as SQL.
    void userTextIsStoredVerbatimNeverRun() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.sqlite").toStdString();
        const std::vector<std::string> texts = {"it's \"quoted\"",
                                                "a; DROP TABLE runs; --",
                                                "'); DELETE FROM runs; --",
                                                "x' OR '1'='1",
                                                "%_\\ wildcards",
                                                "ünïcödé 名前 \n two lines",
                                                "Robert'); DROP TABLE run_tags;--"};
        RunStore store(path);
        std::vector<std::int64_t> ids;
        for (const std::string& t : texts) {
            storage::NewRun r = newRun(t);
            r.config = nlohmann::json{{"name", t}}.dump();
            const auto id = store.createRun(r);
            store.setTags(id, {t, "plain"});
            store.setNotes(id, t);
            store.appendSteps(id, {{0, 0, 0, t, 1.5}});
            ids.push_back(id);
        }
        QCOMPARE(store.integrityCheck(), std::string("ok"));
        QCOMPARE(store.listRuns().size(), texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto r = store.run(ids[i]);
            QVERIFY(r.has_value());
            QCOMPARE(r->name, texts[i]);
            QCOMPARE(r->notes, texts[i]);
            QVERIFY(std::find(r->tags.begin(), r->tags.end(), texts[i]) != r->tags.end());
            QCOMPARE(nlohmann::json::parse(r->config)["name"].get<std::string>(), texts[i]);
            QCOMPARE(store.stepSeries(ids[i], texts[i]).size(), std::size_t{1});
        }
    }

    void reopeningKeepsDataAndFutureSchemasAreRefused() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.sqlite").toStdString();
        {
            RunStore store(path);
            store.createRun(newRun("kept"));
        }
        {
            RunStore store(path);
            QCOMPARE(store.listRuns().size(), std::size_t{1});
        }
        execSql(path, "PRAGMA user_version = 99");
        try {
            RunStore store(path);
            QFAIL("opened a newer schema");
        } catch (const StorageError& e) {
            QVERIFY2(QString(e.what()).contains("schema version 99"), e.what());
        }
    }

    void garbageFileIsAClearError() {
        QTemporaryDir dir;
        const QString path = dir.filePath("not-a-db.sqlite");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        try {
            RunStore store(path.toStdString());
            QFAIL("opened garbage");
        } catch (const StorageError& e) {
            QVERIFY2(QString(e.what()).contains(path), e.what());
        }
    }

    void runOfAKilledProcessStaysReadableAndShowsInterrupted() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.sqlite").toStdString();
        const pid_t child = fork();
        if (child == 0) {
            // The child records one evaluation and dies without finishing the run.
            RunStore store(path);
            const auto id = store.createRun(newRun("killed"));
            metrics::AccuracyMatrix m({{0.75, NAN, NAN}, {NAN, NAN, NAN}, {NAN, NAN, NAN}});
            store.recordEvaluation(id, 0, {0.75}, metrics::summarize(m, 0));
            store.appendSteps(id, {{0, 0, 0, "loss", 2.0}});
            _exit(0);  // no destructors: as abrupt as a kill for the database
        }
        int status = 0;
        waitpid(child, &status, 0);
        RunStore store(path);
        auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("running"));
        QCOMPARE(store.markInterruptedRuns(), 1);
        runs = store.listRuns();
        QCOMPARE(runs[0].status, std::string("interrupted"));
        QCOMPARE(runs[0].finalAverageAccuracy, 0.75);
        QCOMPARE(store.stepSeries(runs[0].id, "loss").size(), std::size_t{1});
        // A run of this (live) process is left alone.
        store.createRun(newRun("alive"));
        QCOMPARE(store.markInterruptedRuns(), 0);
    }

    // Two writers opening a new store at the same moment (two pfstudio processes started
    // together): both get in, neither sees "database is locked".
    void simultaneousOpensOfANewStoreBothSucceed() {
        QTemporaryDir dir;
        for (int round = 0; round < 30; ++round) {
            const std::string path =
                dir.filePath(QStringLiteral("new-%1.sqlite").arg(round)).toStdString();
            std::atomic<int> ready{0};
            std::string errors[2];
            std::thread writers[2];
            for (int w = 0; w < 2; ++w)
                writers[w] = std::thread([&, w] {
                    ++ready;
                    while (ready.load() < 2) {
                    }
                    try {
                        RunStore store(path);
                        store.createRun(newRun("writer"));
                    } catch (const std::exception& e) {
                        errors[w] = e.what();
                    }
                });
            for (std::thread& t : writers)
                t.join();
            QVERIFY2(errors[0].empty() && errors[1].empty(),
                     (errors[0] + " | " + errors[1]).c_str());
            QCOMPARE(RunStore(path).listRuns(false).size(), std::size_t{2});
        }
    }

    void recorderWritesEventsAndFinishes() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const auto id = store.createRun(newRun("recorded"));
        storage::RunRecorder recorder(store, id, 1000);
        training::StepEvent step;
        step.loss = 1.5;
        step.lr = 0.01;
        step.scalars = {{"fusion_weight", 0.73}};
        recorder.onStep(step);
        QVERIFY(store.stepSeries(id, "loss").empty());  // buffered
        recorder.onEpochEnd({0, 0, 1, 1.5, 0.2});
        QCOMPARE(store.stepSeries(id, "loss").size(), std::size_t{1});
        QCOMPARE(store.stepSeries(id, "fusion_weight")[0].value, 0.73);
        training::EvaluationEvent ev;
        ev.afterTask = 0;
        ev.accuracies = {0.5};
        ev.matrix = metrics::AccuracyMatrix(std::vector<std::vector<double>>{{0.5}});
        ev.summary = metrics::summarize(ev.matrix, 0);
        recorder.onEvaluation(ev);
        training::RunEndEvent end;
        end.status = training::RunStatus::Stopped;
        end.seconds = 3;
        recorder.onRunEnd(end);
        const auto r = store.run(id);
        QCOMPARE(r->status, std::string("stopped"));
        QCOMPARE(r->finalAverageAccuracy, 0.5);
    }

    // The store file deleted mid-run (SQLite would write on into the unlinked file): noticed at
    // the next write, said once, and the run recorded on in memory, to be written whole into
    // another store.
    void aDeletedStoreIsNoticedAndTheRunKeptWhole() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("doomed.sqlite").toStdString();
        RunStore store(path);
        const auto id = store.createRun(newRun("kept"));
        storage::RunRecorder recorder(store, id, 2);
        std::vector<std::string> messages;
        recorder.setStoreFailedHandler([&](const std::string& m) { messages.push_back(m); });
        training::RunStartEvent start;
        start.sequence = {{"", {0, 1}, {"a", "b"}, 10, 4}, {"", {2, 3}, {"c", "d"}, 10, 4}};
        recorder.onRunStart(start);
        metrics::AccuracyMatrix matrix(2);
        auto evaluate = [&](int t, std::vector<double> acc) {
            training::EvaluationEvent ev;
            ev.afterTask = t;
            ev.accuracies = acc;
            for (int i = 0; i <= t; ++i)
                matrix.set(i, t, acc[static_cast<std::size_t>(i)]);
            ev.matrix = matrix;
            ev.summary = metrics::summarize(ev.matrix, t);
            recorder.onEvaluation(ev);
        };
        for (int s = 0; s < 4; ++s) {
            training::StepEvent step;
            step.step = s;
            step.task = s / 2;
            step.loss = 1.0 / (s + 1);
            recorder.onStep(step);
            if (s == 1) {
                recorder.onEpochEnd({0, 0, 1, 0.75, 0.1});
                evaluate(0, {0.9});
                QCOMPARE(store.stepSeries(id, "loss").size(), std::size_t{2});
                for (const char* suffix : {"", "-wal", "-shm"})
                    std::remove((path + suffix).c_str());
            }
        }
        recorder.onEpochEnd({1, 0, 1, 0.29, 0.1});
        evaluate(1, {0.6, 0.8});
        training::RunEndEvent end;
        end.status = training::RunStatus::Finished;
        end.seconds = 2.0;
        recorder.onRunEnd(end);

        QCOMPARE(messages.size(), std::size_t{1});
        QVERIFY2(messages[0].find("deleted or replaced") != std::string::npos, messages[0].c_str());
        QVERIFY(messages[0].find(path) != std::string::npos);
        QVERIFY(recorder.storeFailed());
        const storage::RunJournal& kept = recorder.journal();
        QCOMPARE(kept.steps.size(), std::size_t{8});  // loss and lr of 4 steps
        QCOMPARE(kept.evaluations.size(), std::size_t{2});
        QCOMPARE(kept.status, std::string("finished"));

        RunStore other(dir.filePath("saved.sqlite").toStdString());
        const auto saved = kept.writeTo(other);
        const auto r = other.run(saved);
        QCOMPARE(r->name, std::string("kept"));
        QCOMPARE(r->status, std::string("finished"));
        QCOMPARE(r->seconds, 2.0);
        QCOMPARE(other.stepSeries(saved, "loss").size(), std::size_t{4});
        QCOMPARE(other.epochs(saved).size(), std::size_t{2});
        QCOMPARE(other.sequence(saved).size(), std::size_t{2});
        const metrics::AccuracyMatrix m = other.accuracyMatrix(saved);
        QCOMPARE(m.at(0, 1), 0.6);
        QCOMPARE(m.at(1, 1), 0.8);
        QCOMPARE(r->finalAverageAccuracy, 0.7);
    }

    // A store another process keeps locked: writes wait the 10 s busy timeout, then fail with
    // a message that says so (a recorder then keeps the run in memory, as for a full disk).
    void aLockedStoreSaysSoAfterTheBusyTimeout() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("locked.sqlite").toStdString();
        RunStore store(path);
        const auto id = store.createRun(newRun("waits"));
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        QElapsedTimer t;
        t.start();
        try {
            store.finishRun(id, "finished", 1.0, "");
            QFAIL("a write went through another process's lock");
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("locked") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("another process") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
        QVERIFY(t.elapsed() >= 9000);  // it waited for the lock first
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        store.finishRun(id, "finished", 1.0, "");  // and works once the lock is gone
        QCOMPARE(store.run(id)->status, std::string("finished"));
    }

    // Reopening a run to resume drops what was recorded after the checkpoint's task, keeps the
    // zero-shot figures, recomputes the final figures and marks it running.
    void reopenDropsTheTasksAfterTheCheckpoint() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const auto id = store.createRun(newRun("reopened"));
        store.recordZeroShot(id, {0.4, 0.3});
        std::vector<storage::StepValue> steps;
        for (int s = 0; s < 6; ++s)
            steps.push_back({s, s / 3, 0, "loss", 1.0});
        store.appendSteps(id, steps);
        store.recordEpoch(id, {0, 0, 1.0, 2.0});
        store.recordEpoch(id, {1, 0, 1.0, 2.0});
        metrics::AccuracyMatrix m(2);
        m.set(0, 0, 0.9);
        store.recordEvaluation(id, 0, {0.9}, metrics::summarize(m, 0),
                               {{"train_seconds", 3.0}, {"eval_seconds", 0.5}});
        m.set(0, 1, 0.5);
        m.set(1, 1, 0.7);
        store.recordEvaluation(id, 1, {0.5, 0.7}, metrics::summarize(m, 1),
                               {{"train_seconds", 4.0}, {"eval_seconds", 0.5}});
        store.finishRun(id, "stopped", 8.0, "");

        QCOMPARE(store.reopenRun(id, 0), 3.5);  // task 1's training and evaluation seconds
        const auto r = store.run(id);
        QCOMPARE(r->status, std::string("running"));
        QVERIFY(r->finishedAt.empty());
        QCOMPARE(r->finalAverageAccuracy, 0.9);
        QCOMPARE(store.stepSeries(id, "loss").size(), std::size_t{3});
        QCOMPARE(store.epochs(id).size(), std::size_t{1});
        QCOMPARE(store.accuracyMatrix(id).lastCompleteTask(), 0);
        bool zeroShot = false;
        for (const auto& [name, values] : store.taskMetrics(id))
            if (name == "zero_shot") zeroShot = values.size() == 2;
        QVERIFY(zeroShot);
    }

    void sequenceIsStoredWithTheRun() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.sqlite").toStdString();
        std::int64_t id = 0;
        {
            RunStore store(path);
            id = store.createRun(newRun("domains"));
            storage::RunRecorder recorder(store, id);
            training::RunStartEvent start;
            start.scenario = "domain-il";
            start.sequence = {{"original", {0, 1, 2}, {"a", "b's \"c\"", "c"}, 30, 9},
                              {"inverted", {0, 1, 2}, {"a", "b's \"c\"", "c"}, 31, 9}};
            recorder.onRunStart(start);
            QCOMPARE(store.sequence(id).size(), std::size_t{2});
            QCOMPARE(store.run(id)->config.empty(), false);
        }
        // A store of schema 1 (before sequences were stored, the trash and uids) is migrated
        // and keeps its runs, each given a uid.
        execSql(path,
                "DROP TABLE run_tasks; ALTER TABLE runs DROP COLUMN scenario; "
                "ALTER TABLE runs DROP COLUMN deleted_at; DROP INDEX runs_by_uid; "
                "ALTER TABLE runs DROP COLUMN uid; PRAGMA user_version = 1");
        {
            RunStore store(path);
            QCOMPARE(store.schemaVersion(), RunStore::currentSchemaVersion());
            QCOMPARE(store.run(id)->uid.size(), std::size_t{36});
            QVERIFY(store.sequence(id).empty());
            store.recordSequence(id, "domain-il",
                                 {{"original", {0, 1, 2}, {"a", "b's \"c\"", "c"}, 30, 9},
                                  {"inverted", {0, 1, 2}, {"a", "b's \"c\"", "c"}, 31, 9}});
        }
        RunStore store(path);
        const auto tasks = store.sequence(id);
        QCOMPARE(tasks.size(), std::size_t{2});
        QCOMPARE(tasks[1].domain, std::string("inverted"));
        QCOMPARE(tasks[1].classIds, (std::vector<int>{0, 1, 2}));
        QCOMPARE(tasks[0].classNames[1], std::string("b's \"c\""));
        QCOMPARE(tasks[1].trainSamples, std::int64_t{31});
        QCOMPARE(tasks[1].testSamples, std::int64_t{9});
    }
    // Large histories are filled by copying a run: its row, matrix, figures, tags and
    // sequence, under new ids and names, without its step curves.
    void cloneRunCopiesAllButTheCurves() {
        QTemporaryDir dir;
        storage::RunStore store(dir.filePath("runs.sqlite").toStdString());
        const std::int64_t id = store.createRun(newRun("original"));
        store.appendSteps(id, {{0, 0, 0, "loss", 1.5}, {1, 0, 0, "loss", 1.2}});
        metrics::AccuracyMatrix m(3);
        m.set(0, 0, 0.9);
        store.recordEvaluation(id, 0, {0.9}, summaryOf(m, 0), {{"model_new_acc", 0.9}});
        store.recordSequence(id, "class-il", {{"", {0, 1}, {"a", "b"}, 10, 4}});
        store.setTags(id, {"baseline"});
        store.finishRun(id, "finished", 12.0, "");
        const std::vector<std::int64_t> copies = store.cloneRun(id, 3);
        QCOMPARE(copies.size(), std::size_t{3});
        QCOMPARE(store.listRuns().size(), std::size_t{4});
        for (std::size_t k = 0; k < copies.size(); ++k) {
            const auto r = store.run(copies[k]);
            QVERIFY(r.has_value());
            QCOMPARE(r->name, "original #" + std::to_string(k + 1));
            QCOMPARE(r->status, std::string("finished"));
            QCOMPARE(r->finalAverageAccuracy, 0.9);
            QCOMPARE(r->tags, std::vector<std::string>{"baseline"});
            QCOMPARE(store.accuracyMatrix(copies[k]).at(0, 0), 0.9);
            const auto figures = store.taskMetrics(copies[k]), original = store.taskMetrics(id);
            QCOMPARE(figures.size(), original.size());
            for (std::size_t f = 0; f < figures.size(); ++f) {
                QCOMPARE(figures[f].first, original[f].first);
                for (std::size_t t = 0; t < figures[f].second.size(); ++t) {
                    const double a = figures[f].second[t], b = original[f].second.at(t);
                    QVERIFY(a == b || (std::isnan(a) && std::isnan(b)));
                }
            }
            QCOMPARE(store.sequence(copies[k]).size(), std::size_t{1});
            QVERIFY(store.stepSeries(copies[k], "loss").empty());
        }
        QCOMPARE(store.stepSeries(id, "loss").size(), std::size_t{2});
        QVERIFY_THROWS_EXCEPTION(StorageError, store.cloneRun(id + 100, 1));
    }
};

QTEST_APPLESS_MAIN(TestRunStore)
#include "test_run_store.moc"
