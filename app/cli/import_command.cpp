#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/error.h"
#include "run/run_store.h"

namespace pf::cli {

int importCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print what was imported as one JSON array."));
    parser.addOptions({databaseOption(), json});
    parser.addPositionalArgument(QStringLiteral("STORE"), QStringLiteral("Run stores to import."),
                                 QStringLiteral("STORE..."));
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral("pfstudio import [--db PATH] [--json] STORE...\n"
                           "Copies the finished runs of other run stores (a sweep's, a "
                           "cluster's) into the store, whole: curves, accuracy matrix, figures, "
                           "tags, task sequence and config. A run already there (by its uid) is "
                           "left alone, so importing again adds only what is new; runs still "
                           "running where they were stored wait for a later import.")))
        return *code;
    const QStringList sources = parser.positionalArguments();
    if (sources.isEmpty()) {
        printError("import: name at least one run store to import");
        return kBadInput;
    }
    return guarded([&]() -> int {
        storage::RunStore store(databasePath(parser).toStdString());
        // Every source is checked before anything is imported: a damaged or foreign file among
        // them stops the import with nothing of it done.
        for (const QString& source : sources)
            if (const std::string why = store.whyNotImportable(source.toStdString()); !why.empty())
                throw InputError(why);
        std::vector<storage::ImportResult> results;
        for (const QString& source : sources)
            results.push_back(store.importRuns(source.toStdString()));
        if (parser.isSet(json)) {
            nlohmann::json out = nlohmann::json::array();
            for (const storage::ImportResult& r : results)
                out.push_back({{"source", r.source},
                               {"imported", r.imported},
                               {"already_here", r.alreadyHere},
                               {"still_running", r.stillRunning}});
            printOut(out.dump() + "\n");
            return kOk;
        }
        std::string text;
        int total = 0;
        for (const storage::ImportResult& r : results) {
            text += r.source + ": " + std::to_string(r.imported.size()) + " imported";
            if (r.alreadyHere > 0) text += ", " + std::to_string(r.alreadyHere) + " already here";
            if (r.stillRunning > 0)
                text += ", " + std::to_string(r.stillRunning) + " still running (not imported)";
            text += "\n";
            total += static_cast<int>(r.imported.size());
        }
        text += std::to_string(total) + (total == 1 ? " run" : " runs") + " imported into " +
                store.path() + "\n";
        printOut(text);
        return kOk;
    });
}

}  // namespace pf::cli
