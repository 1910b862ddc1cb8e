#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "common/version.h"
#include "console_observer.h"
#include "distributed/communicator.h"
#include "experiment/experiment_config.h"
#include "run/run_service.h"
#include "run/seed_groups.h"

namespace pf::cli {
namespace {

// Collects what the JSON summary reports beyond the accuracy matrix, run by run.
class SummaryCollector : public storage::RunListener {
public:
    void onRunStored(const storage::RunStoredEvent& e) override {
        runs.emplace_back();
        runs.back().runId = e.runId;
    }
    void onRunStart(const training::RunStartEvent& e) override {
        runs.back().threads = e.threads;
        runs.back().stepParts = e.stepParts;
    }
    void onZeroShot(const training::ZeroShotEvent& e) override {
        runs.back().zeroShot = e.accuracies;
    }
    void onStep(const training::StepEvent& e) override {
        for (const auto& [name, value] : e.scalars)
            runs.back().curves[name].push_back(value);
    }
    void onEvaluation(const training::EvaluationEvent& e) override {
        auto& figures = runs.back().figures;
        figures.resize(static_cast<std::size_t>(e.afterTask) + 1);
        figures[static_cast<std::size_t>(e.afterTask)] = e.figures;
    }

    struct Run {
        std::int64_t runId = 0;
        int threads = 0;
        int stepParts = 1;
        std::vector<double> zeroShot;
        std::map<std::string, std::vector<double>> curves;                 // per optimizer step
        std::vector<std::vector<std::pair<std::string, double>>> figures;  // per task
    };
    std::vector<Run> runs;  // one per run stored, in order
};

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

std::string formatNumber(const nlohmann::json& v) {
    if (!v.is_number()) return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", v.get<double>());
    return text;
}

nlohmann::json matrixJson(const metrics::AccuracyMatrix& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < m.tasks(); ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (int t = 0; t < m.tasks(); ++t)
            row.push_back(number(m.at(i, t)));
        rows.push_back(row);
    }
    return rows;
}

nlohmann::json summaryJson(const storage::RunOutcome& outcome,
                           const SummaryCollector::Run& collected, const QString& db) {
    const config::ExperimentConfig& config = outcome.config;
    const training::RunEndEvent& end = outcome.end;
    nlohmann::json j;
    j["run_id"] = outcome.runId;
    j["name"] = config.displayName();
    j["method"] = config.options.method;
    j["dataset"] = config.options.data.dataset;
    j["status"] = training::statusName(end.status);
    j["error"] = end.error;
    j["avg_acc"] = number(metrics::finalAverageAccuracy(end.matrix));
    j["avg_inc_acc"] = number(metrics::averageIncrementalAccuracy(end.matrix));
    j["forgetting"] = number(metrics::finalForgetting(end.matrix));
    const int last = end.matrix.lastCompleteTask();
    j["forgetting_all_tasks"] =
        last >= 0 ? number(metrics::forgettingOverAllTasks(end.matrix, last)) : nlohmann::json();
    j["bwt"] = last >= 0 ? number(metrics::backwardTransfer(end.matrix, last)) : nlohmann::json();
    j["acc_matrix"] = matrixJson(end.matrix);
    nlohmann::json perTask = nlohmann::json::array();
    for (int t = 0; t <= last; ++t) {
        const metrics::TaskSummary s = metrics::summarize(end.matrix, t);
        nlohmann::json entry = {{"task", t},
                                {"avg_acc", number(s.averageAccuracy)},
                                {"forgetting", number(s.forgetting)},
                                {"forgetting_all_tasks", number(s.forgettingOverAllTasks)},
                                {"bwt", number(s.backwardTransfer)},
                                {"plasticity", number(s.plasticity)},
                                {"stability", number(s.stability)}};
        if (static_cast<std::size_t>(t) < collected.figures.size())
            for (const auto& [name, value] : collected.figures[static_cast<std::size_t>(t)])
                entry[name] = number(value);
        perTask.push_back(entry);
    }
    j["per_task"] = perTask;
    nlohmann::json zero = nlohmann::json::array();
    for (double v : collected.zeroShot)
        zero.push_back(number(v));
    j["zero_shot"] = zero;
    nlohmann::json curves = nlohmann::json::object();
    for (const auto& [name, values] : collected.curves)
        curves[name] = values;
    j["curves"] = curves;
    j["seconds"] = end.seconds;
    j["threads"] = collected.threads;
    j["step_parts"] = collected.stepParts;
    j["db"] = db.toStdString();
    j["config"] = config.toJson();
    return j;
}

// Runs of `summaries` that differ only in seed (`seeds`): per group its method, runs, and the
// mean and sample standard deviation of its final figures. Empty when no run has a sibling.
nlohmann::json seedGroupsJson(const nlohmann::json& summaries) {
    std::vector<storage::RunRecord> records;
    for (const nlohmann::json& s : summaries) {
        storage::RunRecord r;
        r.config = s["config"].dump();
        records.push_back(std::move(r));
    }
    nlohmann::json groups = nlohmann::json::array();
    for (const std::vector<std::size_t>& members : storage::groupSeeds(records)) {
        if (members.size() < 2) continue;
        nlohmann::json ids = nlohmann::json::array(), seeds = nlohmann::json::array();
        std::vector<double> acc, forgetting;
        for (std::size_t i : members) {
            const nlohmann::json& s = summaries[i];
            ids.push_back(s["run_id"]);
            seeds.push_back(s["config"]["seed"]);
            acc.push_back(s["avg_acc"].is_number() ? s["avg_acc"].get<double>() : NAN);
            forgetting.push_back(s["forgetting"].is_number() ? s["forgetting"].get<double>() : NAN);
        }
        auto spread = [](const std::vector<double>& values) {
            const storage::Spread s = storage::spreadOf(values);
            return nlohmann::json{{"mean", number(s.mean)}, {"std", number(s.std)}, {"n", s.n}};
        };
        groups.push_back({{"method", summaries[members.front()]["method"]},
                          {"runs", ids},
                          {"seeds", seeds},
                          {"avg_acc", spread(acc)},
                          {"forgetting", spread(forgetting)}});
    }
    return groups;
}

// Prints the comparison table and the JSON summary; the exit code of the runs.
void printEnd(const nlohmann::json& summaries, std::ostream& progress, bool quiet, bool jsonOut) {
    const nlohmann::json groups =
        summaries.size() > 1 ? seedGroupsJson(summaries) : nlohmann::json::array();
    if (summaries.size() > 1 && !quiet) {
        progress << "Comparison on the same task sequence:" << std::endl;
        for (const nlohmann::json& s : summaries)
            progress << "  run " << s["run_id"].get<std::int64_t>() << "  "
                     << s["method"].get<std::string>() << ": average accuracy "
                     << formatNumber(s["avg_acc"]) << ", forgetting "
                     << formatNumber(s["forgetting"]) << std::endl;
        if (!groups.empty())
            progress << "Across seeds (mean ± sample standard deviation):" << std::endl;
        for (const nlohmann::json& g : groups)
            progress << "  " << g["method"].get<std::string>() << ", " << g["runs"].size()
                     << " seeds: average accuracy " << formatNumber(g["avg_acc"]["mean"]) << " ± "
                     << formatNumber(g["avg_acc"]["std"]) << ", forgetting "
                     << formatNumber(g["forgetting"]["mean"]) << " ± "
                     << formatNumber(g["forgetting"]["std"]) << std::endl;
    }
    if (jsonOut) {
        nlohmann::json out = summaries.back();
        if (summaries.size() > 1) {
            out = {{"runs", summaries}};
            if (!groups.empty()) out["seed_groups"] = groups;
        }
        printOut(out.dump() + "\n");
    }
}

int exitCodeOf(const storage::RunOutcome& outcome) {
    switch (outcome.end.status) {
        case training::RunStatus::Finished:
            // Trained, but its results are in a recovery store, not the one asked for.
            return outcome.storeFailed ? kFailure : kOk;
        case training::RunStatus::Stopped:
            return kInterrupted;
        default:
            printError("run " + std::to_string(outcome.runId) + " " +
                       training::statusName(outcome.end.status) + ": " + outcome.end.error);
            return kFailure;
    }
}

// Prints the comparison table and the JSON summary of `outcomes`; their exit code.
int report(const std::vector<storage::RunOutcome>& outcomes, const SummaryCollector& collected,
           const QString& db, std::ostream& progress, bool quiet, bool jsonOut) {
    nlohmann::json summaries = nlohmann::json::array();
    int code = kOk;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        summaries.push_back(summaryJson(outcomes[i], collected.runs.at(i), db));
        if (code == kOk) code = exitCodeOf(outcomes[i]);
    }
    printEnd(summaries, progress, quiet, jsonOut);
    return code;
}

