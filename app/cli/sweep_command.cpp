// pfstudio sweep: methods x seeds as runs of their own, here one after another or as a Slurm
// array job.

#include <iostream>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "console_observer.h"
#include "run/run_store.h"
#include "run/sweep.h"

namespace pf::cli {
namespace {

std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> out;
    for (const QString& item : text.split(QLatin1Char(',')))
        out.push_back(item.trimmed().toStdString());
    return out;
}

// A positive whole number from an option, or the exit code after a message naming it.
std::optional<int> positive(const QCommandLineParser& parser, const QCommandLineOption& option,
                            int& into, bool zeroAllowed = false) {
    if (!parser.isSet(option)) return std::nullopt;
    bool ok = false;
    into = parser.value(option).toInt(&ok);
    if (!ok || into < (zeroAllowed ? 0 : 1)) {
        printError(
            QStringLiteral("sweep: --%1 expects a whole number%2, got '%3'")
                .arg(option.names().first(),
                     zeroAllowed ? QStringLiteral(" of 0 or more") : QStringLiteral(" above 0"),
                     parser.value(option)));
        return kBadInput;
    }
    return std::nullopt;
}

// Whether the store of `entry` already holds a finished run of exactly its config: a sweep
// run again goes on where it stopped.
bool alreadyFinished(const storage::SweepEntry& entry) {
    if (!QFileInfo::exists(QString::fromStdString(entry.storePath))) return false;
    storage::RunStore store(entry.storePath);
    const nlohmann::json wanted = entry.config.toJson();
    for (const storage::RunRecord& r : store.listRuns())
        if (r.status == "finished" && nlohmann::json::parse(r.config, nullptr, false) == wanted)
            return true;
    return false;
}

// Runs each entry as `pfstudio run` in a process of its own, one after another, its output
// passed through. Ctrl+C stops the run in progress (stored as stopped) and the sweep.
int runLocally(const storage::SweepPlan& plan) {
    installInterruptHandler();
    std::vector<std::string> failed;
    int done = 0, skipped = 0;
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        const storage::SweepEntry& e = plan.entries[i];
        const std::string counter =
            "[" + std::to_string(i + 1) + "/" + std::to_string(plan.entries.size()) + "] ";
        if (alreadyFinished(e)) {
            std::cout << counter << e.name << ": already finished in " << e.storePath << std::endl;
            ++skipped;
            continue;
        }
        std::cout << counter << e.name << std::endl;
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        // Each run is a process of its own, not a rank of whatever launched the sweep.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "SLURM_PROCID", "SLURM_NTASKS",
                                 "SLURM_LOCALID", "SLURM_STEP_NODELIST"})
            env.remove(QString::fromLatin1(name));
        p.setProcessEnvironment(env);
        p.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("run"), QStringLiteral("--config"),
                 QString::fromStdString(e.configPath), QStringLiteral("--db"),
                 QString::fromStdString(e.storePath)});
        if (!p.waitForStarted(-1))
            throw Error("sweep: cannot start " +
                        QCoreApplication::applicationFilePath().toStdString() + ": " +
                        p.errorString().toStdString());
        bool forwarded = false;
        while (!p.waitForFinished(200))
            if (interruptRequested() && !forwarded) {
                p.terminate();  // the run stops after its step and is stored as stopped
                forwarded = true;
            }
        const int code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : kFailure;
        if (interruptRequested() || code == kInterrupted) {
            std::cout << "Sweep stopped at " << e.name << "; run it again to go on." << std::endl;
            return kInterrupted;
        }
        if (code != kOk) failed.push_back(e.name);
        ++done;
    }
    std::cout << "Sweep done: " << done << " run" << (done == 1 ? "" : "s");
    if (skipped > 0) std::cout << ", " << skipped << " already finished";
    if (!failed.empty()) {
        std::cout << ", " << failed.size() << " did not finish (";
        for (std::size_t i = 0; i < failed.size(); ++i)
            std::cout << (i ? ", " : "") << failed[i];
        std::cout << ")";
    }
    std::cout << ". Bring them into your store with:\n  pfstudio import "
              << storage::shellQuoted(plan.folder) << "/stores/*.sqlite" << std::endl;
    return failed.empty() ? kOk : kFailure;
}

