#include "screenshot.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPalette>
#include <QPixmap>
#include <QTabWidget>
#include <QThread>

#include "run/run_store.h"
#include "ui/application.h"
#include "ui/compare_view.h"
#include "ui/history_view.h"
#include "ui/live_plots.h"
#include "ui/main_window.h"
#include "ui/matrix_view.h"
#include "ui/sample_inspector.h"
#include "ui/task_preview.h"

namespace pf::devtools {

using ui::MainWindow;
namespace {

int fail(const QString& message) {
    std::fprintf(stderr, "pfstudio: %s\n", qPrintable(message));
    return 2;
}

// Lets queued work (coalesced replots, background loads) finish for up to `ms`, or until
// `done` holds.
template <class Done>
void settle(int ms, Done done) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms && !done()) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
}

}  // namespace

int runScreenshot(QApplication& app, const QString& defaultDatabasePath) {
    ui::installTranslators(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pfstudio screenshot --out FILE.png [--run ID | --compare ID,ID | --preset NAME] "
        "[--view tasks|live|matrix|samples|history|compare] [--size WxH] [--db PATH] [--dark] "
        "[--presentation]\n"
        "Renders the window offscreen with real data and saves it as PNG."));
    parser.addHelpOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("PNG file to write."),
                                 QStringLiteral("FILE.png"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Stored run to open."),
                                 QStringLiteral("ID"));
    const QCommandLineOption compare(QStringLiteral("compare"),
                                     QStringLiteral("Stored runs to compare, comma-separated."),
                                     QStringLiteral("IDS"));
    const QCommandLineOption preset(QStringLiteral("preset"),
                                    QStringLiteral("Preset to show in the form and preview."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption view(
        QStringLiteral("view"),
        QStringLiteral("Tab: tasks, live, matrix, samples, history, compare."),
        QStringLiteral("VIEW"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size."),
                                  QStringLiteral("WxH"), QStringLiteral("1280x800"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Run store (SQLite file)."),
                                QStringLiteral("PATH"));
    const QCommandLineOption dark(QStringLiteral("dark"),
                                  QStringLiteral("Render with a dark palette (Fusion style)."));
    const QCommandLineOption presentation(
        QStringLiteral("presentation"),
        QStringLiteral("Presentation mode (View > Presentation), at the window size given."));
    parser.addOptions({out, run, compare, preset, view, size, db, dark, presentation});
    QStringList args = QApplication::arguments();
    args.removeAt(1);  // "screenshot"
    if (!parser.parse(args)) return fail(parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText().replace(
                              0, parser.helpText().indexOf(QLatin1Char('\n')),
                              QStringLiteral("Usage: pfstudio screenshot [options]"))));
        return 0;
    }
    if (!parser.isSet(out)) return fail(QStringLiteral("screenshot: --out FILE.png is required"));
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const int width = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
    const int height = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
    if (!okW || !okH || width < 400 || height < 300 || width > 8000 || height > 8000)
        return fail(QStringLiteral("screenshot: --size '%1' is not WxH between 400x300 and "
                                   "8000x8000")
                        .arg(parser.value(size)));
    const QString path = parser.isSet(db) ? parser.value(db) : defaultDatabasePath;

    // Runs named on the command line must exist.
    QList<qint64> ids;
    if (parser.isSet(run)) ids << parser.value(run).toLongLong();
    if (parser.isSet(compare))
        for (const QString& s : parser.value(compare).split(QLatin1Char(',')))
            ids << s.trimmed().toLongLong();
    try {
        storage::RunStore store(path.toStdString());
        for (qint64 id : ids)
            if (id <= 0 || !store.run(id))
                return fail(QStringLiteral("screenshot: run %1 is not in %2").arg(id).arg(path));
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }

    if (parser.isSet(dark)) ui::applyTheme(ui::Theme::Dark);
    MainWindow window(path);
    if (parser.isSet(preset)) window.loadPreset(parser.value(preset));
    window.show();
    // After the window has fitted itself to the (offscreen) screen: the size asked for.
    window.resize(width, height);
    if (parser.isSet(run)) window.openRun(ids.first());
    if (parser.isSet(compare)) window.compareRuns(parser.isSet(run) ? ids.mid(1) : ids);

    const QString which = parser.value(view).toLower();
    const std::optional<MainWindow::Page> page = MainWindow::pageNamed(which);
    if (!which.isEmpty() && !page)
        return fail(QStringLiteral("screenshot: unknown --view '%1' (tasks, live, matrix, "
                                   "samples, history, compare)")
                        .arg(which));
    // A stored run is replayed in the training thread: its views fill as its events arrive.
    settle(120000, [&] { return !window.isBusy(); });
    if (page) window.showPage(*page);
    if (parser.isSet(presentation)) {
        // As on a screen of the size given: presentation mode without going full screen.
        window.setPresentation(true);
        window.showNormal();
        window.resize(width, height);
    }
    // The task preview loads in the background; give it time when it is what is shown.
    const bool previewShown = window.currentPage() == MainWindow::Page::Tasks;
    settle(previewShown ? 120000 : 600, [&] { return !previewShown || !window.previewPending(); });
    settle(300, [] { return false; });  // coalesced replots
    if (!window.grab().save(parser.value(out), "PNG"))
        return fail(QStringLiteral("screenshot: cannot write %1").arg(parser.value(out)));
    std::printf("%s\n", qPrintable(parser.value(out)));
    return 0;
}

}  // namespace pf::devtools
