#pragma once

#include <functional>
#include <optional>
#include <string>

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

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

/// The --db option every command that touches the store takes.
QCommandLineOption databaseOption();
/// The store path: --db, or the default location.
QString databasePath(const QCommandLineParser& parser);

/// Runs a command body, turning escaping errors into a one-line message and an exit code:
/// pf::InputError (bad config, missing or corrupt file) -> 2, anything else -> 1.
int guarded(const std::function<int()>& body);

/// Writes `text` to stdout (UTF-8) and flushes.
void printOut(const std::string& text);

}  // namespace pf::cli
