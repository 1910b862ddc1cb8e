#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "io/checkpoint_folder.h"
#include "run/resume.h"
#include "run/run_store.h"

namespace pf::cli {
namespace {

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

std::string cell(double v, const char* format) {
    if (!std::isfinite(v)) return "-";
    char buf[32];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

}  // namespace

int runsCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the runs as one JSON array."));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QStringLiteral("Show only the newest N runs."),
                                   QStringLiteral("N"));
    parser.addOptions({databaseOption(), json, limit});
    if (auto code = parseCommand(parser, arguments,
                                 QStringLiteral("pfstudio runs [--db PATH] [--limit N] [--json]\n"
                                                "Lists the stored runs, newest first.")))
        return *code;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("runs: unexpected argument '%1'")
                       .arg(parser.positionalArguments().first()));
        return kBadInput;
    }
    int maxRuns = -1;
    if (parser.isSet(limit)) {
        bool ok = false;
        maxRuns = parser.value(limit).toInt(&ok);
        if (!ok || maxRuns < 1) {
            printError(QStringLiteral("runs: --limit expects a positive integer, got '%1'")
                           .arg(parser.value(limit)));
            return kBadInput;
        }
    }
    return guarded([&] {
        storage::RunStore store(databasePath(parser).toStdString());
        store.markInterruptedRuns();
        std::vector<storage::RunRecord> runs = store.listRuns();
        if (maxRuns > 0 && static_cast<int>(runs.size()) > maxRuns)
            runs.resize(static_cast<std::size_t>(maxRuns));
        // Runs that `pfstudio run --resume ID` can continue.
        const auto resumable = [&](const storage::RunRecord& r) {
            return training::resumableStatus(r.status) &&
                   storage::hasCheckpoint(storage::checkpointFolder(store.path(), r.id));
        };
        if (parser.isSet(json)) {
            nlohmann::json out = nlohmann::json::array();
            for (const storage::RunRecord& r : runs)
                out.push_back({{"id", r.id},
                               {"name", r.name},
                               {"method", r.method},
                               {"dataset", r.dataset},
                               {"status", r.status},
                               {"created_at", r.createdAt},
                               {"finished_at", r.finishedAt},
                               {"seconds", number(r.seconds)},
                               {"avg_acc", number(r.finalAverageAccuracy)},
                               {"forgetting", number(r.finalForgetting)},
                               {"seed", r.seed},
                               {"tasks", r.tasks},
                               {"tags", r.tags},
                               {"notes", r.notes},
                               {"error", r.error},
                               {"resumable", resumable(r)}});
            printOut(out.dump() + "\n");
            return kOk;
        }
        if (runs.empty()) {
            printOut("No runs in " + store.path() + "\n");
            return kOk;
        }
        std::string text, canResume;
        char line[512];
        std::snprintf(line, sizeof(line), "%5s  %-32s %-10s %-8s %-11s %7s %7s %8s  %s\n", "ID",
                      "NAME", "METHOD", "DATASET", "STATUS", "ACC", "FORGET", "SECONDS", "CREATED");
        text += line;
        for (const storage::RunRecord& r : runs) {
            std::string name = r.name.size() > 32 ? r.name.substr(0, 31) + "~" : r.name;
            std::snprintf(line, sizeof(line), "%5lld  %-32s %-10s %-8s %-11s %7s %7s %8s  %s\n",
                          static_cast<long long>(r.id), name.c_str(), r.method.c_str(),
                          r.dataset.c_str(), r.status.c_str(),
                          cell(r.finalAverageAccuracy, "%.4f").c_str(),
                          cell(r.finalForgetting, "%.4f").c_str(), cell(r.seconds, "%.1f").c_str(),
                          r.createdAt.c_str());
            text += line;
            if (resumable(r)) canResume += (canResume.empty() ? "" : ", ") + std::to_string(r.id);
        }
        if (!canResume.empty())
            text += "Can resume from a checkpoint (pfstudio run --resume ID): " + canResume + "\n";
        printOut(text);
        return kOk;
    });
}

}  // namespace pf::cli
