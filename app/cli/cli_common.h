#pragma once

#include <functional>
#include <optional>
#include <string>

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include "experiment/experiment_config.h"

/// Helpers shared by the subcommands.
namespace pf::cli {

/// Prints "pfstudio: <message>" as one line on stderr.
void printError(const QString& message);
void printError(const std::string& message);
void printError(const char* message);

/// Adds --help and --verbose, parses, and handles --help and parse errors. Returns the exit
/// code to end with, or nothing when the command should go on.
std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& arguments,
                                const QString& synopsis);

/// With --verbose: prints the BLAS in use and the thread count on stderr.
void printVerboseStartup(const QCommandLineParser& parser);

/// Says once, on stderr, when matrix products run slower than this machine allows and why
/// (slowMatrixProducts); nothing when they do not.
void warnIfMatrixProductsAreSlow();

/// The --db option every command that touches the store takes.
QCommandLineOption databaseOption();
/// The store path: --db, or the default location.
QString databasePath(const QCommandLineParser& parser);

/// --preset NAME, --config FILE.json and --set key=value: how run and data inspect take a
/// config.
struct ConfigOptions {
    ConfigOptions();
    QCommandLineOption preset;
    QCommandLineOption file;
    QCommandLineOption set;
    QCommandLineOption device;  ///< --device D: the same as --set device=D, given last
    /// The --set overrides, then --device's.
    std::vector<std::string> overrides(const QCommandLineParser& parser) const;
};
/// Exactly one of --preset and --config, no positional argument: the exit code to end with
/// otherwise (after a message naming `command`).
std::optional<int> checkConfigSource(const QCommandLineParser& parser, const ConfigOptions& options,
                                     const QString& command);
/// The config the options name, with the overrides applied (throws pf::ConfigError).
config::ExperimentConfig readConfig(const QCommandLineParser& parser, const ConfigOptions& options);

/// Runs a command body, turning escaping errors into a one-line message and an exit code:
/// pf::InputError (bad config, missing or corrupt file) -> 2, anything else -> 1.
int guarded(const std::function<int()>& body);

/// Writes `text` to stdout (UTF-8) and flushes.
void printOut(const std::string& text);

}  // namespace pf::cli
