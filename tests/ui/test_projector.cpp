// The window on a classroom projector: a 1280x720 screen at a scale factor of 1.5 (853x480
// logical pixels), as Qt's offscreen platform describes it from a screen file this test writes.
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMouseEvent>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/compare_view.h"
#include "ui/live_plots.h"
#include "ui/main_window.h"
#include "ui/plot_deck.h"
#include "ui/plot_widget.h"

using namespace pf;

namespace {

QString sizeText(QSize s) {
    return QStringLiteral("%1x%2").arg(s.width()).arg(s.height());
}

QString rectText(QRect r) {
    return QStringLiteral("%1,%2 %3").arg(r.x()).arg(r.y()).arg(sizeText(r.size()));
}

// The 12 visible widgets whose minimum size is largest in `extent` (width or height), largest
// first: what to look at when the window cannot be small enough.
QString largestWidgets(const QWidget& window, int (QSize::*extent)() const) {
    QList<QWidget*> all = window.findChildren<QWidget*>();
    if (window.isVisible())  // hidden pages and panels ask for nothing
        all.erase(
            std::remove_if(all.begin(), all.end(), [](QWidget* w) { return !w->isVisible(); }),
            all.end());
    std::sort(all.begin(), all.end(), [extent](QWidget* a, QWidget* b) {
        return (a->minimumSizeHint().*extent)() > (b->minimumSizeHint().*extent)();
    });
    QStringList out;
    for (QWidget* w : all.mid(0, 12))
        out << QStringLiteral("%1 '%2' %3")
                   .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                        sizeText(w->minimumSizeHint()));
    return out.join(QStringLiteral("; "));
}

}  // namespace

