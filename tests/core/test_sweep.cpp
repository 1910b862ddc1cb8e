// pfstudio sweep's plan and Slurm script.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "run/sweep.h"

using namespace pf;

namespace {

config::ExperimentConfig quick() {
    return config::ExperimentConfig::fromPreset("quick", {"memory_size=50"});
}

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Methods x seeds, method by method: each its own config, file and store.
    void aPlanHasOneRunPerMethodAndSeed() {
        const storage::SweepPlan plan =
            storage::planSweep(quick(), {"er", "finetune"}, "0-2", "sweeps/a/../b", "quick sweep");
        QVERIFY(std::filesystem::path(plan.folder).is_absolute());
        QVERIFY(QString::fromStdString(plan.folder).endsWith("sweeps/b"));
        QCOMPARE(plan.entries.size(), std::size_t{6});
        const char* names[] = {"er-seed0",       "er-seed1",       "er-seed2",
                               "finetune-seed0", "finetune-seed1", "finetune-seed2"};
        for (std::size_t i = 0; i < 6; ++i) {
            const storage::SweepEntry& e = plan.entries[i];
            QCOMPARE(e.name, std::string(names[i]));
            QCOMPARE(e.config.options.method, std::string(i < 3 ? "er" : "finetune"));
            QCOMPARE(e.config.options.seed, static_cast<int>(i % 3));
            QVERIFY(e.config.options.compareWith.empty() && e.config.options.seeds.empty());
            QCOMPARE(e.config.options.memorySize, 50);  // --set reaches every run
            QCOMPARE(e.configPath, plan.folder + "/configs/" + names[i] + ".json");
            QCOMPARE(e.storePath, plan.folder + "/stores/" + names[i] + ".sqlite");
            QVERIFY2(e.config.options.name.rfind("Quick", 0) == 0, e.config.options.name.c_str());
        }
        QCOMPARE(plan.entries[4].config.options.name, quick().options.name + " [finetune, seed 1]");
        // Without seeds, the config's seed; a config without a name is named after the sweep.
        config::ExperimentConfig unnamed =
            config::ExperimentConfig::fromPreset("quick", {"name=", "seed=7"});
        const auto one = storage::planSweep(unnamed, {"finetune"}, "", "s", "quick sweep");
        QCOMPARE(one.entries.size(), std::size_t{1});
        QCOMPARE(one.entries[0].name, std::string("finetune-seed7"));
        QCOMPARE(one.entries[0].config.options.name, std::string("quick sweep"));
    }

