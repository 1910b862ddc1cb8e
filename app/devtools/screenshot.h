#pragma once

#include <QString>

class QApplication;

namespace pf::devtools {

/// `pfstudio screenshot --out FILE.png [--run ID | --compare ID,ID,... | --preset NAME]
/// [--view tasks|live|matrix|history|compare] [--size WxH] [--db PATH]`: builds the main window
/// offscreen with real data from the store (or a preset's task preview) and saves it as PNG.
/// Returns the exit code (2 for bad arguments or a run that is not in the store).
int runScreenshot(QApplication& app, const QString& defaultDatabasePath);

}  // namespace pf::devtools