class TestProjector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QCOMPARE(QGuiApplication::primaryScreen()->size(), QSize(853, 480));  // 1280x720 / 1.5
    }

    void init() { QSettings().clear(); }

    // A first start opens inside the screen, however large the window would like to be.
    void aFirstStartFitsTheScreen() {
        ui::MainWindow w(db());
        QVERIFY2(w.minimumSizeHint().width() <= 853 && w.minimumSizeHint().height() <= 480,
                 qPrintable("the window cannot be smaller than " + sizeText(w.minimumSizeHint()) +
                            ": " + largestWidgets(w, &QSize::width)));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect area = w.screen()->availableGeometry();
        QVERIFY2(area.contains(w.frameGeometry()),
                 qPrintable(rectText(w.frameGeometry()) + " is not inside " + rectText(area)));
    }

    // A size saved on a larger screen is fitted to this one.
    void aSizeSavedOnALargerScreenIsFitted() {
        {
            ui::MainWindow big(db());
            big.setGeometry(200, 150, 1600, 1000);
            big.show();
            QVERIFY(QTest::qWaitForWindowExposed(&big));
            big.setGeometry(200, 150, 1600, 1000);
            QSettings().setValue(QStringLiteral("window/geometry"), big.saveGeometry());
        }
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect area = w.screen()->availableGeometry();
        QVERIFY2(area.contains(w.frameGeometry()),
                 qPrintable(rectText(w.frameGeometry()) + " is not inside " + rectText(area)));
    }

    // Presentation mode: the whole screen, the panels hidden, text 1.75 times larger, one plot
    // (the per-task accuracy) filling the view with its caption; leaving it restores all.
    void presentationShowsOnePlotLargeWithItsCaption() {
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* form = w.findChild<QDockWidget*>("experimentDock");
        auto* logDock = w.findChild<QDockWidget*>("logDock");
        QVERIFY(form && logDock && form->isVisible() && logDock->isVisible());
        const qreal normalText = w.livePlots()->accuracyPlot()->xAxis->labelFont().pointSizeF();
        const QSize normal = w.size();

        w.presentationAction()->trigger();
        QVERIFY(w.presentation());
        QTRY_VERIFY(w.isFullScreen());
        QVERIFY(!form->isVisible() && !logDock->isVisible());
        w.showPage(ui::MainWindow::Page::Live);
        ui::PlotDeck* deck = w.livePlots()->deck();
        QCOMPARE(deck->enlarged(), w.livePlots()->accuracyPlot());
        QTRY_VERIFY(w.livePlots()->accuracyPlot()->isVisible());
        QVERIFY(!w.livePlots()->lossPlot()->isVisible());
        QCOMPARE(w.livePlots()->accuracyPlot()->xAxis->labelFont().pointSizeF(), normalText * 1.75);
        auto* caption = w.findChild<QLabel*>("accuracyPlotCaption");
        QVERIFY(caption && caption->isVisible());
        QVERIFY(caption->text().contains("forgetting"));
        // The plot takes most of the screen: at least 3/4 of its width and half its height.
        const QSize screen = w.screen()->size();
        auto plot = [&] { return w.livePlots()->accuracyPlot()->size(); };
        QTRY_VERIFY2(
            plot().width() >= screen.width() * 3 / 4 && plot().height() >= screen.height() / 2,
            qPrintable("the plot is " + sizeText(plot()) + " on " + sizeText(screen) +
                       " in a window of " + sizeText(w.size()) + ", Live " +
                       sizeText(w.livePlots()->size())));
        // A presenter's clicker: Page Down shows the next plot.
        QTest::keyClick(&w, Qt::Key_PageDown);
        QCOMPARE(deck->enlarged(), w.livePlots()->fusionPlot());
        QTest::keyClick(&w, Qt::Key_PageUp);
        QCOMPARE(deck->enlarged(), w.livePlots()->accuracyPlot());

        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentation());
        QTRY_VERIFY(!w.isFullScreen());
        QTRY_VERIFY(form->isVisible() && logDock->isVisible());
        QCOMPARE(w.livePlots()->accuracyPlot()->xAxis->labelFont().pointSizeF(), normalText);
        QVERIFY(deck->enlarged() == nullptr);
        QVERIFY(!caption->isVisible());
        QTRY_VERIFY2(w.size() == normal,
                     qPrintable(sizeText(w.size()) + " after, " + sizeText(normal) +
                                " before; the tallest: " + largestWidgets(w, &QSize::height)));
    }

    // Outside presentation, a double-click enlarges any plot to fill its view, and another
    // double-click brings the grid back.
    void aDoubleClickEnlargesAPlot() {
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.showPage(ui::MainWindow::Page::Compare);
        ui::PlotWidget* forgetting = w.compareView()->forgettingPlot();
        QTRY_VERIFY(forgetting->isVisible());
        const int gridWidth = forgetting->width();
        QTest::mouseDClick(forgetting, Qt::LeftButton, Qt::NoModifier, forgetting->rect().center());
        QCOMPARE(w.compareView()->deck()->enlarged(), forgetting);
        QVERIFY(!w.compareView()->accuracyPlot()->isVisible());
        QTRY_VERIFY(forgetting->width() > 2 * gridWidth);
        QTest::mouseDClick(forgetting, Qt::LeftButton, Qt::NoModifier, forgetting->rect().center());
        QVERIFY(w.compareView()->deck()->enlarged() == nullptr);
        QTRY_VERIFY(w.compareView()->accuracyPlot()->isVisible());
    }

private:
    QString db() const { return home_.filePath(QStringLiteral("projector.sqlite")); }
    QTemporaryDir home_;
};

int main(int argc, char** argv) {
    // One 1280x720 screen, scaled by 1.5: what a lecture-room projector gives a laptop.
    QTemporaryDir dir;
    const QString screens = dir.filePath(QStringLiteral("screens.json"));
    QFile file(screens);
    if (!file.open(QIODevice::WriteOnly)) return 1;
    file.write(R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1280,
                   "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + screens).toUtf8());
    qputenv("QT_SCALE_FACTOR", "1.5");
    QApplication app(argc, argv);
    TestProjector test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_projector.moc"
