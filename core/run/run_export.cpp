#include "run/run_export.h"

#include <cmath>
#include <sstream>

#include "common/error.h"

namespace pf::storage {
namespace {

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

nlohmann::json parsedOrText(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        return text;
    }
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvNumber(double v) {
    if (!std::isfinite(v)) return {};
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

RunRecord requireRecord(RunStore& store, std::int64_t runId) {
    auto record = store.run(runId);
    if (!record) throw StorageError("run " + std::to_string(runId) + " is not in the store");
    return *record;
}

}  // namespace

nlohmann::json exportRunJson(RunStore& store, std::int64_t runId) {
    const RunRecord r = requireRecord(store, runId);
    nlohmann::json j;
    j["id"] = r.id;
    j["name"] = r.name;
    j["method"] = r.method;
    j["dataset"] = r.dataset;
    j["status"] = r.status;
    j["error"] = r.error;
    j["created_at"] = r.createdAt;
    j["finished_at"] = r.finishedAt;
    j["seconds"] = number(r.seconds);
    j["final_avg_acc"] = number(r.finalAverageAccuracy);
    j["final_forgetting"] = number(r.finalForgetting);
    j["notes"] = r.notes;
    j["tags"] = r.tags;
    j["config"] = parsedOrText(r.config);
    j["versions"] = parsedOrText(r.versions);

    nlohmann::json sequence = nlohmann::json::array();
    for (const TaskRecord& t : store.sequence(runId))
        sequence.push_back({{"domain", t.domain},
                            {"class_ids", t.classIds},
                            {"classes", t.classNames},
                            {"train", t.trainSamples},
                            {"test", t.testSamples}});
    j["sequence"] = sequence;

    const metrics::AccuracyMatrix m = store.accuracyMatrix(runId);
    nlohmann::json matrix = nlohmann::json::array();
    for (int i = 0; i < m.tasks(); ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (int t = 0; t < m.tasks(); ++t)
            row.push_back(number(m.at(i, t)));
        matrix.push_back(row);
    }
    j["acc_matrix"] = matrix;

    nlohmann::json figures = nlohmann::json::object();
    for (const auto& [name, values] : store.taskMetrics(runId)) {
        nlohmann::json v = nlohmann::json::array();
        for (double x : values)
            v.push_back(number(x));
        figures[name] = v;
    }
    j["per_task"] = figures;

    nlohmann::json curves = nlohmann::json::object();
    for (const std::string& name : store.stepSeriesNames(runId)) {
        nlohmann::json steps = nlohmann::json::array(), tasks = nlohmann::json::array(),
                       values = nlohmann::json::array();
        for (const StepPoint& p : store.stepSeries(runId, name)) {
            steps.push_back(p.step);
            tasks.push_back(p.task);
            values.push_back(number(p.value));
        }
        curves[name] = {{"step", steps}, {"task", tasks}, {"value", values}};
    }
    j["curves"] = curves;

    nlohmann::json epochs = nlohmann::json::array();
    for (const EpochRecord& e : store.epochs(runId))
        epochs.push_back({{"task", e.task},
                          {"epoch", e.epoch},
                          {"mean_loss", number(e.meanLoss)},
                          {"seconds", number(e.seconds)}});
    j["epochs"] = epochs;
    return j;
}

namespace {

// One run's rows, without the header.
void writeRunCsv(RunStore& store, std::int64_t runId, std::ostringstream& out) {
    const RunRecord r = requireRecord(store, runId);
    const std::string run = std::to_string(r.id) + "," + csvField(r.method) + ",";
    nlohmann::json config = nlohmann::json::object();
    try {
        config = nlohmann::json::parse(r.config);
    } catch (const nlohmann::json::exception&) {
        // A row stored without a readable config exports without its config rows.
    }
    for (const auto& [key, value] : config.items())
        out << run << "config," << csvField(key) << ",,,,,"
            << (value.is_number()
                    ? csvNumber(value.get<double>())
                    : csvField(value.is_string() ? value.get<std::string>() : value.dump()))
            << "\r\n";
    const metrics::AccuracyMatrix m = store.accuracyMatrix(runId);
    for (int t = 0; t < m.tasks(); ++t)
        for (int i = 0; i < m.tasks(); ++i)
            if (std::isfinite(m.at(i, t)))
                out << run << "accuracy,," << i + 1 << "," << t + 1 << ",,,"
                    << csvNumber(m.at(i, t)) << "\r\n";
    for (const auto& [name, values] : store.taskMetrics(runId))
        for (std::size_t t = 0; t < values.size(); ++t)
            if (std::isfinite(values[t]))
                out << run << "task_metric," << csvField(name) << ",," << t + 1 << ",,,"
                    << csvNumber(values[t]) << "\r\n";
    for (const std::string& name : store.stepSeriesNames(runId))
        for (const StepPoint& p : store.stepSeries(runId, name))
            out << run << "step," << csvField(name) << "," << p.task + 1 << ",," << p.step << ","
                << p.epoch + 1 << "," << csvNumber(p.value) << "\r\n";
    for (const EpochRecord& e : store.epochs(runId)) {
        out << run << "epoch,mean_loss," << e.task + 1 << ",,," << e.epoch + 1 << ","
            << csvNumber(e.meanLoss) << "\r\n";
        out << run << "epoch,seconds," << e.task + 1 << ",,," << e.epoch + 1 << ","
            << csvNumber(e.seconds) << "\r\n";
    }
}

// Every row names its run; tasks, "after task" and epochs count from 1, as the GUI shows them;
// steps are the global optimizer steps, from 0, as the loss plot's axis.
constexpr const char* kCsvHeader = "run_id,method,kind,name,task,after_task,step,epoch,value\r\n";

}  // namespace

std::string taskTableCsv(const metrics::AccuracyMatrix& m) {
    std::ostringstream out;
    const int n = m.tasks();
    out << "after_task";
    for (int i = 0; i < n; ++i)
        out << ",task_" << i + 1;
    out << ",average_accuracy,average_incremental_accuracy,forgetting,backward_transfer,"
           "plasticity,stability\r\n";
    for (int t = 0; t < n && m.has(t, t); ++t) {
        out << t + 1;
        for (int i = 0; i < n; ++i)
            out << ',' << (i <= t && m.has(i, t) ? csvNumber(m.at(i, t)) : std::string());
        const metrics::TaskSummary s = metrics::summarize(m, t);
        for (double v : {s.averageAccuracy, s.averageIncrementalAccuracy, s.forgetting,
                         s.backwardTransfer, s.plasticity, s.stability})
            out << ',' << csvNumber(v);
        out << "\r\n";
    }
    return out.str();
}

std::string exportRunCsv(RunStore& store, std::int64_t runId) {
    return exportRunsCsv(store, {runId});
}

std::string exportRunsCsv(RunStore& store, const std::vector<std::int64_t>& runIds) {
    std::ostringstream out;
    out << kCsvHeader;
    for (std::int64_t id : runIds)
        writeRunCsv(store, id, out);
    return out.str();
}

nlohmann::json exportRunsJson(RunStore& store, const std::vector<std::int64_t>& runIds) {
    nlohmann::json runs = nlohmann::json::array();
    for (std::int64_t id : runIds)
        runs.push_back(exportRunJson(store, id));
    return {{"runs", runs}};
}

}  // namespace pf::storage
