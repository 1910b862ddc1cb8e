#pragma once

#include <QString>

class QApplication;

namespace pf::ui {

/// Sets up the GUI application (compute threads from the settings, translations, the main
/// window) and runs its event loop. Understands `--preset NAME` (the preset to show) and
/// `--db PATH` (the run store; default `defaultDatabasePath`). Returns 2 on bad arguments.
int runApplication(QApplication& app, const QString& defaultDatabasePath);

/// The look of the whole application: the platform's own, or Fusion in light or dark colours.
enum class Theme { System, Light, Dark };
/// The theme named in settings ("system", "light", "dark"); System for anything else.
Theme themeNamed(const QString& name);
QString themeName(Theme theme);
/// Applies `theme` to every widget, at once (plots take their colours from the palette).
void applyTheme(Theme theme);

/// Installs Qt's and the app's translations for the language chosen in View > Language (kept
/// in QSettings), or the system's; the QLocale environment (LANG) decides "the system's".
void installTranslators(QApplication& app);

}  // namespace pf::ui
