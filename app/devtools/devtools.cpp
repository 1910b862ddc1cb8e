#include "devtools.h"

#include <algorithm>

#include <QApplication>
#include <QStringList>

#include "gui_bench.h"
#include "history_bench.h"
#include "screenshot.h"

namespace pf::devtools {

std::optional<int> runRequested(int argc, char** argv, const QString& defaultDatabasePath) {
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (arguments.isEmpty()) return std::nullopt;
    // Screenshots need widgets but no display: offscreen unless the caller chose a platform.
    if (arguments.first() == QLatin1String("screenshot")) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
        QApplication app(argc, argv);
        return runScreenshot(app, defaultDatabasePath);
    }
    if (arguments.first() != QLatin1String("bench")) return std::nullopt;
    // The history benchmark drives the History and Compare views: widgets, offscreen.
    if (std::any_of(arguments.begin() + 1, arguments.end(), [](const QString& a) {
            return a == QLatin1String("--history") || a.startsWith(QLatin1String("--history="));
        }))
        return runHistoryBench(argc, argv);
    // The GUI benchmark trains in a main window: widgets, offscreen.
    if (arguments.contains(QLatin1String("--gui"))) return runGuiBench(argc, argv);
    return std::nullopt;
}

}  // namespace pf::devtools
