#pragma once

#include <optional>

#include <QString>

/// Developer tools that need widgets: `pfstudio screenshot`, `pfstudio bench --history` and
/// `pfstudio bench --gui`. They live apart from the GUI library and reach the main window
/// through its public surface only.
namespace pf::devtools {

/// Runs the developer tool `argv` names and returns its exit code; nothing when it names none
/// (the command line or the GUI then runs). Call it before any QCoreApplication exists.
std::optional<int> runRequested(int argc, char** argv, const QString& defaultDatabasePath);

}  // namespace pf::devtools