// The options that make this process one rank of a data-parallel run.
struct WorldOptions {
    QCommandLineOption size{QStringLiteral("world-size"),
                            QStringLiteral("Processes of a data-parallel run (default: WORLD_SIZE "
                                           "or SLURM_NTASKS, else 1)."),
                            QStringLiteral("N")};
    QCommandLineOption rank{QStringLiteral("rank"),
                            QStringLiteral("This process's rank, 0 to N-1 (default: RANK or "
                                           "SLURM_PROCID)."),
                            QStringLiteral("R")};
    QCommandLineOption master{QStringLiteral("master"),
                              QStringLiteral("Where rank 0 meets the others (default: MASTER_ADDR "
                                             "and MASTER_PORT, else 127.0.0.1:29500)."),
                              QStringLiteral("HOST:PORT")};
    QCommandLineOption timeout{QStringLiteral("dist-timeout"),
                               QStringLiteral("Seconds a rank waits for the others before the run "
                                              "ends with an error (default 300)."),
                               QStringLiteral("S")};
};

// The world from the launcher's variables, then the options. Throws InputError.
distributed::World worldOf(const QCommandLineParser& parser, const WorldOptions& o) {
    distributed::World w = distributed::worldFromEnvironment(distributed::processEnvironment());
    auto number = [&](const QCommandLineOption& option, int low, int high) {
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v < low || v > high)
            throw InputError("run: --" + option.names().first().toStdString() +
                             " expects a whole number from " + std::to_string(low) + " to " +
                             std::to_string(high) + ", got '" + parser.value(option).toStdString() +
                             "'");
        return v;
    };
    if (parser.isSet(o.size) != parser.isSet(o.rank))
        throw InputError("run: give --world-size and --rank together");
    if (parser.isSet(o.size)) {
        w.size = number(o.size, 1, 65536);
        w.rank = number(o.rank, 0, w.size - 1);
        w.source = "options";
    }
    if (parser.isSet(o.master)) {
        const QString text = parser.value(o.master);
        const int colon = text.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const int port = colon > 0 ? text.mid(colon + 1).toInt(&ok) : 0;
        if (!ok || port < 1 || port > 65535)
            throw InputError("run: --master expects HOST:PORT, got '" + text.toStdString() + "'");
        w.masterAddr = text.left(colon).toStdString();
        w.masterPort = port;
    }
    if (parser.isSet(o.timeout)) w.timeout = std::chrono::seconds(number(o.timeout, 1, 86400));
    distributed::checkWorld(w);
    return w;
}

