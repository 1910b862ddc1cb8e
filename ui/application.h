#pragma once

#include <QString>

class QApplication;

namespace pf::ui {

/// Sets up the GUI application (compute threads from the settings, translations, the main
/// window) and runs its event loop. Understands `--preset NAME` (the preset to show) and
/// `--db PATH` (the run store; default `defaultDatabasePath`). Returns 2 on bad arguments.
int runApplication(QApplication& app, const QString& defaultDatabasePath);

/// Installs Qt's and the app's translations for the language chosen in View > Language (kept
/// in QSettings), or the system's; the QLocale environment (LANG) decides "the system's".
void installTranslators(QApplication& app);

}  // namespace pf::ui
