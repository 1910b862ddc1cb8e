#pragma once

#include <QString>

class QApplication;

namespace pf::ui {

/// Sets up the GUI application (compute threads from the settings, translations, the main
/// window on the run store at `databasePath`) and runs its event loop.
int runApplication(QApplication& app, const QString& databasePath);

}  // namespace pf::ui
