#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "console_observer.h"
#include "experiment/experiment_config.h"
#include "io/checkpoint_folder.h"
#include "run/resume.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "training/experiment.h"

namespace pf::cli {
namespace {

// Collects what the JSON summary reports beyond the accuracy matrix.
class SummaryCollector : public training::TrainerObserver {
public:
    void onRunStart(const training::RunStartEvent& e) override {
        threads = e.threads;
        stepParts = e.stepParts;
    }
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
    int stepParts = 1;
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

// Prints the comparison table and the JSON summary; the exit code of the runs.
void printEnd(const nlohmann::json& summaries, std::ostream& progress, bool quiet, bool jsonOut) {
    if (summaries.size() > 1 && !quiet) {
        progress << "Comparison on the same task sequence:" << std::endl;
        for (const nlohmann::json& s : summaries)
            progress << "  run " << s["run_id"].get<std::int64_t>() << "  "
                     << s["method"].get<std::string>() << ": average accuracy "
                     << formatNumber(s["avg_acc"]) << ", forgetting "
                     << formatNumber(s["forgetting"]) << std::endl;
    }
    if (jsonOut)
        printOut(
            (summaries.size() > 1 ? nlohmann::json{{"runs", summaries}} : summaries.back()).dump() +
            "\n");
}

int exitCodeOf(const training::RunEndEvent& end, std::int64_t runId) {
    switch (end.status) {
        case training::RunStatus::Finished:
            return kOk;
        case training::RunStatus::Stopped:
            return kInterrupted;
        default:
            printError("run " + std::to_string(runId) + " " + training::statusName(end.status) +
                       ": " + end.error);
            return kFailure;
    }
}

// Writes a run the store could not take into a recovery store beside it (or in the temporary
// folder when that fails too) and says where; false when neither could be written.
bool saveRecovered(const storage::RunJournal& journal, const storage::RunStore& store,
                   std::int64_t runId, const std::string& why) {
    const std::string name = std::filesystem::path(store.path()).stem().string() +
                             "-recovered-run" + std::to_string(runId) + "-" +
                             std::to_string(std::time(nullptr)) + ".sqlite";
    std::string last;
    for (const std::filesystem::path& dir :
         {std::filesystem::path(store.path()).parent_path(),
          std::filesystem::path(QDir::tempPath().toStdString())}) {
        const std::string path = (dir / name).string();
        try {
            std::int64_t id = 0;
            {
                storage::RunStore recovery(path);
                id = journal.writeTo(recovery);
            }
            printError("the run store failed (" + why + "); run " + std::to_string(runId) +
                       "'s results were saved as run " + std::to_string(id) + " of " + path);
            return true;
        } catch (const std::exception& e) {
            last = e.what();
            // A recovery store that could not be written whole is not left behind.
            for (const char* suffix : {"", "-wal", "-shm"})
                std::remove((path + suffix).c_str());
        }
    }
    printError("the run store failed (" + why +
               "), and its results could not be saved elsewhere (" + last + ")");
    return false;
}

// Trains one stored run (new or reopened) with the store's recorder, the console and the
// summary collector listening. When the store fails mid-run the run trains on and is saved
// into a recovery store at the end; `storeFailed` is set.
training::RunEndEvent trainStored(training::Experiment& experiment, storage::RunStore& store,
                                  std::int64_t runId, double secondsBefore, std::ostream& progress,
                                  bool quiet, SummaryCollector& collected, bool& storeFailed) {
    training::RunControl control;
    storage::RunRecorder recorder(store, runId);
    recorder.setSecondsBefore(secondsBefore);
    recorder.setStoreFailedHandler([](const std::string& why) {
        printError("warning: the run store cannot be written (" + why +
                   "); training goes on and its results are kept in memory");
    });
    ConsoleObserver console(progress, control, quiet);
    training::ObserverList observers;
    observers.add(recorder);
    observers.add(console);
    observers.add(collected);
    training::RunEndEvent end;
    try {
        end = experiment.run(observers, control);
    } catch (const std::exception& e) {
        // The learner could not be built: the run row must not stay "running".
        try {
            store.finishRun(runId, "failed", secondsBefore, e.what());
        } catch (const std::exception&) {
            // The store is broken too; the first error is the one to report.
        }
        throw;
    }
    storeFailed = recorder.storeFailed();
    if (storeFailed) saveRecovered(recorder.journal(), store, runId, recorder.storeError());
    return end;
}

// pfstudio run --resume ID: the stored run's config, its checkpoint, and the store reopened
// after the checkpoint's task.
int resumeRun(const QCommandLineParser& parser, const ConfigOptions& source,
              const QCommandLineOption& resume, std::ostream& progress, bool quiet, bool jsonOut) {
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
    return guarded([&] {
        if (!QFileInfo::exists(db))
            throw InputError(db.toStdString() + ": no run store here (give --db PATH)");
        storage::RunStore store(db.toStdString());
        store.markInterruptedRuns();
        const training::ResumePlan plan =
            training::planResume(store, runId, source.overrides(parser));
        const config::ExperimentConfig& config = plan.config;
        const std::string& folder = plan.folder;
        training::Experiment experiment(config);
        experiment.prepare();
        for (const std::string& w : experiment.dataSummary().warnings)
            printError("warning: " + w);
        // Everything is checked before the store changes: the learner, the checkpoint.
        const int completed = experiment.resumeFrom(folder);
        warnIfMatrixProductsAreSlow();
        if (experiment.checkpointThreads() != experiment.threads())
            printError("warning: the run trained with " +
                       std::to_string(experiment.checkpointThreads()) +
                       " threads and goes on with another count: results will differ slightly "
                       "from an uninterrupted run (set threads to repeat them)");
        experiment.setCheckpointFolder(folder);
        const double before = store.reopenRun(runId, completed);
        installInterruptHandler();
        if (!quiet)
            progress << "Run " << runId << " in " << db.toStdString() << ", resumed after task "
                     << completed + 1 << std::endl;
        SummaryCollector collected;
        bool storeFailed = false;
        const training::RunEndEvent end =
            trainStored(experiment, store, runId, before, progress, quiet, collected, storeFailed);
        printEnd(nlohmann::json::array({summaryJson(runId, config, end, collected, db)}), progress,
                 quiet, jsonOut);
        const int code = exitCodeOf(end, runId);
        return code == kOk && storeFailed ? kFailure : code;
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
    parser.addOptions({source.preset, source.file, source.set, source.device, databaseOption(),
                       json, quiet, resume});
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral("pfstudio run (--preset NAME | --config FILE.json) "
                           "[--set key=value]... [--device D] [--db PATH] [--json]\n"
                           "       pfstudio run --resume ID [--device D] [--db PATH] [--json]\n"
                           "Runs an experiment and stores it in the run store; with --resume, "
                           "continues a stored run from its checkpoint.")))
        return *code;
    const bool jsonOut = parser.isSet(json);
    std::ostream& progress = jsonOut ? std::cerr : std::cout;
    if (parser.isSet(resume))
        return resumeRun(parser, source, resume, progress, parser.isSet(quiet), jsonOut);
    if (auto code = checkConfigSource(parser, source, QStringLiteral("run"))) return *code;
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
            if (i == 0) warnIfMatrixProductsAreSlow();  // once the run is sure to start
            const std::int64_t runId = store.createRun(storage::newRunFor(runs[i]));
            if (!parser.isSet(quiet)) {
                progress << "Run " << runId << " in " << db.toStdString();
                if (runs.size() > 1)
                    progress << " (" << i + 1 << " of " << runs.size() << ": "
                             << runs[i].options.method << ")";
                progress << std::endl;
            }
            // A checkpoint after every task: `pfstudio run --resume ID` goes on from it.
            experiments[i]->setCheckpointFolder(storage::checkpointFolder(store.path(), runId));
            SummaryCollector collected;
            bool storeFailed = false;
            const training::RunEndEvent end =
                trainStored(*experiments[i], store, runId, 0.0, progress, parser.isSet(quiet),
                            collected, storeFailed);
            experiments[i].reset();  // frees its data and model before the next run
            summaries.push_back(summaryJson(runId, runs[i], end, collected, db));
            code = exitCodeOf(end, runId);
            if (code == kOk && storeFailed) code = kFailure;
        }
        printEnd(summaries, progress, parser.isSet(quiet), jsonOut);
        return code;
    });
}

}  // namespace pf::cli