// sbatch --parsable SCRIPT: the job id, or an error naming what failed.
std::string submit(const std::string& sbatch, const std::string& script) {
    QProcess p;
    p.start(QString::fromStdString(sbatch),
            {QStringLiteral("--parsable"), QString::fromStdString(script)});
    if (!p.waitForStarted(-1) || !p.waitForFinished(120000))
        throw Error("sweep: " + sbatch + " did not run: " + p.errorString().toStdString());
    const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        throw Error("sweep: sbatch refused the job: " +
                    QString::fromUtf8(p.readAllStandardError()).trimmed().toStdString());
    return out.section(QLatin1Char(';'), 0, 0).toStdString();  // "jobid[;cluster]"
}

}  // namespace

int sweepCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const ConfigOptions source;
    const QCommandLineOption methods(QStringLiteral("methods"),
                                     QStringLiteral("Methods to run, comma-separated."),
                                     QStringLiteral("a,b,..."));
    const QCommandLineOption seeds(
        QStringLiteral("seeds"),
        QStringLiteral("Seeds to run each method with: 0,1,2 or 0-2 (default: the config's)."),
        QStringLiteral("LIST"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("The sweep's folder: configs/, stores/, logs/."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption slurm(QStringLiteral("slurm"),
                                   QStringLiteral("Submit the runs as a Slurm array job "
                                                  "(sbatch) instead of running them here."));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        QStringLiteral("Write nothing, run nothing: print the runs (with --slurm, the script)."));
    const QCommandLineOption partition(QStringLiteral("partition"),
                                       QStringLiteral("Slurm partition (default: the cluster's)."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption time(QStringLiteral("time"),
                                  QStringLiteral("Slurm time limit per run, e.g. 2:00:00."),
                                  QStringLiteral("LIMIT"));
    const QCommandLineOption cpus(QStringLiteral("cpus-per-task"),
                                  QStringLiteral("CPUs per run (its compute threads; default 1)."),
                                  QStringLiteral("N"));
    const QCommandLineOption gpus(QStringLiteral("gpus-per-task"),
                                  QStringLiteral("GPUs per run (a CUDA build; default none)."),
                                  QStringLiteral("N"));
    const QCommandLineOption parallel(QStringLiteral("max-parallel"),
                                      QStringLiteral("At most N runs at once on the cluster."),
                                      QStringLiteral("N"));
    const QCommandLineOption ranks(
        QStringLiteral("ranks-per-run"),
        QStringLiteral("Processes per run (Slurm tasks): more than 1 trains each run "
                       "data-parallel (default 1)."),
        QStringLiteral("N"));
    const QCommandLineOption sbatch(QStringLiteral("sbatch"),
                                    QStringLiteral("The sbatch program (default: from PATH)."),
                                    QStringLiteral("PATH"));
    parser.addOptions({source.preset, source.file, source.set, source.device, methods, seeds, out,
                       slurm, dryRun, partition, time, cpus, gpus, parallel, ranks, sbatch});
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral(
                "pfstudio sweep (--preset NAME | --config FILE.json) --methods a,b,... "
                "[--seeds 0,1,2] [--set key=value]... --out DIR [--dry-run]\n"
                "       ... --slurm [--partition P] [--time LIMIT] [--cpus-per-task N] "
                "[--gpus-per-task N] [--max-parallel N] [--ranks-per-run N]\n"
                "Runs every method with every seed as a run of its own, each stored in "
                "DIR/stores/METHOD-seedS.sqlite: here one after another (a run already finished "
                "is not run again), or with --slurm as a Slurm array job. Then: pfstudio import "
                "DIR/stores/*.sqlite.")))
        return *code;
    if (auto code = checkConfigSource(parser, source, QStringLiteral("sweep"))) return *code;
    if (!parser.isSet(methods) || !parser.isSet(out)) {
        printError("sweep: give --methods a,b,... and --out DIR");
        return kBadInput;
    }
    storage::SlurmOptions slurmOptions;
    if (auto code = positive(parser, cpus, slurmOptions.cpusPerTask)) return *code;
    if (auto code = positive(parser, gpus, slurmOptions.gpusPerTask, true)) return *code;
    if (auto code = positive(parser, parallel, slurmOptions.maxParallel)) return *code;
    if (auto code = positive(parser, ranks, slurmOptions.ranksPerRun)) return *code;
    if (!parser.isSet(slurm))
        for (const QCommandLineOption* o :
             {&partition, &time, &cpus, &gpus, &parallel, &ranks, &sbatch})
            if (parser.isSet(*o)) {
                printError(QStringLiteral("sweep: --%1 is a Slurm option: add --slurm")
                               .arg(o->names().first()));
                return kBadInput;
            }
    slurmOptions.partition = parser.value(partition).toStdString();
    slurmOptions.time = parser.value(time).toStdString();
    if (parser.isSet(time))
        if (const std::string why = storage::whyNotASlurmTime(slurmOptions.time); !why.empty()) {
            printError("sweep: --time " + why);
            return kBadInput;
        }

    return guarded([&]() -> int {
        const config::ExperimentConfig base = readConfig(parser, source);
        const std::string sweepName =
            parser.isSet(source.preset)
                ? parser.value(source.preset).toStdString()
                : QFileInfo(parser.value(source.file)).completeBaseName().toStdString();
        const storage::SweepPlan plan = storage::planSweep(
            base, splitList(parser.value(methods)), parser.value(seeds).toStdString(),
            parser.value(out).toStdString(), sweepName + " sweep");
        if (!parser.isSet(slurm)) {
            if (parser.isSet(dryRun)) {
                std::string text;
                for (const storage::SweepEntry& e : plan.entries)
                    text += "pfstudio run --config " + storage::shellQuoted(e.configPath) +
                            " --db " + storage::shellQuoted(e.storePath) + "\n";
                printOut(text);
                return kOk;
            }
            storage::writeSweepConfigs(plan);
            return runLocally(plan);
        }
        slurmOptions.program = QCoreApplication::applicationFilePath().toStdString();
        slurmOptions.jobName = "pf-" + sweepName;
        const std::string script = storage::slurmArrayScript(plan, slurmOptions);
        if (parser.isSet(dryRun)) {
            printOut(script);
            return kOk;
        }
        const std::string program =
            parser.isSet(sbatch)
                ? parser.value(sbatch).toStdString()
                : QStandardPaths::findExecutable(QStringLiteral("sbatch")).toStdString();
        if (program.empty())
            throw InputError(
                "sweep: sbatch is not on PATH (install Slurm's client tools, give --sbatch "
                "PATH, or see the script with --dry-run)");
        const QFileInfo programFile(QString::fromStdString(program));
        if (!programFile.isFile() || !programFile.isExecutable())
            throw InputError(program + ": not a program (--sbatch)");
        storage::writeSweepConfigs(plan);
        const std::string scriptPath = plan.folder + "/sweep.sbatch";
        writeFileAtomically(scriptPath, script);
        const std::string job = submit(program, scriptPath);
        printOut("Submitted array job " + job + ": " + std::to_string(plan.entries.size()) +
                 " runs (" + scriptPath + "). When it has ended:\n  pfstudio import " +
                 storage::shellQuoted(plan.folder) + "/stores/*.sqlite\n");
        return kOk;
    });
}

}  // namespace pf::cli