// pfstudio run --resume ID: the stored run's config, its checkpoint, and the store reopened
// after the checkpoint's task.
int resumeRun(const QCommandLineParser& parser, const ConfigOptions& source,
              const QCommandLineOption& resume, const WorldOptions& world, std::ostream& progress,
              bool quiet, bool jsonOut) {
    bool ok = false;
    const std::int64_t runId = parser.value(resume).toLongLong(&ok);
    if (!ok || runId <= 0) {
        printError(QStringLiteral("run: --resume takes a run id (a whole number above 0), not "
                                  "'%1'")
                       .arg(parser.value(resume)));
        return kBadInput;
    }
    if (parser.isSet(source.preset) || parser.isSet(source.file) ||
        !parser.positionalArguments().isEmpty()) {
        printError(
            "run: --resume continues a stored run with its own config; give no --preset, "
            "--config or other argument");
        return kBadInput;
    }
    const QString db = databasePath(parser);
    return guarded([&]() -> int {
        // Every rank would reopen the same run in the same store: refused on every rank.
        if (const distributed::World w = worldOf(parser, world); w.distributed())
            throw InputError(
                "run: resuming with more than one process is not supported yet; resume run " +
                std::to_string(runId) + " in one process (it goes on from the same checkpoint)");
        if (!QFileInfo::exists(db))
            throw InputError(db.toStdString() + ": no run store here (give --db PATH)");
        storage::RunService service(db.toStdString());
        training::RunControl control;
        ConsoleObserver console(progress, control, quiet);
        SummaryCollector collected;
        storage::RunListenerList listeners;
        listeners.add(console);
        listeners.add(collected);
        installInterruptHandler();
        const storage::RunOutcome outcome =
            service.resume(runId, source.overrides(parser), listeners, control);
        return report({outcome}, collected, db, progress, quiet, jsonOut);
    });
}

}  // namespace

int runCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const ConfigOptions source;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print progress on stderr and, as the last line "
                                                 "on stdout, a JSON summary."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No progress output."));
    const QCommandLineOption resume(
        QStringLiteral("resume"),
        QStringLiteral("Continue the interrupted, stopped or failed run ID after its last "
                       "completed task, from its checkpoint."),
        QStringLiteral("ID"));
    const WorldOptions world;
    parser.addOptions({source.preset, source.file, source.set, source.device, databaseOption(),
                       json, quiet, resume, world.size, world.rank, world.master, world.timeout});
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral("pfstudio run (--preset NAME | --config FILE.json) "
                           "[--set key=value]... [--device D] [--db PATH] [--json]\n"
                           "       [--world-size N --rank R] [--master HOST:PORT] "
                           "[--dist-timeout S]\n"
                           "       pfstudio run --resume ID [--device D] [--db PATH] [--json]\n"
                           "Runs an experiment and stores it in the run store; with --resume, "
                           "continues a stored run from its checkpoint. Started N times (torchrun, "
                           "srun, or --world-size and --rank), the processes train one run "
                           "data-parallel, and rank 0 stores it.")))
        return *code;
    const bool jsonOut = parser.isSet(json);
    std::ostream& progress = jsonOut ? std::cerr : std::cout;
    if (parser.isSet(resume))
        return resumeRun(parser, source, resume, world, progress, parser.isSet(quiet), jsonOut);
    if (auto code = checkConfigSource(parser, source, QStringLiteral("run"))) return *code;
    const QString db = databasePath(parser);

    return guarded([&]() -> int {
        const config::ExperimentConfig config = readConfig(parser, source);
        const distributed::World w = worldOf(parser, world);
        std::unique_ptr<distributed::Communicator> communicator;
        if (w.distributed() && config.options.system.device != "cpu")
            throw ConfigError(
                "config key 'device': a data-parallel run trains on the CPU (the "
                "GPU path, NCCL, is not built yet); set device=cpu");
        if (w.distributed() && config.options.training.batchSize < w.size)
            throw ConfigError(
                "config key 'batch_size': " + std::to_string(config.options.training.batchSize) +
                " is smaller than the " + std::to_string(w.size) +
                " processes (each trains on a part of every batch)");
        if (w.distributed()) {
            if (w.rank == 0) progress << "Data-parallel: " << w.describe() << std::endl;
            communicator =
                distributed::Communicator::connect(w, config.toJson().dump() + "\n" + kVersion);
        }
        storage::RunService service(db.toStdString());
        service.setCommunicator(communicator.get());
        training::RunControl control;
        // The other ranks train quietly: rank 0 reports and stores the run.
        const bool follower = w.distributed() && w.rank > 0;
        ConsoleObserver console(progress, control, parser.isSet(quiet) || follower);
        SummaryCollector collected;
        storage::RunListenerList listeners;
        listeners.add(console);
        if (!follower) listeners.add(collected);  // it follows the runs stored
        installInterruptHandler();
        const std::vector<storage::RunOutcome> outcomes = service.start(config, listeners, control);
        if (follower) {
            for (const storage::RunOutcome& o : outcomes)
                if (o.end.status != training::RunStatus::Finished) {
                    printError("rank " + std::to_string(w.rank) + ": run " +
                               training::statusName(o.end.status) + ": " + o.end.error);
                    return o.end.status == training::RunStatus::Stopped ? kInterrupted : kFailure;
                }
            return kOk;
        }
        return report(outcomes, collected, db, progress, parser.isSet(quiet), jsonOut);
    });
}

}  // namespace pf::cli
