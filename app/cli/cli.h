#pragma once

#include <QStringList>

/// The headless command line: `pfstudio run|runs|version ...`. Runs under QCoreApplication, no
/// display needed.
namespace pf::cli {

/// Exit codes of every subcommand.
enum ExitCode : int {
    kOk = 0,            ///< success
    kFailure = 1,       ///< the run failed, diverged, or the store could not be written
    kBadInput = 2,      ///< bad usage, bad config value, missing or corrupt file
    kInterrupted = 130  ///< stopped by Ctrl+C; the run is stored as stopped
};

/// True when `arguments` (argv[1...]) ask for the command line rather than the GUI: a
/// subcommand, or --help / --version.
bool wantsCommandLine(const QStringList& arguments);

/// Runs the subcommand in `arguments` (QCoreApplication::arguments(), program name first) and
/// returns its exit code. Never throws.
int run(const QStringList& arguments);

/// The run store used when no --db is given: runs.sqlite under QStandardPaths::AppDataLocation.
QString defaultDatabasePath();

}  // namespace pf::cli
