#include "cli.h"

#include <QDir>
#include <QStandardPaths>

#include "cli_common.h"
#include "commands.h"
#include "common/version.h"

namespace pf::cli {
namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*handler)(const QStringList&);
};

const Command kCommands[] = {
    {"run", "Run an experiment headless and store it", runCommand},
    {"runs", "List the stored runs", runsCommand},
    {"sweep", "Run methods x seeds as runs of their own, here or on Slurm", sweepCommand},
    {"import", "Copy the runs of other run stores into the store", importCommand},
    {"data", "Inspect the task sequence of a config: pfstudio data inspect", dataCommand},
    {"bench", "Measure training and evaluation speed against the machine's limit", benchCommand},
    {"version", "Print versions, BLAS library and threads", versionCommand},
    {"pretrain", "Pretrain the built-in tiny backbones", pretrainCommand},
    {"inspect-weights", "Print a checkpoint's tensors and the model it matches",
     inspectWeightsCommand},
};

std::string usage() {
    std::string text =
        "Usage: pfstudio [COMMAND] [OPTIONS]\n"
        "PromptFusion Studio: interactive continual learning.\n"
        "Without a command, opens the GUI: pfstudio [--preset NAME] [--db PATH]\n\nCommands:\n";
    // Handled by the GUI side (it needs widgets), listed here with the others.
    text += "  screenshot       Render the window offscreen to a PNG (real data)\n";
    for (const Command& c : kCommands) {
        std::string name = c.name;
        name.resize(17, ' ');
        text += "  " + name + c.summary + "\n";
    }
    text += "\nRun 'pfstudio COMMAND --help' for a command's options.\n";
    return text;
}

}  // namespace

bool wantsCommandLine(const QStringList& arguments) {
    if (arguments.isEmpty()) return false;
    const QString& first = arguments.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("--version"))
        return true;
    // Anything that is not an option is taken as a command, so that a typo gets a message
    // instead of opening a window.
    return !first.startsWith(QLatin1Char('-'));
}

int run(const QStringList& arguments) {
    try {
        if (arguments.size() < 2) {
            printOut(usage());
            return kBadInput;
        }
        const QString name = arguments.at(1);
        if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
            printOut(usage());
            return kOk;
        }
        if (name == QLatin1String("--version")) {
            printOut(std::string("pfstudio ") + kVersion + "\n");
            return kOk;
        }
        for (const Command& c : kCommands)
            if (name == QLatin1String(c.name)) return c.handler(arguments);
        printError(QStringLiteral("unknown command '%1' (commands: run, runs, sweep, import, "
                                  "data, bench, version, pretrain, inspect-weights; see --help)")
                       .arg(name));
        return kBadInput;
    } catch (const std::exception& e) {
        printError(e.what());
        return kFailure;
    }
}

QString defaultDatabasePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("runs.sqlite"));
}

}  // namespace pf::cli