    void aBadPlanNamesWhatIsWrong() {
        QVERIFY_THROWS_EXCEPTION(ConfigError, storage::planSweep(quick(), {}, "", "s", "x"));
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 storage::planSweep(quick(), {"er", "magic"}, "", "s", "x"));
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 storage::planSweep(quick(), {"er", "er"}, "", "s", "x"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, storage::planSweep(quick(), {"er"}, "0,x", "s", "x"));
    }

    void configsAreWrittenWholeAndReadBack() {
        QTemporaryDir dir;
        const auto plan =
            storage::planSweep(quick(), {"er", "lwf"}, "3", dir.path().toStdString(), "x");
        storage::writeSweepConfigs(plan);
        for (const char* sub : {"stores", "logs"})
            QVERIFY(std::filesystem::is_directory(plan.folder + "/" + sub));
        for (const storage::SweepEntry& e : plan.entries) {
            const auto back = config::ExperimentConfig::fromFile(e.configPath);
            QCOMPARE(back.toJson(), e.config.toJson());
        }
        QVERIFY_THROWS_EXCEPTION(InputError, storage::writeSweepConfigs(storage::planSweep(
                                                 quick(), {"er"}, "", "/proc/no-sweep-here", "x")));
    }

    void slurmTimeLimitsAreCheckedAsSbatchReadsThem() {
        for (const char* ok : {"30", "30:00", "2:00:00", "1-0", "1-12:00", "2-00:00:00"})
            QVERIFY2(storage::whyNotASlurmTime(ok).empty(), ok);
        for (const char* bad : {"", "2h", "1:2:3:4", "-5", "1-", "2 hours"})
            QVERIFY2(!storage::whyNotASlurmTime(bad).empty(), bad);
    }

    void wordsAreQuotedForTheShell() {
        QCOMPARE(storage::shellQuoted("/opt/pf/bin/pfstudio"), std::string("/opt/pf/bin/pfstudio"));
        QCOMPARE(storage::shellQuoted("my sweep"), std::string("'my sweep'"));
        QCOMPARE(storage::shellQuoted("it's $HOME"), std::string("'it'\\''s $HOME'"));
        QCOMPARE(storage::shellQuoted(""), std::string("''"));
    }

    // The array script: one task per run, the options asked for and no others, every path
    // quoted, and bash reads it and picks each task's run from SLURM_ARRAY_TASK_ID.
    void theSlurmScriptRunsOneConfigPerArrayTask() {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("it's a sweep").toStdString();
        const auto plan = storage::planSweep(quick(), {"er", "finetune"}, "0,1", folder, "x");
        storage::SlurmOptions o;
        o.program = "/opt/pf studio/pfstudio";
        o.jobName = "pf-quick";
        o.cpusPerTask = 4;
        std::string script = storage::slurmArrayScript(plan, o);
        QVERIFY(script.rfind("#!/bin/bash\n", 0) == 0);
        for (const char* line : {"#SBATCH --array=0-3\n", "#SBATCH --cpus-per-task=4\n",
                                 "#SBATCH --ntasks=1\n", "#SBATCH --job-name=pf-quick\n"})
            QVERIFY2(script.find(line) != std::string::npos, line);
        for (const char* absent : {"--partition", "--time", "--gpus-per-task"})
            QVERIFY2(script.find(absent) == std::string::npos, absent);
        o.partition = "gpu";
        o.time = "1:00:00";
        o.gpusPerTask = 1;
        o.maxParallel = 2;
        script = storage::slurmArrayScript(plan, o);
        for (const char* line : {"#SBATCH --array=0-3%2\n", "#SBATCH --partition=gpu\n",
                                 "#SBATCH --time=1:00:00\n", "#SBATCH --gpus-per-task=1\n"})
            QVERIFY2(script.find(line) != std::string::npos, line);

        // Data-parallel runs: each array task asks for, and srun starts, that many ranks.
        o.ranksPerRun = 2;
        const std::string parallel = storage::slurmArrayScript(plan, o);
        QVERIFY(parallel.find("#SBATCH --ntasks=2\n") != std::string::npos);
        QVERIFY(parallel.find("exec srun --ntasks=2 ") != std::string::npos);

        // A folder's % is written %% for sbatch's file pattern; a line break, which no #SBATCH
        // line can hold (the rest would run as a command), is refused.
        const auto percent =
            storage::planSweep(quick(), {"er"}, "", dir.filePath("at 50%").toStdString(), "x");
        QVERIFY(storage::slurmArrayScript(percent, o).find("at 50%%/logs/%A_%a.out") !=
                std::string::npos);
        const auto broken =
            storage::planSweep(quick(), {"er"}, "", dir.filePath("a\nrm -rf x").toStdString(), "x");
        QVERIFY_THROWS_EXCEPTION(InputError, storage::slurmArrayScript(broken, o));
        o.ranksPerRun = 1;

        // Run it with an srun that prints its arguments: task 2 is finetune seed 0.
        const std::string path = dir.filePath("sweep.sbatch").toStdString();
        std::ofstream(path) << script;
        QVERIFY(QDir(dir.path()).mkdir("bin"));
        const std::string srun = dir.filePath("bin/srun").toStdString();
        std::ofstream(srun) << "#!/bin/sh\necho \"$@\"\n";
        std::filesystem::permissions(srun, std::filesystem::perms::owner_all);
        QProcess bash;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("SLURM_ARRAY_TASK_ID", "2");
        env.insert("SLURM_CPUS_PER_TASK", "4");
        env.insert("PATH", dir.filePath("bin") + ":" + env.value("PATH"));
        bash.setProcessEnvironment(env);
        bash.start("bash", {QString::fromStdString(path)});
        QVERIFY(bash.waitForFinished(10000));
        const QString out = QString::fromUtf8(bash.readAllStandardOutput());
        QVERIFY2(bash.exitCode() == 0, qPrintable(bash.readAllStandardError()));
        QVERIFY2(
            out.contains("--ntasks=1 --cpus-per-task=4 /opt/pf studio/pfstudio run --config " +
                         QString::fromStdString(folder) + "/configs/finetune-seed0.json --db " +
                         QString::fromStdString(folder) +
                         "/stores/finetune-seed0.sqlite --set threads=4"),
            qPrintable(out));
    }
};

QTEST_APPLESS_MAIN(TestSweep)
#include "test_sweep.moc"
