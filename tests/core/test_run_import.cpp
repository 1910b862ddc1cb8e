// pfstudio import's core: whole runs from other stores, once each, nothing from a bad file.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <sqlite3.h>

#include "common/error.h"
#include "run/run_store.h"
#include "sql_exec.h"

using namespace pf;
using storage::ImportResult;
using storage::RunStore;

using pf::test::execSql;

namespace {

storage::NewRun newRun(const std::string& name, std::int64_t seed = 0) {
    storage::NewRun r;
    r.name = name;
    r.method = "promptfusion";
    r.dataset = "fmnist";
    r.config = "{\"method\": \"promptfusion\", \"seed\": " + std::to_string(seed) + "}";
    r.seed = seed;
    r.tasks = 2;
    r.versions = "{\"app\": \"test\"}";
    return r;
}

// A finished two-task run with everything a run records.
std::int64_t addFinishedRun(RunStore& store, const std::string& name, std::int64_t seed,
                            double acc) {
    const std::int64_t id = store.createRun(newRun(name, seed));
    store.recordSequence(id, "class-il",
                         {{"", {0, 1}, {"a", "b"}, 10, 4}, {"", {2, 3}, {"c", "d"}, 12, 5}});
    store.recordZeroShot(id, {0.5, 0.4});
    store.appendSteps(id, {{0, 0, 0, "loss", 2.0},
                           {1, 0, 0, "loss", 1.5},
                           {2, 1, 0, "loss", 1.0},
                           {0, 0, 0, "lr", 0.01}});
    store.recordEpoch(id, {0, 0, 1.75, 0.5});
    store.recordEpoch(id, {1, 0, 1.0, 0.25});
    metrics::AccuracyMatrix m(2);
    m.set(0, 0, 0.9);
    store.recordEvaluation(id, 0, {0.9}, metrics::summarize(m, 0), {{"stability", 0.9}});
    m.set(0, 1, acc - 0.1);
    m.set(1, 1, acc + 0.1);
    store.recordEvaluation(id, 1, {acc - 0.1, acc + 0.1}, metrics::summarize(m, 1),
                           {{"stability", acc - 0.1}});
    store.setTags(id, {"sweep", "seed" + std::to_string(seed)});
    store.setNotes(id, "from the cluster");
    store.finishRun(id, "finished", 30.0 + seed, "");
    return id;
}

// The store's schema as it was before runs had uids (version 3), with the runs it holds.
void makeSchema3(const std::string& path) {
    execSql(path,
            "DROP INDEX runs_by_uid; ALTER TABLE runs DROP COLUMN uid; "
            "PRAGMA user_version = 3");
}

std::set<std::string> uids(RunStore& store) {
    std::set<std::string> out;
    for (const auto& r : store.listRuns())
        out.insert(r.uid);
    return out;
}

// Everything stored of a run, in one comparable text (ids and process columns left out).
std::string wholeRun(RunStore& store, std::int64_t id) {
    const auto r = store.run(id);
    if (!r) return "missing";
    std::string text = r->uid + "|" + r->name + "|" + r->method + "|" + r->dataset + "|" +
                       r->status + "|" + r->config + "|" + std::to_string(r->seed) + "|" +
                       std::to_string(r->tasks) + "|" + r->createdAt + "|" + r->finishedAt + "|" +
                       std::to_string(r->seconds) + "|" + std::to_string(r->finalAverageAccuracy) +
                       "|" + std::to_string(r->finalForgetting) + "|" + r->versions + "|" +
                       r->notes + "|" + r->error + "|" + std::to_string(r->tasksDone) + "\n";
    for (const auto& tag : r->tags)
        text += "tag " + tag + "\n";
    const auto m = store.accuracyMatrix(id);
    for (int t = 0; t < m.tasks(); ++t)
        for (int i = 0; i <= t; ++i)
            text += "acc " + std::to_string(m.at(i, t)) + "\n";
    for (const auto& name : store.stepSeriesNames(id))
        for (const auto& p : store.stepSeries(id, name))
            text += name + " " + std::to_string(p.step) + " " + std::to_string(p.task) + " " +
                    std::to_string(p.value) + "\n";
    for (const auto& e : store.epochs(id))
        text += "epoch " + std::to_string(e.task) + " " + std::to_string(e.meanLoss) + " " +
                std::to_string(e.seconds) + "\n";
    for (const auto& [name, values] : store.taskMetrics(id))
        for (double v : values)
            text += name + " " + std::to_string(v) + "\n";
    for (const auto& t : store.sequence(id)) {
        text += "task " + t.domain + " " + std::to_string(t.trainSamples) + " " +
                std::to_string(t.testSamples);
        for (const auto& c : t.classNames)
            text += " " + c;
        text += "\n";
    }
    return text;
}

std::int64_t idOfUid(RunStore& store, const std::string& uid) {
    for (const auto& r : store.listRuns())
        if (r.uid == uid) return r.id;
    return 0;
}

}  // namespace

class TestRunImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyRunHasItsOwnUid() {
        QTemporaryDir dir;
        RunStore store(dir.filePath("r.sqlite").toStdString());
        const std::int64_t a = store.createRun(newRun("a")), b = store.createRun(newRun("a"));
        const std::string uidA = store.run(a)->uid, uidB = store.run(b)->uid;
        QCOMPARE(uidA.size(), std::size_t{36});
        QVERIFY(uidA != uidB);
        const auto copies = store.cloneRun(a, 2);
        QCOMPARE(uids(store).size(), std::size_t{4});
        QVERIFY(store.run(copies[0])->uid != uidA);
    }

    // A sweep's store comes in whole: every table of every run that has ended, under new ids.
    void finishedRunsComeInWholeAndOnce() {
        QTemporaryDir dir;
        const std::string sourcePath = dir.filePath("sweep.sqlite").toStdString();
        std::int64_t first = 0, second = 0, trashed = 0;
        {
            RunStore source(sourcePath);
            first = addFinishedRun(source, "pf seed 0", 0, 0.7);
            second = addFinishedRun(source, "pf seed 1", 1, 0.6);
            source.createRun(newRun("still training", 2));
            source.createRun(newRun("killed", 4));
            trashed = addFinishedRun(source, "deleted", 3, 0.5);
            source.trashRun(trashed);
        }
        // The "killed" run's process (of this host) died without ending it: no process has
        // the largest pid.
        execSql(sourcePath,
                "UPDATE runs SET pid = 2147483647, pid_start = NULL WHERE name = 'killed'");
        RunStore target(dir.filePath("desktop.sqlite").toStdString());
        const std::int64_t mine = addFinishedRun(target, "local", 0, 0.4);
        const std::string mineBefore = wholeRun(target, mine);

        const ImportResult result = target.importRuns(sourcePath);
        QCOMPARE(result.source, sourcePath);
        QCOMPARE(result.imported.size(), std::size_t{3});
        QCOMPARE(result.alreadyHere, 0);
        QCOMPARE(result.stillRunning, 1);
        QCOMPARE(target.listRuns().size(), std::size_t{4});
        // The killed run comes in as this store would show it: interrupted.
        QCOMPARE(target.run(result.imported[2])->status, std::string("interrupted"));
        QCOMPARE(wholeRun(target, mine), mineBefore);
        {
            RunStore source(sourcePath);  // only read: the source is as it was
            QCOMPARE(source.listRuns().size(), std::size_t{4});
            for (auto [sourceId, importedId] :
                 {std::pair{first, result.imported[0]}, std::pair{second, result.imported[1]}}) {
                const std::string expected = wholeRun(source, sourceId);
                QVERIFY(expected.find("acc ") != std::string::npos);
                QVERIFY(expected.find("loss ") != std::string::npos);
                QVERIFY(expected.find("epoch ") != std::string::npos);
                QVERIFY(expected.find("task ") != std::string::npos);
                QCOMPARE(wholeRun(target, importedId), expected);
            }
        }
        // The imported run is not this host's process: nothing marks it interrupted.
        QCOMPARE(target.markInterruptedRuns(), 0);

        // Again, and a copy of the same file: nothing new.
        const ImportResult again = target.importRuns(sourcePath);
        QVERIFY(again.imported.empty());
        QCOMPARE(again.alreadyHere, 3);
        const std::string copyPath = dir.filePath("copy.sqlite").toStdString();
        std::filesystem::copy_file(sourcePath, copyPath);
        QCOMPARE(target.importRuns(copyPath).alreadyHere, 3);
        QCOMPARE(target.listRuns().size(), std::size_t{4});
        QCOMPARE(target.integrityCheck(), std::string("ok"));

        // Deleted here, then imported again: a run in the trash is still here.
        target.trashRun(result.imported[0]);
        QCOMPARE(target.importRuns(sourcePath).alreadyHere, 3);
        // Once it has ended where it ran, the run left out comes in.
        {
            RunStore source(sourcePath);
            for (const auto& r : source.listRuns())
                if (r.status == "running") source.finishRun(r.id, "stopped", 3.0, "");
        }
        const ImportResult later = target.importRuns(sourcePath);
        QCOMPARE(later.imported.size(), std::size_t{1});
        QCOMPARE(target.run(later.imported[0])->status, std::string("stopped"));
    }

    // A store written before runs had uids: each copy of it brought up to date gives its runs
    // the same uids, so importing two copies of an old store keeps one of each run.
    void runsOfAnOldStoreGetStableUids() {
        QTemporaryDir dir;
        const std::string oldPath = dir.filePath("old.sqlite").toStdString();
        {
            RunStore old(oldPath);
            addFinishedRun(old, "a", 0, 0.7);
            addFinishedRun(old, "b", 1, 0.6);
        }
        makeSchema3(oldPath);
        const std::string copyPath = dir.filePath("old-copy.sqlite").toStdString();
        std::filesystem::copy_file(oldPath, copyPath);
        // A name edited in one copy: still the same run.
        execSql(copyPath, "UPDATE runs SET name = 'renamed' WHERE name = 'a'");

        RunStore target(dir.filePath("desktop.sqlite").toStdString());
        QCOMPARE(target.importRuns(oldPath).imported.size(), std::size_t{2});
        {
            RunStore upgraded(copyPath);  // opened, and so brought up to date, on its own
        }
        const ImportResult second = target.importRuns(copyPath);
        QVERIFY(second.imported.empty());
        QCOMPARE(second.alreadyHere, 2);
        // The old file was only read: still at version 3.
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(oldPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
        QCOMPARE(sqlite3_step(s), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(s, 0), 3);
        sqlite3_finalize(s);
        sqlite3_close(db);
        // Distinct runs of one old store still get distinct uids.
        RunStore copy(copyPath);
        QCOMPARE(uids(copy).size(), std::size_t{2});
        QCOMPARE(uids(copy), uids(target));
    }

    void badFilesAreRefusedByNameWithNothingImported_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing"
                                 << "no such file";
        QTest::newRow("empty") << "empty"
                               << "empty file";
        QTest::newRow("folder") << "folder"
                                << "is a folder";
        QTest::newRow("garbage") << "garbage"
                                 << "not a run store";
        QTest::newRow("newer schema") << "newer"
                                      << "schema version 99";
        QTest::newRow("another program's") << "foreign"
                                           << "another program";
        QTest::newRow("truncated") << "truncated"
                                   << "";
        QTest::newRow("itself") << "itself"
                                << "imported into";
    }
    void badFilesAreRefusedByNameWithNothingImported() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string targetPath = dir.filePath("desktop.sqlite").toStdString();
        RunStore target(targetPath);
        addFinishedRun(target, "local", 0, 0.4);
        std::string source = dir.filePath("source.sqlite").toStdString();
        if (kind == "empty") {
            std::ofstream(source).flush();
        } else if (kind == "folder") {
            std::filesystem::create_directory(source);
        } else if (kind == "garbage") {
            std::ofstream(source) << std::string(4096, 'x');
        } else if (kind == "foreign") {
            execSql(source, "CREATE TABLE photos (id INTEGER)");
        } else if (kind == "newer" || kind == "truncated") {
            {
                RunStore s(source);
                // Enough runs for a file of many pages.
                for (int k = 0; k < 40; ++k)
                    addFinishedRun(s, "run " + std::to_string(k), k, 0.5);
            }
            if (kind == "newer") execSql(source, "PRAGMA user_version = 99");
            if (kind == "truncated") {
                const auto size = std::filesystem::file_size(source);
                QVERIFY(size > 64 * 1024);
                std::filesystem::resize_file(source, size / 2);
            }
        } else if (kind == "itself") {
            source = targetPath;
        }
        const std::string why = target.whyNotImportable(source);
        QVERIFY2(!why.empty(), kind.toUtf8().constData());
        QVERIFY2(QString::fromStdString(why).startsWith(QString::fromStdString(source)),
                 why.c_str());
        QVERIFY2(QString::fromStdString(why).contains(expected), why.c_str());
        try {
            target.importRuns(source);
            QFAIL("imported a bad file");
        } catch (const InputError& e) {
            QCOMPARE(std::string(e.what()), why);
        }
        QCOMPARE(target.listRuns().size(), std::size_t{1});
        QCOMPARE(target.integrityCheck(), std::string("ok"));
    }
};

QTEST_APPLESS_MAIN(TestRunImport)
#include "test_run_import.moc"
