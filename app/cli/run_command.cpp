#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "config/experiment_config.h"
#include "console_observer.h"
#include "storage/run_recorder.h"
#include "storage/run_store.h"
#include "training/experiment.h"

namespace pf::cli {
namespace {

// Collects what the JSON summary reports beyond the accuracy matrix.
class SummaryCollector : public training::TrainerObserver {
public:
    void onRunStart(const training::RunStartEvent& e) override { threads = e.threads; }
    void onZeroShot(const training::ZeroShotEvent& e) override { zeroShot = e.accuracies; }
    void onStep(const training::StepEvent& e) override {
        for (const auto& [name, value] : e.scalars)
            curves[name].push_back(value);
    }
    void onEvaluation(const training::EvaluationEvent& e) override {
        figures.resize(static_cast<std::size_t>(e.afterTask) + 1);
        figures[static_cast<std::size_t>(e.afterTask)] = e.figures;
    }

    int threads = 0;
    std::vector<double> zeroShot;
    std::map<std::string, std::vector<double>> curves;                 // per optimizer step
    std::vector<std::vector<std::pair<std::string, double>>> figures;  // per task
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

nlohmann::json summaryJson(std::int64_t runId, const config::ExperimentConfig& config,
                           const training::RunEndEvent& end, const SummaryCollector& collected,
                           const QString& db) {
    nlohmann::json j;
    j["run_id"] = runId;
    j["name"] = config.displayName();
    j["method"] = config.options.method;
    j["dataset"] = config.options.dataset;
    j["status"] = training::statusName(end.status);
    j["error"] = end.error;
    j["avg_acc"] = number(metrics::finalAverageAccuracy(end.matrix));
    j["avg_inc_acc"] = number(metrics::averageIncrementalAccuracy(end.matrix));
    j["forgetting"] = number(metrics::finalForgetting(end.matrix));
    const int last = end.matrix.lastCompleteTask();
    j["bwt"] = last >= 0 ? number(metrics::backwardTransfer(end.matrix, last)) : nlohmann::json();
    j["acc_matrix"] = matrixJson(end.matrix);
    nlohmann::json perTask = nlohmann::json::array();
    for (int t = 0; t <= last; ++t) {
        const metrics::TaskSummary s = metrics::summarize(end.matrix, t);
        nlohmann::json entry = {{"task", t},
                                {"avg_acc", number(s.averageAccuracy)},
                                {"forgetting", number(s.forgetting)},
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
    j["db"] = db.toStdString();
    j["config"] = config.toJson();
    return j;
}

}  // namespace

int runCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const ConfigOptions source;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print progress on stderr and, as the last line "
                                                 "on stdout, a JSON summary."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No progress output."));
    parser.addOptions(
        {source.preset, source.file, source.set, source.device, databaseOption(), json, quiet});
    if (auto code =
            parseCommand(parser, arguments,
                         QStringLiteral("pfstudio run (--preset NAME | --config FILE.json) "
                                        "[--set key=value]... [--device D] [--db PATH] "
                                        "[--json]\n"
                                        "Runs an experiment and stores it in the run store.")))
        return *code;
    if (auto code = checkConfigSource(parser, source, QStringLiteral("run"))) return *code;

    const bool jsonOut = parser.isSet(json);
    std::ostream& progress = jsonOut ? std::cerr : std::cout;
    const QString db = databasePath(parser);

    return guarded([&] {
        const config::ExperimentConfig config = readConfig(parser, source);

        // The runs of a comparison share their data keys, so loading the first run's data
        // checks them all before anything is stored; each later run loads its copy only when
        // the previous one has been freed.
        const std::vector<config::ExperimentConfig> runs = config.comparisonRuns();
        std::vector<std::unique_ptr<training::Experiment>> experiments;
        for (const config::ExperimentConfig& c : runs)
            experiments.push_back(std::make_unique<training::Experiment>(c));
        experiments.front()->prepare();
        for (const std::string& w : experiments.front()->dataSummary().warnings)
            printError("warning: " + w);

        storage::RunStore store(db.toStdString());
        store.markInterruptedRuns();
        installInterruptHandler();
        nlohmann::json summaries = nlohmann::json::array();
        int code = kOk;
        for (std::size_t i = 0; i < runs.size() && code == kOk; ++i) {
            // Weights that cannot be read or do not fit fail here, before the run is stored.
            experiments[i]->buildLearner();
            const std::int64_t runId = store.createRun(storage::newRunFor(runs[i]));
            if (!parser.isSet(quiet)) {
                progress << "Run " << runId << " in " << db.toStdString();
                if (runs.size() > 1)
                    progress << " (" << i + 1 << " of " << runs.size() << ": "
                             << runs[i].options.method << ")";
                progress << std::endl;
            }
            training::RunControl control;
            storage::RunRecorder recorder(store, runId);
            ConsoleObserver console(progress, control, parser.isSet(quiet));
            SummaryCollector collected;
            training::ObserverList observers;
            observers.add(recorder);
            observers.add(console);
            observers.add(collected);

            training::RunEndEvent end;
            try {
                end = experiments[i]->run(observers, control);
            } catch (const std::exception& e) {
                // The learner could not be built: the run row must not stay "running".
                store.finishRun(runId, "failed", 0.0, e.what());
                throw;
            }
            experiments[i].reset();  // frees its data and model before the next run
            summaries.push_back(summaryJson(runId, runs[i], end, collected, db));
            switch (end.status) {
                case training::RunStatus::Finished:
                    break;
                case training::RunStatus::Stopped:
                    code = kInterrupted;
                    break;
                default:
                    printError("run " + std::to_string(runId) + " " +
                               training::statusName(end.status) + ": " + end.error);
                    code = kFailure;
            }
        }
        if (runs.size() > 1 && !parser.isSet(quiet)) {
            progress << "Comparison on the same task sequence:" << std::endl;
            for (const nlohmann::json& s : summaries)
                progress << "  run " << s["run_id"].get<std::int64_t>() << "  "
                         << s["method"].get<std::string>() << ": average accuracy "
                         << formatNumber(s["avg_acc"]) << ", forgetting "
                         << formatNumber(s["forgetting"]) << std::endl;
        }
        if (jsonOut)
            printOut(
                (runs.size() > 1 ? nlohmann::json{{"runs", summaries}} : summaries.back()).dump() +
                "\n");
        return code;
    });
}

}  // namespace pf::cli
