#include <cmath>

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "free_port.h"
#include "models/fused_ops.h"
#include "models/vit.h"
#include "models/weights.h"
#include "run/run_store.h"
#include "synthetic_data.h"

using pf::test::freePort;

namespace {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

// Runs pfstudio with `args`, its data folder redirected to `home` so that nothing touches the
// user's own run store.
Result pfstudio(const QStringList& args, const QString& home, int timeoutMs = 120000,
                const QMap<QString, QString>& variables = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), home);
    for (auto it = variables.begin(); it != variables.end(); ++it)
        env.insert(it.key(), it.value());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PFSTUDIO_PATH), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject lastJsonLine(const QString& out) {
    const QStringList lines = out.trimmed().split(QLatin1Char('\n'));
    return QJsonDocument::fromJson(lines.last().toUtf8()).object();
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

    // Starts the tiny config for 200 epochs into `db` and returns once its progress (stderr)
    // shows `marker`.
    void startLongRun(QProcess& p, const QString& db, const QString& marker) {
        p.start(QStringLiteral(PFSTUDIO_PATH),
                {"run", "--config", configPath_, "--db", db, "--set", "epochs=200", "--json"});
        QVERIFY(p.waitForStarted());
        waitForStderr(p, marker);
    }

    // Reads `p`'s stderr until it shows `marker` (a minute at most); returns what it read.
    QString waitForStderr(QProcess& p, const QString& marker) {
        QString err;
        QElapsedTimer t;
        t.start();
        while (!err.contains(marker) && t.elapsed() < 60000) {
            p.waitForReadyRead(100);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        [&] { QVERIFY2(err.contains(marker), qPrintable(err)); }();
        return err;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(home_.isValid());
        pf::test::SyntheticOptions o;
        o.trainPerClass = 30;
        pf::test::writeSyntheticFashionMnist(data_.path().toStdString(), o);
        configPath_ = data_.filePath(QStringLiteral("tiny.json"));
        const QJsonObject config{{"name", "tiny synthetic"},
                                 {"data_root", data_.path()},
                                 {"tasks", 2},
                                 {"batch_size", 10},
                                 {"epochs", 2},
                                 {"vit_dim", 32},
                                 {"vit_depth", 1},
                                 {"vit_patch_size", 7},
                                 {"lr", 0.003}};
        QFile file(configPath_);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(config).toJson());
    }

    void versionNamesLibrariesBlasAndThreads() {
        const Result r = pfstudio({"version"}, home_.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("LibTorch  1.13"));
        QVERIFY(r.out.contains("OpenCV"));
        QVERIFY(r.out.contains("SQLite"));
        const int cores = QThread::idealThreadCount();
        QVERIFY2(r.out.contains(QStringLiteral("Threads   %1 of %1 cores").arg(cores)),
                 qPrintable(r.out));
        const Result j = pfstudio({"version", "--json"}, home_.path());
        const QJsonObject o = lastJsonLine(j.out);
        QVERIFY(o["blas"].toString().size() > 0);
        QVERIFY(!o["blas"].toString().contains("none found"));
        QCOMPARE(o["threads"].toInt(), cores);
    }

    // Which OpenBLAS kernel runs and who chose it, through pfstudio starting itself again:
    // PFSTUDIO_BLAS_KERNEL names one (the generic Prescott kernels, which every x86-64 CPU
    // runs), a wrong name exits 2, OPENBLAS_CORETYPE is the user's and kept.
    void versionNamesTheBlasKernelAndWhoChoseIt() {
        const Result plain = pfstudio({"version", "--json"}, home_.path());
        QCOMPARE(plain.code, 0);
        const QJsonObject kernel = lastJsonLine(plain.out)["blas_kernel"].toObject();
        if (kernel["name"].toString().isEmpty()) QSKIP("LibTorch's BLAS here is not OpenBLAS");
        const QString own = qEnvironmentVariable("OPENBLAS_CORETYPE");
        QVERIFY2(
            QStringList({"openblas", "pfstudio", "user"}).contains(kernel["chosen_by"].toString()),
            qPrintable(plain.out));
        if (!own.isEmpty()) QCOMPARE(kernel["chosen_by"].toString(), QStringLiteral("user"));

        const Result forced = pfstudio({"version", "--json"}, home_.path(), 120000,
                                       {{"PFSTUDIO_BLAS_KERNEL", "Prescott"}});
        QCOMPARE(forced.code, 0);
        const QJsonObject f = lastJsonLine(forced.out);
        QCOMPARE(f["blas_kernel"].toObject()["name"].toString(), QStringLiteral("Prescott"));
        QCOMPARE(f["blas_kernel"].toObject()["chosen_by"].toString(), QStringLiteral("setting"));
        // On a CPU with AVX the generic kernels are slower than it allows: said, with the rate.
        const bool wider = !f["blas_kernel"].toObject()["could_run"].toArray().isEmpty();
        QCOMPARE(f["slow_matrix_products"].toString().contains(QStringLiteral("GFLOP/s")), wider);
        const Result text =
            pfstudio({"version"}, home_.path(), 120000, {{"PFSTUDIO_BLAS_KERNEL", "Prescott"}});
        QVERIFY2(text.out.contains(QStringLiteral("Kernel    Prescott (PFSTUDIO_BLAS_KERNEL")),
                 qPrintable(text.out));

        const Result wrong =
            pfstudio({"version"}, home_.path(), 120000, {{"PFSTUDIO_BLAS_KERNEL", "Quickest"}});
        QCOMPARE(wrong.code, 2);
        QVERIFY2(wrong.err.contains(QStringLiteral("PFSTUDIO_BLAS_KERNEL=Quickest")),
                 qPrintable(wrong.err));

        const Result user = pfstudio({"version", "--json"}, home_.path(), 120000,
                                     {{"OPENBLAS_CORETYPE", "Nehalem"}});
        const QJsonObject u = lastJsonLine(user.out)["blas_kernel"].toObject();
        QCOMPARE(u["name"].toString(), QStringLiteral("Nehalem"));
        QCOMPARE(u["chosen_by"].toString(), QStringLiteral("user"));

        const Result kept = pfstudio({"version", "--json"}, home_.path(), 120000,
                                     {{"PFSTUDIO_BLAS_KERNEL", "keep"}});
        QCOMPARE(lastJsonLine(kept.out)["blas_kernel"].toObject()["chosen_by"].toString(),
                 own.isEmpty() ? QStringLiteral("openblas") : QStringLiteral("user"));
    }

    // PFSTUDIO_BLAS_KERNEL=fastest: the startup timing, end to end - each wide kernel in a
    // process of its own, the fastest loaded by pfstudio starting itself again, the figures
    // cached (the next start times nothing) and shown.
    void fastestKernelIsTimedOnceAndLoaded() {
        const QJsonObject plain = lastJsonLine(pfstudio({"version", "--json"}, home_.path()).out);
        if (plain["blas_kernel"].toObject()["name"].toString().isEmpty())
            QSKIP("LibTorch's BLAS here is not OpenBLAS");
        QTemporaryDir cacheHome;
        const QMap<QString, QString> vars{{"PFSTUDIO_BLAS_KERNEL", "fastest"},
                                          {"XDG_CACHE_HOME", cacheHome.path()}};
        const Result first = pfstudio({"version", "--json"}, home_.path(), 120000, vars);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QJsonObject k = lastJsonLine(first.out)["blas_kernel"].toObject();
        if (!first.err.contains(QStringLiteral("timing")))
            QSKIP("this CPU has no AVX2 and FMA: no wide kernel to time");
        QVERIFY(
            QFile::exists(cacheHome.filePath(QStringLiteral("PromptFusion/blas-kernels.json"))));
        const QJsonObject measured = k["measured"].toObject();
        QVERIFY2(measured.contains(QStringLiteral("Haswell")), qPrintable(first.out));
        QString best;
        for (auto it = measured.begin(); it != measured.end(); ++it)
            if (best.isEmpty() || it.value().toDouble() > measured[best].toDouble())
                best = it.key();
        // The fastest runs: loaded by pfstudio, or already running (nothing to start again).
        QCOMPARE(k["name"].toString(), best);
        if (k["chosen_by"].toString() == QLatin1String("pfstudio"))
            QVERIFY(measured.contains(k["replaced"].toString()));
        const Result second = pfstudio({"version", "--json"}, home_.path(), 120000, vars);
        QVERIFY2(!second.err.contains(QStringLiteral("timing")), qPrintable(second.err));
        QCOMPARE(lastJsonLine(second.out)["blas_kernel"].toObject()["name"].toString(), best);
    }

    // `bench --blas-kernels` times kernels the way the startup choice does, each in a
    // process of its own: the generic Prescott kernels, which every x86-64 CPU runs, among them.
    void benchTimesTheBlasKernels() {
        const Result r = pfstudio({"bench", "--blas-kernels", "--json"}, home_.path());
        const QJsonObject plain = lastJsonLine(pfstudio({"version", "--json"}, home_.path()).out);
        if (plain["blas_kernel"].toObject()["name"].toString().isEmpty()) {
            QCOMPARE(r.code, 2);
            QSKIP("LibTorch's BLAS here is not OpenBLAS");
        }
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = lastJsonLine(r.out);
        QVERIFY(o["gflops"].toObject()["Prescott"].toDouble() > 0.0);
        QVERIFY(o["gflops"].toObject().contains(o["fastest"].toString()));
        QCOMPARE(o["running"].toString(), plain["blas_kernel"].toObject()["name"].toString());
    }

    // `pfstudio run` says once when matrix products are slower than the CPU allows.
    void runSaysOnceWhenMatrixProductsAreSlow() {
        const Result r = pfstudio({"run", "--config", configPath_, "--set", "epochs=1", "--db",
                                   home_.filePath(QStringLiteral("slow.sqlite")), "--quiet"},
                                  home_.path(), 120000, {{"PFSTUDIO_BLAS_KERNEL", "Prescott"}});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Result v = pfstudio({"version", "--json"}, home_.path(), 120000,
                                  {{"PFSTUDIO_BLAS_KERNEL", "Prescott"}});
        const bool slow = !lastJsonLine(v.out)["slow_matrix_products"].toString().isEmpty();
        QCOMPARE(r.err.count(QStringLiteral("matrix products run at")), slow ? 1 : 0);
    }

    void badUsageExitsTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown command") << QStringList{"train"} << "unknown command 'train'";
        QTest::newRow("unknown option")
            << QStringList{"run", "--preset", "quick", "--fast"} << "fast";
        QTest::newRow("no source") << QStringList{"run"} << "exactly one of --preset";
        QTest::newRow("two sources")
            << QStringList{"run", "--preset", "quick", "--config", "x.json"}
            << "exactly one of --preset";
        QTest::newRow("unknown preset")
            << QStringList{"run", "--preset", "nope"} << "unknown preset 'nope'";
        QTest::newRow("bad value")
            << QStringList{"run", "--preset", "quick", "--set", "batch_size=0"}
            << "config key 'batch_size'";
        QTest::newRow("nan lr") << QStringList{"run", "--preset", "quick", "--set", "lr=nan"}
                                << "config key 'lr'";
        QTest::newRow("memory larger than the data")
            << QStringList{"run", "--preset", "quick", "--set", "memory_size=20000"}
            << "config key 'memory_size'";
        QTest::newRow("not a device")
            << QStringList{"run", "--preset", "quick", "--device", "gpu"} << "config key 'device'";
        // No machine here has a hundred CUDA devices; without CUDA the message says so.
        QTest::newRow("device not here")
            << QStringList{"run", "--preset", "quick", "--device", "cuda:99"}
            << "config key 'device'";
        QTest::newRow("bench, device not here")
            << QStringList{"bench", "--device", "cuda:99"} << "config key 'device'";
        QTest::newRow("unknown key")
            << QStringList{"run", "--preset", "quick", "--set", "speed=9"} << "config key 'speed'";
        QTest::newRow("missing data")
            << QStringList{"run", "--preset", "quick", "--set", "data_root=/nonexistent/fm"}
            << "/nonexistent/fm";
        QTest::newRow("missing config")
            << QStringList{"run", "--config", "/nonexistent/c.json"} << "/nonexistent/c.json";
        QTest::newRow("unknown compared method")
            << QStringList{"run", "--preset", "forgetting-demo", "--set", "compare_with=magic"}
            << "config key 'compare_with'";
        QTest::newRow("paper preset without data")
            << QStringList{"run", "--preset", "cifar100-cil"} << "set data_root";
        QTest::newRow("image folder preset without data")
            << QStringList{"run", "--preset", "imagenet-r-cil"} << "data_root is empty";
        QTest::newRow("inspect, folder missing")
            << QStringList{"data",           "inspect", "--preset",
                           "imagenet-r-cil", "--set",   "data_root=/nonexistent/inr"}
            << "/nonexistent/inr: folder not found";
        QTest::newRow("domain-il without domains")
            << QStringList{"data",  "inspect",         "--preset", "quick",
                           "--set", "dataset=cifar10", "--set",    "scenario=domain-il"}
            << "config key 'scenario'";
        QTest::newRow("domains outside domain-il")
            << QStringList{"data", "inspect", "--preset", "quick", "--set", "domains=a,b"}
            << "config key 'domains'";
        QTest::newRow("unknown shift")
            << QStringList{"data", "inspect", "--preset", "fmnist-dil", "--set", "domains=sepia"}
            << "unknown built-in shift 'sepia'";
        QTest::newRow("data without subcommand") << QStringList{"data"} << "give a subcommand";
        QTest::newRow("bench, zero steps")
            << QStringList{"bench", "--steps", "0"} << "--steps must be a whole number";
        QTest::newRow("bench, unknown kernels")
            << QStringList{"bench", "--kernels", "flash"} << "--kernels must be 'fused' or";
        QTest::newRow("bench, unknown learner")
            << QStringList{"bench", "--learner", "magic"} << "config key 'method'";
        QTest::newRow("bench, history of zero runs")
            << QStringList{"bench", "--history", "0"} << "--history must be a whole number";
        QTest::newRow("bench, gui with zero repeats")
            << QStringList{"bench", "--gui", "--repeats", "0"}
            << "--repeats must be a whole number";
        QTest::newRow("bench, history store exists")
            << QStringList{"bench", "--history", "5", "--db", PFSTUDIO_PATH} << "exists already";
        QTest::newRow("bench, data missing")
            << QStringList{"bench", "--set", "data_root=/nonexistent/fb"} << "/nonexistent/fb";
        QTest::newRow("resume, not an id")
            << QStringList{"run", "--resume", "abc"} << "--resume takes a run id";
        QTest::newRow("resume, no store")
            << QStringList{"run", "--resume", "3"} << "no run store here";
        QTest::newRow("resume with a config")
            << QStringList{"run", "--resume", "1", "--preset", "quick"} << "give no --preset";
        QTest::newRow("sweep without methods")
            << QStringList{"sweep", "--preset", "quick", "--out", "/nonexistent/sw"}
            << "give --methods";
        QTest::newRow("sweep, unknown method")
            << QStringList{"sweep",          "--preset", "quick",          "--methods",
                           "finetune,magic", "--out",    "/nonexistent/sw"}
            << "config key 'compare_with'";
        QTest::newRow("sweep, method twice")
            << QStringList{"sweep", "--preset", "quick",          "--methods",
                           "er,er", "--out",    "/nonexistent/sw"}
            << "'er' is named twice";
        // A sweep of one method that would get as far as the Slurm options.
        const QStringList sweepEr{"sweep", "--preset", "quick",          "--methods",
                                  "er",    "--out",    "/nonexistent/sw"};
        QTest::newRow("sweep, Slurm option without --slurm")
            << sweepEr + QStringList{"--partition", "gpu"} << "--partition is a Slurm option";
        QTest::newRow("sweep, bad time limit")
            << sweepEr + QStringList{"--slurm", "--time", "2 hours"} << "not a Slurm time limit";
        QTest::newRow("sweep, no CPUs") << sweepEr + QStringList{"--slurm", "--cpus-per-task", "0"}
                                        << "--cpus-per-task expects a whole number";
        QTest::newRow("sweep, sbatch missing")
            << sweepEr + QStringList{"--slurm", "--sbatch", "/nonexistent/sbatch"}
            << "/nonexistent/sbatch: not a program";
        QTest::newRow("resume with several processes")
            << QStringList{"run", "--resume", "1", "--world-size", "2", "--rank", "1"}
            << "resuming with more than one process is not supported yet";
        QTest::newRow("data-parallel on a GPU")
            << QStringList{"run",          "--preset", "quick",  "--device", "cuda",
                           "--world-size", "2",        "--rank", "0"}
            << "a data-parallel run trains on the CPU";
        QTest::newRow("batch smaller than the world")
            << QStringList{"run",          "--preset", "quick",  "--set", "batch_size=1",
                           "--world-size", "2",        "--rank", "0"}
            << "smaller than the 2 processes";
        QTest::newRow("rank outside the world")
            << QStringList{"run", "--preset", "quick", "--world-size", "2", "--rank", "2"}
            << "--rank expects a whole number from 0 to 1";
        QTest::newRow("import nothing") << QStringList{"import"} << "name at least one run store";
        QTest::newRow("import, store missing") << QStringList{"import", "/nonexistent/s.sqlite"}
                                               << "/nonexistent/s.sqlite: no such file";
        QTest::newRow("paper preset, data folder missing")
            << QStringList{"run", "--preset", "cifar100-cil", "--set", "data_root=/nonexistent/c"}
            << "/nonexistent/c";
    }
    void badUsageExitsTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir home;
        const Result r = pfstudio(args, home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
        // Nothing was stored: a bad config never creates a run.
        QVERIFY(!QFile::exists(home.filePath("PromptFusion/PromptFusion Studio/runs.sqlite")) ||
                pfstudio({"runs", "--json"}, home.path()).out.trimmed() == "[]");
    }

    void runPrintsAJsonSummaryAndIsListed() {
        const QString db = home_.filePath(QStringLiteral("cli.sqlite"));
        const Result r =
            pfstudio({"run", "--config", configPath_, "--db", db, "--json"}, home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject s = lastJsonLine(r.out);
        for (const char* key :
             {"run_id", "method", "avg_acc", "forgetting", "acc_matrix", "seconds", "bwt"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        QCOMPARE(s["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(s["method"].toString(), QStringLiteral("finetune"));
        QCOMPARE(s["step_parts"].toInt(), 1);  // parallel = auto: finetune shares each op
        QCOMPARE(s["acc_matrix"].toArray().size(), 2);
        QVERIFY(s["acc_matrix"].toArray()[1].toArray()[0].isNull());  // acc(1, 0) is undefined
        // Both forgetting conventions, each named: 2 tasks, so the reference's is half PILOT's.
        QVERIFY(std::abs(s["forgetting_all_tasks"].toDouble() - s["forgetting"].toDouble() / 2) <
                1e-12);
        QVERIFY(r.err.contains("Task 2/2"));  // progress goes to stderr with --json
        QCOMPARE(r.out.trimmed().count(QLatin1Char('\n')), 0);

        const Result list = pfstudio({"runs", "--db", db, "--json"}, home_.path());
        QCOMPARE(list.code, 0);
        const QJsonArray runs = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].toObject()["id"].toInt(), s["run_id"].toInt());
        QCOMPARE(runs[0].toObject()["avg_acc"].toDouble(), s["avg_acc"].toDouble());
        QCOMPARE(runs[0].toObject()["name"].toString(), QStringLiteral("tiny synthetic"));

        const Result table = pfstudio({"runs", "--db", db}, home_.path());
        QVERIFY(table.out.contains("tiny synthetic"));
        QVERIFY(table.out.contains("finished"));
    }

    void compareWithRunsEachMethodOnTheSameSequence() {
        const QString db = home_.filePath(QStringLiteral("compare.sqlite"));
        const Result r = pfstudio(
            {"run", "--config", configPath_, "--db", db, "--set", "compare_with=linear", "--json"},
            home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray runs = lastJsonLine(r.out)["runs"].toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject()["method"].toString(), QStringLiteral("finetune"));
        QCOMPARE(runs[1].toObject()["method"].toString(), QStringLiteral("linear"));
        QCOMPARE(runs[1].toObject()["name"].toString(), QStringLiteral("tiny synthetic [linear]"));
        for (const auto& run : runs) {
            QCOMPARE(run.toObject()["status"].toString(), QStringLiteral("finished"));
            QCOMPARE(run.toObject()["acc_matrix"].toArray().size(), 2);
            QVERIFY(run.toObject()["config"].toObject()["compare_with"].toString().isEmpty());
        }
        QVERIFY(r.err.contains("(2 of 2: linear)"));
        QVERIFY2(r.err.contains("Comparison on the same task sequence"), qPrintable(r.err));
        const Result list = pfstudio({"runs", "--db", db, "--json"}, home_.path());
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 2);
    }

    // seeds=0-1 with a comparison: each method twice, and per method the mean and spread of
    // its seeds, on the console and in the JSON.
    void seedsRunEachMethodPerSeedAndSummariseThem() {
        const QString db = home_.filePath(QStringLiteral("seeds.sqlite"));
        const Result r = pfstudio({"run", "--config", configPath_, "--db", db, "--set",
                                   "compare_with=linear", "--set", "seeds=0-1", "--json"},
                                  home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject out = lastJsonLine(r.out);
        const QJsonArray runs = out["runs"].toArray();
        QCOMPARE(runs.size(), 4);
        QCOMPARE(runs[1].toObject()["name"].toString(),
                 QStringLiteral("tiny synthetic [finetune, seed 1]"));
        QCOMPARE(runs[1].toObject()["config"].toObject()["seed"].toInt(), 1);
        const QJsonArray groups = out["seed_groups"].toArray();
        QCOMPARE(groups.size(), 2);
        const QJsonObject linear = groups[1].toObject();
        QCOMPARE(linear["method"].toString(), QStringLiteral("linear"));
        QCOMPARE(linear["runs"].toArray().size(), 2);
        const double a = runs[2].toObject()["avg_acc"].toDouble();
        const double b = runs[3].toObject()["avg_acc"].toDouble();
        QVERIFY(std::abs(linear["avg_acc"].toObject()["mean"].toDouble() - (a + b) / 2) < 1e-9);
        QVERIFY(std::abs(linear["avg_acc"].toObject()["std"].toDouble() -
                         std::abs(a - b) / std::sqrt(2.0)) < 1e-9);
        QVERIFY2(r.err.contains("Across seeds") && r.err.contains("linear, 2 seeds"),
                 qPrintable(r.err));
    }

    // pfstudio sweep: the plan printed, a Slurm script that a shell accepts and sbatch is
    // handed, a local sweep run to the end (and again, running nothing), its stores imported
    // into one store once, a damaged store refused with nothing imported.
    void sweepRunsMethodsTimesSeedsAndImportBringsThemBack() {
        QTemporaryDir work;
        const QString out = work.filePath(QStringLiteral("sweep one"));  // a space, quoted
        const QStringList sweep{"sweep",           "--config", configPath_, "--methods",
                                "finetune,linear", "--seeds",  "0,1",       "--set",
                                "epochs=1",        "--out",    out};

        const Result plan = pfstudio(sweep + QStringList{"--dry-run"}, home_.path());
        QVERIFY2(plan.code == 0, qPrintable(plan.err));
        const QStringList lines = plan.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[1].contains("configs/finetune-seed1.json") &&
                     lines[2].contains("stores/linear-seed0.sqlite") && lines[0].contains("'"),
                 qPrintable(plan.out));
        QVERIFY(!QFileInfo::exists(out));  // a dry run writes nothing

        const QStringList slurm =
            sweep + QStringList{"--slurm", "--partition",    "debug",
                                "--time",  "5:00",           "--cpus-per-task",
                                "2",       "--max-parallel", "2"};
        const Result script = pfstudio(slurm + QStringList{"--dry-run"}, home_.path());
        QVERIFY2(script.code == 0, qPrintable(script.err));
        for (const char* line :
             {"#SBATCH --array=0-3%2", "#SBATCH --partition=debug", "#SBATCH --time=5:00",
              "#SBATCH --cpus-per-task=2", "linear-seed1", "exec srun --ntasks=1 "})
            QVERIFY2(script.out.contains(QLatin1String(line)), line);
        QVERIFY(!QFileInfo::exists(out));
        const QString scriptFile = work.filePath(QStringLiteral("check.sbatch"));
        {
            QFile f(scriptFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(script.out.toUtf8());
        }
        QCOMPARE(QProcess::execute(QStringLiteral("bash"), {"-n", scriptFile}), 0);

        // A stand-in for sbatch: what it was given, and a job id.
        const QString fake = work.filePath(QStringLiteral("sbatch"));
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("#!/bin/sh\necho \"$@\" > '%1'\necho 4242\n")
                        .arg(work.filePath(QStringLiteral("sbatch-args")))
                        .toUtf8());
            f.setPermissions(f.permissions() | QFile::ExeOwner);
        }
        const Result submitted = pfstudio(slurm + QStringList{"--sbatch", fake}, home_.path());
        QVERIFY2(submitted.code == 0, qPrintable(submitted.err));
        QVERIFY2(submitted.out.contains("Submitted array job 4242: 4 runs"),
                 qPrintable(submitted.out));
        QFile args(work.filePath(QStringLiteral("sbatch-args")));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(args.readAll()).trimmed(),
                 "--parsable " + QDir(out).filePath("sweep.sbatch"));
        QCOMPARE(QDir(out + "/configs").entryList(QDir::Files).size(), 4);

        const Result local = pfstudio(sweep, home_.path(), 300000);
        QVERIFY2(local.code == 0, qPrintable(local.err));
        QVERIFY2(
            local.out.contains("[4/4] linear-seed1") && local.out.contains("Sweep done: 4 runs"),
            qPrintable(local.out));
        const QStringList stores = QDir(out + "/stores").entryList({"*.sqlite"}, QDir::Files);
        QCOMPARE(stores.size(), 4);
        const Result again = pfstudio(sweep, home_.path());
        QCOMPARE(again.code, 0);
        QCOMPARE(again.out.count("already finished in"), 4);

        QStringList storePaths;
        for (const QString& name : stores)
            storePaths << QDir(out + "/stores").filePath(name);
        const QString desk = work.filePath(QStringLiteral("desk.sqlite"));
        const QString garbage = work.filePath(QStringLiteral("garbage.sqlite"));
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
        }
        const Result refused = pfstudio(
            QStringList{"import", "--db", desk} + storePaths + QStringList{garbage}, home_.path());
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(garbage), qPrintable(refused.err));
        const auto listed = [&] {
            return QJsonDocument::fromJson(
                       pfstudio({"runs", "--db", desk, "--json"}, home_.path()).out.toUtf8())
                .array();
        };
        QCOMPARE(listed().size(), 0);

        const Result imported =
            pfstudio(QStringList{"import", "--db", desk, "--json"} + storePaths, home_.path());
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        int count = 0;
        for (const auto& store : QJsonDocument::fromJson(imported.out.toUtf8()).array())
            count += store.toObject()["imported"].toArray().size();
        QCOMPARE(count, 4);
        const QJsonArray runs = listed();
        QCOMPARE(runs.size(), 4);
        QStringList seen;
        for (const auto& run : runs) {
            const QJsonObject r = run.toObject();
            QCOMPARE(r["status"].toString(), QStringLiteral("finished"));
            QVERIFY(r["avg_acc"].isDouble());
            seen << QStringLiteral("%1 %2").arg(r["method"].toString()).arg(r["seed"].toInt());
            QVERIFY2(r["name"].toString().startsWith("tiny synthetic ["),
                     qPrintable(r["name"].toString()));
        }
        seen.sort();
        QCOMPARE(seen, (QStringList{"finetune 0", "finetune 1", "linear 0", "linear 1"}));
        const Result twice =
            pfstudio(QStringList{"import", "--db", desk} + storePaths, home_.path());
        QCOMPARE(twice.code, 0);
        QVERIFY2(twice.out.contains("0 runs imported"), qPrintable(twice.out));
        QCOMPARE(listed().size(), 4);
    }

    // Two processes on 127.0.0.1 train one run data-parallel: rank 0 stores it, with its
    // world size; rank 1 stores nothing; the accuracy matrix is the one-process run's.
    void twoProcessesTrainOneRunDataParallel() {
        const QString single = home_.filePath(QStringLiteral("dp-single.sqlite"));
        const QString dp = home_.filePath(QStringLiteral("dp.sqlite"));
        const QString other = home_.filePath(QStringLiteral("dp-rank1.sqlite"));
        const QStringList common{"run", "--config", configPath_, "--set", "threads=1", "--json"};
        const Result one = pfstudio(common + QStringList{"--db", single}, home_.path());
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const QString master = QStringLiteral("127.0.0.1:%1").arg(freePort());
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            ranks[r].start(QStringLiteral(PFSTUDIO_PATH),
                           common + QStringList{"--db", r == 0 ? dp : other, "--world-size", "2",
                                                "--rank", QString::number(r), "--master", master,
                                                "--dist-timeout", "60"});
            QVERIFY(ranks[r].waitForStarted());
        }
        for (QProcess& p : ranks)
            QVERIFY(p.waitForFinished(180000));
        const QString out0 = QString::fromUtf8(ranks[0].readAllStandardOutput());
        const QString err0 = QString::fromUtf8(ranks[0].readAllStandardError());
        const QString err1 = QString::fromUtf8(ranks[1].readAllStandardError());
        QVERIFY2(ranks[0].exitCode() == 0, qPrintable(err0));
        QVERIFY2(ranks[1].exitCode() == 0, qPrintable(err1));
        QVERIFY2(err0.contains("Data-parallel: rank 0 of 2 (options), master " + master),
                 qPrintable(err0));
        QVERIFY2(ranks[1].readAllStandardOutput().isEmpty() && !err1.contains("Task"),
                 qPrintable(err1));  // rank 1 trains quietly

        const QJsonArray a = lastJsonLine(one.out)["acc_matrix"].toArray();
        const QJsonArray b = lastJsonLine(out0)["acc_matrix"].toArray();
        QCOMPARE(a.size(), 2);
        QCOMPARE(b.size(), 2);
        // The same global batches, the same steps: only the order of the sums differs (the
        // batch's gradient as two halves added), a few units in the last place of float32 per
        // step. Over this short run (2 tasks x 2 epochs of 6 steps) that moves no test image
        // across a decision boundary here; allow one image of each task's 20 either way.
        for (int i = 0; i < 2; ++i)
            for (int t = i; t < 2; ++t) {
                const double x = a[i].toArray()[t].toDouble(), y = b[i].toArray()[t].toDouble();
                QVERIFY2(std::abs(x - y) <= 1.0 / 20 + 1e-12,
                         qPrintable(QStringLiteral("acc(%1,%2): %3 alone, %4 data-parallel")
                                        .arg(i)
                                        .arg(t)
                                        .arg(x)
                                        .arg(y)));
            }
        pf::storage::RunStore store(dp.toStdString());
        const auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("finished"));
        QCOMPARE(nlohmann::json::parse(runs[0].versions).value("world_size", 0), 2);
        // Step by step the same losses: they start a float32 rounding apart (2e-8 here) and
        // drift to 2.5e-6 over 48 steps of a longer run (measured, docs/performance.md); a
        // block weighted wrongly or a gradient left out would differ by 1e-2 at once.
        pf::storage::RunStore alone(single.toStdString());
        const auto x = alone.stepSeries(alone.listRuns().at(0).id, "loss");
        const auto y = store.stepSeries(runs[0].id, "loss");
        QCOMPARE(x.size(), y.size());
        QVERIFY(!x.empty());
        for (std::size_t k = 0; k < x.size(); ++k)
            QVERIFY2(std::abs(x[k].value - y[k].value) <= 1e-4,
                     qPrintable(QStringLiteral("step %1: loss %2 alone, %3 data-parallel")
                                    .arg(k)
                                    .arg(x[k].value)
                                    .arg(y[k].value)));
        QVERIFY(!QFile::exists(other));
    }

    // A rank killed mid-task ends the other at once (its connection closes), well within the
    // timeout; the run is stored as failed, naming what happened, and the store is whole.
    void aKilledRankEndsTheOtherAndTheStoreStaysWhole() {
        const QString dp = home_.filePath(QStringLiteral("dp-killed.sqlite"));
        const QString master = QStringLiteral("127.0.0.1:%1").arg(freePort());
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            ranks[r].start(
                QStringLiteral(PFSTUDIO_PATH),
                {"run", "--config", configPath_, "--set", "epochs=200", "--set", "threads=1",
                 "--json", "--db", r == 0 ? dp : home_.filePath("dp-killed-1.sqlite"),
                 "--world-size", "2", "--rank", QString::number(r), "--master", master,
                 "--dist-timeout", "30"});
            QVERIFY(ranks[r].waitForStarted());
        }
        waitForStderr(ranks[0], QStringLiteral("epoch 2/200"));
        ranks[1].kill();  // SIGKILL: no goodbye
        QElapsedTimer waited;
        waited.start();
        QVERIFY(ranks[0].waitForFinished(60000));
        QVERIFY2(waited.elapsed() < 30000, qPrintable(QString::number(waited.elapsed())));
        QCOMPARE(ranks[0].exitStatus(), QProcess::NormalExit);
        QCOMPARE(ranks[0].exitCode(), 1);
        const QString err = QString::fromUtf8(ranks[0].readAllStandardError());
        QVERIFY2(err.contains("another rank has ended"), qPrintable(err));
        pf::storage::RunStore store(dp.toStdString());
        QCOMPARE(store.integrityCheck(), std::string("ok"));
        const auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("failed"));
        QVERIFY2(QString::fromStdString(runs[0].error).contains("rank 0 of 2"),
                 runs[0].error.c_str());
    }

    void paperPresetNamesTheMissingWeights() {
        // With the data in place, the next thing the CIFAR-100 preset lacks is real CLIP weights.
        QTemporaryDir cifar;
        pf::test::writeSyntheticCifar(cifar.path().toStdString(), true, 1, 1);
        const Result r =
            pfstudio({"run", "--preset", "cifar100-cil", "--set", "data_root=" + cifar.path(),
                      "--db", home_.filePath(QStringLiteral("paper.sqlite"))},
                     home_.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("config key 'clip_weights' is empty") &&
                     r.err.contains("224-pixel, 3-channel"),
                 qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
        // The learner is built before the run is stored: no failed run is left behind.
        const Result list =
            pfstudio({"runs", "--db", home_.filePath(QStringLiteral("paper.sqlite")), "--json"},
                     home_.path());
        QCOMPARE(list.out.trimmed(), QStringLiteral("[]"));
    }

    void defaultStoreLivesInTheAppDataFolder() {
        QTemporaryDir home;
        const Result r = pfstudio({"runs"}, home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(home.filePath("PromptFusion/PromptFusion Studio/runs.sqlite")));
    }

    void interruptStopsAndStoresTheRun() {
        const QString db = home_.filePath(QStringLiteral("interrupt.sqlite"));
        QProcess p;
        startLongRun(p, db, QStringLiteral("Task 1/2"));
        if (QTest::currentTestFailed()) return;
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject s = lastJsonLine(QString::fromUtf8(p.readAllStandardOutput()));
        QCOMPARE(s["status"].toString(), QStringLiteral("stopped"));
        const Result list = pfstudio({"runs", "--db", db, "--json"}, home_.path());
        QCOMPARE(
            QJsonDocument::fromJson(list.out.toUtf8()).array()[0].toObject()["status"].toString(),
            QStringLiteral("stopped"));
    }

    // A training process holds no socket (it opens no network port and fetches nothing), and a
    // run stopped cleanly leaves nothing beside its store: no journal, no temporary file.
    void aRunOpensNoSocketAndLeavesNoTemporaryFile() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("clean.sqlite"));
        QProcess p;
        startLongRun(p, db, QStringLiteral("epoch 3/200"));
        if (QTest::currentTestFailed()) return;
        const QString fds = QStringLiteral("/proc/%1/fd").arg(p.processId());
        QStringList open;
        for (const QString& fd : QDir(fds).entryList(QDir::NoDotAndDotDot | QDir::System)) {
            char target[4096] = {};
            const QByteArray link = (fds + QLatin1Char('/') + fd).toLocal8Bit();
            if (::readlink(link.constData(), target, sizeof target - 1) > 0)
                open << QString::fromLocal8Bit(target);
        }
        QVERIFY(open.size() >= 3);  // at least stdin, stdout, stderr and the store
        for (const QString& target : open)
            QVERIFY2(!target.contains(QStringLiteral("socket:")), qPrintable(open.join('\n')));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 130);
        QStringList files;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << QDir(dir.path()).relativeFilePath(it.next());
        files.sort();
        QCOMPARE(files, QStringList{"clean.sqlite"});
    }

    // kill -9 in the middle of a task: the store stays whole, and the run shows as interrupted
    // the next time the store is opened.
    void killedRunLeavesAWholeStoreAndShowsInterrupted() {
        const QString db = home_.filePath(QStringLiteral("killed.sqlite"));
        QProcess p;
        startLongRun(p, db, QStringLiteral("epoch 3/200"));
        if (QTest::currentTestFailed()) return;
        p.kill();  // SIGKILL: no handler, no destructor runs
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        {
            pf::storage::RunStore store(db.toStdString());
            QCOMPARE(store.integrityCheck(), std::string("ok"));
            const auto runs = store.listRuns(false);
            QCOMPARE(runs.size(), std::size_t{1});
            QVERIFY(!store.stepSeries(runs[0].id, "loss").empty());  // steps written so far
        }
        const Result list = pfstudio({"runs", "--db", db, "--json"}, home_.path());
        QCOMPARE(
            QJsonDocument::fromJson(list.out.toUtf8()).array()[0].toObject()["status"].toString(),
            QStringLiteral("interrupted"));
    }

    // kill -9 in the middle of task 2 of 3, then `run --resume`: it goes on from the checkpoint
    // after task 1 and ends with the metrics of the same run left alone (same seed, same
    // threads). A damaged checkpoint is refused first, with the store left as it was.
    void killedRunResumesToTheSameMetrics() {
        // 12 epochs a task: the kill, sent when task 2 starts, lands before the run ends on
        // any machine (with 3 a fast machine finished task 2 first); it may land after task 2's
        // checkpoint, so either checkpoint is a valid place to resume from.
        const QStringList config{"run",       "--config",  configPath_, "--set",          "tasks=3",
                                 "--set",     "method=er", "--set",     "memory_size=20", "--set",
                                 "epochs=12", "--json"};
        const QString fullDb = home_.filePath(QStringLiteral("uninterrupted.sqlite"));
        const Result full = pfstudio(config + QStringList{"--db", fullDb}, home_.path());
        QVERIFY2(full.code == 0, qPrintable(full.err));
        const QJsonObject a = lastJsonLine(full.out);

        const QString db = home_.filePath(QStringLiteral("resumed.sqlite"));
        QProcess p;
        p.start(QStringLiteral(PFSTUDIO_PATH), config + QStringList{"--db", db});
        QVERIFY(p.waitForStarted());
        waitForStderr(p, QStringLiteral("Task 2/3"));
        if (QTest::currentTestFailed()) return;
        p.kill();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        const QString folder = home_.filePath(QStringLiteral("resumed-checkpoints/run-1"));
        QVERIFY(QFile::exists(folder + QStringLiteral("/trainer.json")));
        QVERIFY(QFile::exists(folder + QStringLiteral("/task-1.safetensors")) ||
                QFile::exists(folder + QStringLiteral("/task-2.safetensors")));
        const Result listed = pfstudio({"runs", "--db", db}, home_.path());
        QVERIFY2(listed.out.contains(QStringLiteral("pfstudio run --resume ID): 1")),
                 qPrintable(listed.out));
        QVERIFY(QJsonDocument::fromJson(
                    pfstudio({"runs", "--db", db, "--json"}, home_.path()).out.toUtf8())
                    .array()[0]
                    .toObject()["resumable"]
                    .toBool());

        // A damaged trainer.json: refused, naming the file; the run stays interrupted.
        QFile json(folder + QStringLiteral("/trainer.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray good = json.readAll();
        json.close();
        QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
        json.write(good.left(good.size() / 2));
        json.close();
        const Result refused = pfstudio({"run", "--resume", "1", "--db", db}, home_.path());
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("trainer.json")), qPrintable(refused.err));
        {
            pf::storage::RunStore store(db.toStdString());
            QCOMPARE(store.run(1)->status, std::string("interrupted"));
        }
        QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
        json.write(good);
        json.close();

        const Result resumed =
            pfstudio({"run", "--resume", "1", "--db", db, "--json"}, home_.path());
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains(QStringLiteral("resumed after task 1")) ||
                     resumed.err.contains(QStringLiteral("resumed after task 2")),
                 qPrintable(resumed.err));
        const QJsonObject b = lastJsonLine(resumed.out);
        QCOMPARE(b["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(b["run_id"].toInt(), 1);
        for (const char* key : {"avg_acc", "avg_inc_acc", "forgetting", "bwt"})
            QVERIFY2(std::abs(a[key].toDouble() - b[key].toDouble()) <= 1e-6,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(key)
                                    .arg(a[key].toDouble())
                                    .arg(b[key].toDouble())));
        const QJsonArray ma = a["acc_matrix"].toArray(), mb = b["acc_matrix"].toArray();
        for (int i = 0; i < 3; ++i)
            for (int k = i; k < 3; ++k)
                QVERIFY(std::abs(ma[i].toArray()[k].toDouble() - mb[i].toArray()[k].toDouble()) <=
                        1e-6);

        // The store holds the run once: the interrupted task's first attempt was dropped,
        // nothing doubled.
        pf::storage::RunStore store(db.toStdString());
        pf::storage::RunStore reference(fullDb.toStdString());
        QCOMPARE(store.integrityCheck(), std::string("ok"));
        QCOMPARE(store.run(1)->status, std::string("finished"));
        QCOMPARE(store.epochs(1).size(), std::size_t{36});
        QCOMPARE(store.stepSeries(1, "loss").size(), reference.stepSeries(1, "loss").size());
        QVERIFY(std::abs(store.run(1)->finalAverageAccuracy - a["avg_acc"].toDouble()) <= 1e-6);
        QVERIFY(!QFile::exists(folder));  // a finished run keeps no checkpoint

        // Only an interrupted, stopped or failed run resumes.
        const Result again = pfstudio({"run", "--resume", "1", "--db", db}, home_.path());
        QCOMPARE(again.code, 2);
        QVERIFY2(again.err.contains(QStringLiteral("is finished")), qPrintable(again.err));
        const Result missing = pfstudio({"run", "--resume", "7", "--db", db}, home_.path());
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("no such run")), qPrintable(missing.err));
    }

    // The store stops taking writes mid-run - a file size limit (what a full disk does to
    // SQLite's writes), or the file deleted - and the run trains on, says so, and saves its
    // results whole into a recovery store beside the first; exit 1 (the store failed).
    void aStoreThatFailsMidRunLosesNothing_data() {
        QTest::addColumn<QString>("fault");
        QTest::newRow("file size limit") << QStringLiteral("limit");
        QTest::newRow("store deleted") << QStringLiteral("deleted");
    }
    void aStoreThatFailsMidRunLosesNothing() {
        QFETCH(QString, fault);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("fragile.sqlite"));
        const QStringList args{"run",   "--config", configPath_, "--set", "tasks=3",
                               "--set", "epochs=3", "--db",      db,      "--json"};
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        if (fault == QStringLiteral("limit")) {
            // 150 KiB per file: the store is created (40 KiB), its write-ahead log soon hits the
            // limit. SIGXFSZ ignored, so writes fail with EFBIG as on a full disk.
            QStringList quoted;
            for (const QString& a : args)
                quoted << QStringLiteral("'%1'").arg(a);
            p.start(QStringLiteral("bash"),
                    {"-c", QStringLiteral("trap '' XFSZ; ulimit -f 150; exec '%1' %2")
                               .arg(QStringLiteral(PFSTUDIO_PATH), quoted.join(' '))});
        } else {
            p.start(QStringLiteral(PFSTUDIO_PATH), args + QStringList{"--set", "epochs=40"});
        }
        QVERIFY(p.waitForStarted());
        QString err;
        if (fault == QStringLiteral("deleted")) {
            err = waitForStderr(p, QStringLiteral("Task 2/3"));
            if (QTest::currentTestFailed()) return;
            for (const char* suffix : {"", "-wal", "-shm"})
                QFile::remove(db + QString::fromLatin1(suffix));
        }
        QVERIFY(p.waitForFinished(120000));
        err += QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("cannot be written")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("training goes on")), qPrintable(err));
        // The summary on stdout has every task.
        const QJsonObject s = lastJsonLine(QString::fromUtf8(p.readAllStandardOutput()));
        QCOMPARE(s["status"].toString(), QStringLiteral("finished"));
        const QJsonArray matrix = s["acc_matrix"].toArray();
        QVERIFY(matrix[0].toArray()[2].isDouble());
        // The recovery store beside the first holds the whole run.
        const QStringList recovered =
            QDir(dir.path()).entryList({QStringLiteral("fragile-recovered-run1-*.sqlite")});
        QCOMPARE(recovered.size(), 1);
        QVERIFY2(err.contains(recovered[0]), qPrintable(err));
        pf::storage::RunStore store(dir.filePath(recovered[0]).toStdString());
        QCOMPARE(store.integrityCheck(), std::string("ok"));
        const auto runs = store.listRuns(false);
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("finished"));
        QCOMPARE(store.accuracyMatrix(runs[0].id).lastCompleteTask(), 2);
        QVERIFY(std::abs(runs[0].finalAverageAccuracy - s["avg_acc"].toDouble()) <= 1e-9);
        const std::size_t epochs = fault == QStringLiteral("deleted") ? 120 : 9;
        QCOMPARE(store.epochs(runs[0].id).size(), epochs);
    }

    // Two processes training into one store at the same time: both finish, nothing is lost.
    void twoProcessesShareOneStore() {
        const QString db = home_.filePath(QStringLiteral("shared.sqlite"));
        QProcess a, b;
        for (QProcess* p : {&a, &b})
            p->start(QStringLiteral(PFSTUDIO_PATH),
                     {"run", "--config", configPath_, "--db", db, "--set", "epochs=1", "--json"});
        for (QProcess* p : {&a, &b}) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
                     p->readAllStandardError().constData());
        }
        pf::storage::RunStore store(db.toStdString());
        QCOMPARE(store.integrityCheck(), std::string("ok"));
        const auto runs = store.listRuns(false);
        QCOMPARE(runs.size(), std::size_t{2});
        for (const auto& run : runs) {
            QCOMPARE(run.status, std::string("finished"));
            QCOMPARE(store.epochs(run.id).size(), std::size_t{2});  // 2 tasks x 1 epoch
            QCOMPARE(store.stepSeries(run.id, "loss").size(),
                     store.stepSeries(runs[0].id, "loss").size());
            QCOMPARE(store.accuracyMatrix(run.id).lastCompleteTask(), 1);
        }
    }

    void inspectWeightsDescribesACheckpoint() {
        pf::models::ViTOptions o;
        o.imageSize = 16;
        o.channels = 3;
        o.patchSize = 4;
        o.dim = 64;
        o.depth = 2;
        o.heads = 1;
        o.numClasses = 5;
        pf::models::VisionTransformer vit(o);
        const QString path = home_.filePath(QStringLiteral("vit.safetensors"));
        pf::models::saveModule(*vit, path.toStdString());
        const Result r = pfstudio({"inspect-weights", path}, home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QRegularExpression(
            QStringLiteral("blocks\\.1\\.attn\\.qkv\\.weight +F32 +\\[192, 64\\]"))));
        QVERIFY(r.out.contains("Layout: ViT (timm layout)"));
        QVERIFY(r.out.contains("patch 4, dim 64, depth 2, heads 1 (assumed: dim / 64)"));
        QVERIFY(r.out.contains("Loads: loaded"));
        const QJsonObject j =
            lastJsonLine(pfstudio({"inspect-weights", path, "--json"}, home_.path()).out);
        QCOMPARE(j["format"].toString(), QStringLiteral("safetensors"));
        QCOMPARE(j["model"].toObject()["depth"].toInt(), 2);

        const QString bad = home_.filePath(QStringLiteral("bad.safetensors"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": 1}        ", 24));
        f.close();
        const Result e = pfstudio({"inspect-weights", bad}, home_.path());
        QCOMPARE(e.code, 2);
        QVERIFY2(e.err.contains(bad), qPrintable(e.err));
        QCOMPARE(e.err.trimmed().count(QLatin1Char('\n')), 0);
        QCOMPARE(pfstudio({"inspect-weights", home_.filePath("none.pt")}, home_.path()).code, 2);
        QCOMPARE(pfstudio({"inspect-weights"}, home_.path()).code, 2);
    }

    void dataInspectDescribesAFolderAndItsBadImages() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        // ImageNet-R's shape in miniature: 200 class folders, a names file, one broken image.
        for (int c = 0; c < 200; ++c) {
            char wnid[16];
            std::snprintf(wnid, sizeof(wnid), "n%08d", c);
            std::filesystem::create_directories(root / wnid);
            for (int i = 0; i < 3; ++i)
                QVERIFY(cv::imwrite((root / wnid / (std::to_string(i) + ".jpg")).string(),
                                    cv::Mat(12, 16, CV_8UC3, cv::Scalar(c, i * 50, 9))));
        }
        std::ofstream(root / "class_names.txt") << "n00000000 goldfish\nn00000001 shark\n";
        std::ofstream(root / "n00000005" / "broken.jpg") << "not a jpeg";
        const Result r = pfstudio({"data", "inspect", "--preset", "imagenet-r-cil", "--set",
                                   "data_root=" + dir.path(), "--json"},
                                  home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = lastJsonLine(r.out);
        QCOMPARE(o["classes"].toInt(), 200);
        QCOMPARE(o["image_size"].toInt(), 224);
        QCOMPARE(o["channels"].toInt(), 3);
        QVERIFY(o["lazy"].toBool());
        const QJsonArray tasks = o["tasks"].toArray();
        QCOMPARE(tasks.size(), 10);
        const QJsonObject first = tasks[0].toObject();
        QCOMPARE(first["classes"].toArray().size(), 20);
        QCOMPARE(first["classes"].toArray()[0].toString(), QStringLiteral("goldfish"));
        QCOMPARE(first["train"].toInt() + first["test"].toInt(), 60);
        QCOMPARE(first["test"].toInt(), 20);  // 20% of 3 images rounds to 1 per class
        const QString warnings = QString::fromUtf8(QJsonDocument(o["warnings"].toArray()).toJson());
        QVERIFY2(warnings.contains("broken.jpg") && warnings.contains("1 of 601"),
                 qPrintable(warnings));
        // The same data, but the built-in backbones cannot read 224-pixel colour images.
        const Result run =
            pfstudio({"run", "--preset", "imagenet-r-cil", "--set", "data_root=" + dir.path(),
                      "--db", home_.filePath(QStringLiteral("inr.sqlite"))},
                     home_.path());
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains("broken.jpg") && run.err.contains("clip_weights"),
                 qPrintable(run.err));
    }

    void fmnistDomainShiftsInspect() {
        const Result r = pfstudio({"data", "inspect", "--preset", "fmnist-dil", "--set",
                                   "data_root=" + data_.path(), "--json"},
                                  home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = lastJsonLine(r.out);
        QCOMPARE(o["scenario"].toString(), QStringLiteral("domain-il"));
        const QJsonArray tasks = o["tasks"].toArray();
        QCOMPARE(tasks.size(), 6);
        QCOMPARE(tasks[1].toObject()["domain"].toString(), QStringLiteral("inverted"));
        QCOMPARE(tasks[5].toObject()["classes"].toArray().size(), 10);
        QCOMPARE(tasks[0].toObject()["train"].toInt(), 300 / 6);
        const Result text = pfstudio(
            {"data", "inspect", "--preset", "fmnist-dil", "--set", "data_root=" + data_.path()},
            home_.path());
        QVERIFY2(text.out.contains("Task 3 [rotated]"), qPrintable(text.out));
    }

    void screenshotRendersAStoredRun() {
        const QString db = home_.filePath(QStringLiteral("shots.sqlite"));
        const Result run =
            pfstudio({"run", "--config", configPath_, "--db", db, "--json"}, home_.path());
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const qint64 id = lastJsonLine(run.out)["run_id"].toInteger();
        for (const char* view : {"live", "matrix", "history", "compare", "samples"}) {
            const QString out = home_.filePath(QStringLiteral("%1.png").arg(view));
            const Result r = pfstudio({"screenshot", "--db", db, "--run", QString::number(id),
                                       "--view", view, "--size", "1200x700", "--out", out},
                                      home_.path());
            QVERIFY2(r.code == 0, qPrintable(r.err));
            // A PNG of the window's size: signature, then IHDR's width and height.
            QFile png(out);
            QVERIFY(png.open(QIODevice::ReadOnly));
            const QByteArray head = png.read(24);
            QVERIFY(head.startsWith("\x89PNG\r\n\x1a\n"));
            auto be32 = [&](int at) {
                return (quint32(quint8(head[at])) << 24) | (quint32(quint8(head[at + 1])) << 16) |
                       (quint32(quint8(head[at + 2])) << 8) | quint32(quint8(head[at + 3]));
            };
            QCOMPARE(be32(16), 1200u);
            QCOMPARE(be32(20), 700u);
        }
        const Result missing =
            pfstudio({"screenshot", "--db", db, "--run", "9999", "--out", home_.filePath("x.png")},
                     home_.path());
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("run 9999 is not in"), qPrintable(missing.err));
        QVERIFY(!QFile::exists(home_.filePath("x.png")));
    }

    // The benchmark on the tiny synthetic config: the limit, then per learner its throughput,
    // analytic FLOPs and their share of the limit, the step split and the model's shapes.
    void benchMeasuresEachLearnerAgainstTheLimit() {
        const Result r =
            pfstudio({"bench", "--preset", "quick", "--set", "data_root=" + data_.path(), "--set",
                      "batch_size=10", "--set", "threads=1", "--learner", "finetune", "--learner",
                      "l2p", "--steps", "3", "--repeats", "1", "--json"},
                     home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(j["limit"].toObject()["gflops"].toDouble() > 0.0);
        QVERIFY(j["compute"].toObject()["blas"].toString().size() > 0);
        QVERIFY(j["compute"].toObject()["threads"].toObject()["worker_after_setting"].toInt() >= 1);
        QVERIFY(j["peak_resident_bytes"].toDouble() > 1e6);
        const QJsonArray learners = j["learners"].toArray();
        QCOMPARE(learners.size(), 2);
        QCOMPARE(learners[0].toObject()["learner"].toString(), QStringLiteral("finetune"));
        QCOMPARE(learners[1].toObject()["learner"].toString(), QStringLiteral("l2p"));
        for (const QJsonValue& v : learners) {
            const QJsonObject b = v.toObject();
            QVERIFY(b["train_images_per_second"].toDouble() > 0.0);
            QVERIFY(b["eval_images_per_second"].toDouble() > 0.0);
            QVERIFY(b["train_flops_per_image"].toDouble() > b["eval_flops_per_image"].toDouble());
            QVERIFY(std::abs(b["train_gflops"].toDouble() -
                             b["train_images_per_second"].toDouble() *
                                 b["train_flops_per_image"].toDouble() / 1e9) < 1e-6);
            const QJsonObject step = b["seconds_per_step"].toObject();
            QVERIFY(step["forward"].toDouble() > 0.0 && step["backward"].toDouble() > 0.0);
            QVERIFY(step["total"].toDouble() >= step["forward"].toDouble());
            QCOMPARE(b["model"].toObject()["batch_size"].toInt(), 10);
            QCOMPARE(b["model"].toObject()["image_size"].toInt(), 28);
            QCOMPARE(b["parallel"].toString(), QStringLiteral("ops"));  // one thread
            QCOMPARE(b["step_parts"].toInt(), 1);
            // Shares are against the limit measured between the learner's own repetitions.
            QVERIFY(b["train_limit_gflops"].toDouble() > 0.0);
            QVERIFY(b["eval_limit_gflops"].toDouble() > 0.0);
            QVERIFY(std::abs(b["train_share_of_limit"].toDouble() -
                             b["train_gflops"].toDouble() / b["train_limit_gflops"].toDouble()) <
                    1e-9);
            QVERIFY(std::abs(b["eval_share_of_limit"].toDouble() -
                             b["eval_gflops"].toDouble() / b["eval_limit_gflops"].toDouble()) <
                    1e-9);
        }
        QCOMPARE(j["kernels"].toString(), pf::models::fusedKernelsSupported()
                                              ? QStringLiteral("fused")
                                              : QStringLiteral("reference"));
        // The built-in tiny ViT (width 64, 4 blocks) is what both measured, on one thread.
        QCOMPARE(learners[0].toObject()["model"].toObject()["vit"].toObject()["dim"].toInt(), 64);
        QCOMPARE(j["limit"].toObject()["threads"].toInt(), 1);
        QCOMPARE(learners[1].toObject()["model"].toObject()["prompt_tokens"].toInt(), 5);
    }

    void benchHistoryTimesTheViews() {
        const Result r =
            pfstudio({"bench", "--history", "30", "--compare", "3", "--repeats", "1", "--json"},
                     home_.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j["runs"].toInt(), 30);
        QCOMPARE(j["compared"].toInt(), 3);
        QCOMPARE(j["filter_matches"].toInt(), 10);  // "bench run 1" and its 9 copies
        for (const char* key : {"open_ms", "filter_ms", "compare_ms", "fill_seconds"})
            QVERIFY2(j[QLatin1String(key)].toDouble() > 0.0, key);
    }

    void helpForEveryCommand() {
        for (const char* command :
             {"run", "runs", "version", "inspect-weights", "data inspect", "bench"}) {
            QStringList args = QString::fromLatin1(command).split(QLatin1Char(' '));
            args << QStringLiteral("--help");
            const Result r = pfstudio(args, home_.path());
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains(QStringLiteral("pfstudio %1").arg(QLatin1String(command))),
                     qPrintable(r.out));
        }
        const Result top = pfstudio({"--help"}, home_.path());
        QCOMPARE(top.code, 0);
        QVERIFY(top.out.contains("Commands:"));
    }

private:
    QTemporaryDir home_;
    QTemporaryDir data_;
    QString configPath_;
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
