#include "cli_common.h"

#include <cstdio>
#include <iostream>

#include "cli.h"
#include "common/error.h"
#include "common/system_info.h"

namespace pf::cli {

void printError(const QString& message) {
    printError(message.toStdString());
}

void printError(const char* message) {
    printError(std::string(message));
}

void printError(const std::string& message) {
    // One line, so that scripts can grep it: newlines in nested messages become "; ".
    std::string line = message;
    for (char& c : line)
        if (c == '\n') c = ';';
    std::cerr << "pfstudio: " << line << std::endl;
}

void printOut(const std::string& text) {
    std::cout << text << std::flush;
}

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const InputError& e) {
        printError(e.what());
        return kBadInput;
    } catch (const std::exception& e) {
        printError(e.what());
        return kFailure;
    }
}

QCommandLineOption databaseOption() {
    return QCommandLineOption(
        QStringLiteral("db"),
        QStringLiteral("Run store (SQLite file); default: %1").arg(defaultDatabasePath()),
        QStringLiteral("PATH"));
}

QString databasePath(const QCommandLineParser& parser) {
    return parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                              : defaultDatabasePath();
}

std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& arguments,
                                const QString& synopsis) {
    parser.setApplicationDescription(synopsis);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.addOption({QStringLiteral("verbose"),
                      QStringLiteral("Print the BLAS library and thread count at startup.")});
    // Drop the program name's subcommand so that positional arguments start after it.
    QStringList args = arguments;
    if (args.size() > 1) args.removeAt(1);
    if (!parser.parse(args)) {
        printError(parser.errorText() + QStringLiteral(" (see --help)"));
        return kBadInput;
    }
    if (parser.isSet(help)) {
        // Qt's first line names the binary's path; name the command instead.
        QString text = parser.helpText();
        const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
        text.replace(0, text.indexOf(QLatin1Char('\n')),
                     QStringLiteral("Usage: pfstudio %1 [options]").arg(command));
        printOut(text.toStdString());
        return kOk;
    }
    printVerboseStartup(parser);
    return std::nullopt;
}

void warnIfMatrixProductsAreSlow() {
    const std::string slow = slowMatrixProducts(systemInfo());
    if (!slow.empty()) std::cerr << "pfstudio: warning: " << slow << std::endl;
}

void printVerboseStartup(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("verbose"))) return;
    const SystemInfo info = systemInfo();
    std::cerr << "pfstudio: BLAS " << info.blas << "\n"
              << "pfstudio: BLAS kernel " << info.kernel.describe() << "\n"
              << "pfstudio: threads " << info.threads << " of " << info.cores << " cores"
              << std::endl;
}

}  // namespace pf::cli

namespace pf::cli {

ConfigOptions::ConfigOptions()
    : preset(QStringLiteral("preset"),
             QStringLiteral("Built-in preset: %1.").arg(QString::fromStdString([] {
                 std::string s;
                 for (const auto& n : config::presetNames())
                     s += (s.empty() ? "" : ", ") + n;
                 return s;
             }())),
             QStringLiteral("NAME"))
    , file(QStringLiteral("config"), QStringLiteral("Experiment config (JSON object)."),
           QStringLiteral("FILE.json"))
    , set(QStringLiteral("set"),
          QStringLiteral("Override a config key, e.g. --set epochs=3. Repeatable."),
          QStringLiteral("key=value"))
    , device(QStringLiteral("device"),
             QStringLiteral("Compute device: cpu, cuda or cuda:N (a CUDA build of LibTorch); "
                            "the same as --set device=DEVICE."),
             QStringLiteral("DEVICE")) {}

std::vector<std::string> ConfigOptions::overrides(const QCommandLineParser& parser) const {
    std::vector<std::string> out;
    for (const QString& s : parser.values(set))
        out.push_back(s.toStdString());
    if (parser.isSet(device)) out.push_back("device=" + parser.value(device).toStdString());
    return out;
}

std::optional<int> checkConfigSource(const QCommandLineParser& parser, const ConfigOptions& options,
                                     const QString& command) {
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("%1: unexpected argument '%2'")
                       .arg(command, parser.positionalArguments().first()));
        return kBadInput;
    }
    if (parser.isSet(options.preset) == parser.isSet(options.file)) {
        printError(QStringLiteral("%1: give exactly one of --preset NAME or --config FILE.json")
                       .arg(command));
        return kBadInput;
    }
    return std::nullopt;
}

config::ExperimentConfig readConfig(const QCommandLineParser& parser,
                                    const ConfigOptions& options) {
    const std::vector<std::string> overrides = options.overrides(parser);
    return parser.isSet(options.preset) ? config::ExperimentConfig::fromPreset(
                                              parser.value(options.preset).toStdString(), overrides)
                                        : config::ExperimentConfig::fromFile(
                                              parser.value(options.file).toStdString(), overrides);
}

}  // namespace pf::cli
