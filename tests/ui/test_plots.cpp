// The plots as a back row sees them: legends never on the lines, points at 0 and 1 drawn whole,
// the legend not a handle that pans the data, text that follows the font, and a plot that
// enlarges on a double-click.
#include <QApplication>
#include <QMouseEvent>
#include <QtTest>

#include <QCheckBox>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "run/run_store.h"
#include "ui/compare_view.h"
#include "ui/history_view.h"
#include "ui/live_plots.h"
#include "ui/matrix_view.h"
#include "ui/plot_deck.h"
#include "ui/plot_widget.h"

using namespace pf;

namespace {

// Five tasks learned one after the other; task 1 falls to 0 at the end (forgetting), the newest
// task is always at 1.
void feedRun(ui::LivePlots& live) {
    live.reset(5, {"T-shirt/top, Trouser", "Pullover, Dress", "Coat, Sandal", "Shirt, Sneaker",
                   "Bag, Ankle boot"});
    for (int t = 0; t < 5; ++t) {
        training::EvaluationEvent e;
        e.afterTask = t;
        for (int i = 0; i <= t; ++i)
            e.accuracies.push_back(i == t ? 1.0 : (t == 4 && i == 0 ? 0.0 : 0.5));
        e.summary.stability = t > 0 ? 0.4 : NAN;
        e.summary.plasticity = 1.0;
        e.summary.averageAccuracy = 0.6;
        e.figures = {{"fused_old_acc", 0.0}, {"fused_new_acc", 1.0}};
        live.addEvaluation(e);
    }
}

// The pixel rectangle a graph's markers are drawn in must lie inside the data area.
void verifyMarkersInside(ui::PlotWidget* plot, double radius) {
    const QRect area = plot->axisRect()->rect();
    for (int g = 0; g < plot->graphCount(); ++g)
        for (auto it = plot->graph(g)->data()->constBegin();
             it != plot->graph(g)->data()->constEnd(); ++it) {
            const double x = plot->graph(g)->keyAxis()->coordToPixel(it->key);
            const double y = plot->graph(g)->valueAxis()->coordToPixel(it->value);
            QVERIFY2(x - radius >= area.left() && x + radius <= area.right() &&
                         y - radius >= area.top() && y + radius <= area.bottom(),
                     qPrintable(QStringLiteral("%1: point (%2, %3) at (%4, %5) px is cut by the "
                                               "edge of the data area %6,%7 %8x%9")
                                    .arg(plot->objectName())
                                    .arg(it->key)
                                    .arg(it->value)
                                    .arg(x)
                                    .arg(y)
                                    .arg(area.x())
                                    .arg(area.y())
                                    .arg(area.width())
                                    .arg(area.height())));
        }
}

void send(QWidget* w, QEvent::Type type, QPoint at, Qt::MouseButtons buttons) {
    QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)), Qt::LeftButton, buttons,
                  Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// Three seeds of er (final accuracy 0.7, 0.8, 0.9) and one finetune run (0.5); their ids.
QList<qint64> writeSeeds(const QString& path) {
    QList<qint64> ids;
    storage::RunStore store(path.toStdString());
    auto add = [&](const char* method, int seed, double first, double last) {
        storage::NewRun r;
        r.name = std::string(method) + " [seed " + std::to_string(seed) + "]";
        r.method = method;
        r.dataset = "fmnist";
        r.seed = seed;
        r.config =
            nlohmann::json{{"method", method}, {"lr", 0.01}, {"seed", seed}, {"name", r.name}}
                .dump();
        r.tasks = 2;
        r.versions = "{}";
        const auto id = store.createRun(r);
        metrics::AccuracyMatrix m(2);
        m.set(0, 0, first);
        store.recordEvaluation(id, 0, {first}, metrics::summarize(m, 0), {});
        m.set(0, 1, last);
        m.set(1, 1, last);
        store.recordEvaluation(id, 1, {last, last}, metrics::summarize(m, 1), {});
        store.finishRun(id, "finished", 10.0 + seed, "");
        ids << id;
    };
    add("er", 0, 0.9, 0.7);
    add("er", 1, 0.9, 0.8);
    add("er", 2, 0.9, 0.9);
    add("finetune", 0, 0.9, 0.5);
    return ids;
}

}  // namespace

class TestPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // At the size of a plot on a 1280x720 screen, every legend lies outside the data area, and
    // the per-task lines' legend (five long names) wraps rather than runs off the plot.
    void theLegendNeverCoversTheData() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        feedRun(live);
        for (ui::PlotWidget* p : {live.lossPlot(), live.accuracyPlot(), live.stabilityPlot(),
                                  live.oldPartsPlot(), live.newPartsPlot()}) {
            p->replot();
            if (!p->legend->visible()) continue;
            const QRect legend = p->legend->outerRect();
            QVERIFY2(!legend.intersects(p->axisRect()->rect()),
                     qPrintable(p->objectName() + " has its legend on the data"));
            QVERIFY2(p->rect().contains(legend), qPrintable(p->objectName() + "'s legend is cut"));
        }
        ui::PlotWidget* acc = live.accuracyPlot();
        QCOMPARE(acc->legendEntries(), 5);
        QVERIFY(acc->legend->columnCount() < 5);  // wrapped: five names do not fit one row
    }

    // Points at 0 and 1 (a task forgotten entirely, a task learned perfectly) and those at the
    // first and last task are drawn whole, not cut by the axis.
    void pointsAtZeroAndOneAreDrawnWhole() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        feedRun(live);
        for (ui::PlotWidget* p : {live.accuracyPlot(), live.stabilityPlot(), live.oldPartsPlot(),
                                  live.newPartsPlot()}) {
            p->replot();
            verifyMarkersInside(p, 3.0);
        }
    }

    // "Fit to data" leaves a margin: the extreme points' markers are inside the data area.
    void fitToDataKeepsMarkersWhole() {
        ui::PlotWidget plot;
        plot.resize(400, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QCPGraph* g = plot.addGraph();
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
        for (int i = 0; i < 50; ++i)
            g->addData(i, std::sin(i / 5.0));
        plot.fitToData();
        plot.replot();
        verifyMarkersInside(&plot, 3.0);
        // A single value: a range around it, not an empty one.
        QCPGraph* one = plot.addGraph();
        plot.removeGraph(g);
        one->addData(3.0, 0.25);
        plot.fitToData();
        QVERIFY(plot.xAxis->range().size() > 0 && plot.yAxis->range().size() > 0);
        QVERIFY(plot.xAxis->range().contains(3.0) && plot.yAxis->range().contains(0.25));
    }

    // A drag that starts on the legend leaves the axes where they are; one that starts on the
    // data pans them.
    void draggingTheLegendDoesNotPan() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        feedRun(live);
        ui::PlotWidget* p = live.accuracyPlot();
        p->replot();
        QVERIFY(p->legend->visible());
        const QCPRange x = p->xAxis->range(), y = p->yAxis->range();
        auto drag = [&](QPoint from) {
            send(p, QEvent::MouseButtonPress, from, Qt::LeftButton);
            send(p, QEvent::MouseMove, from + QPoint(40, 30), Qt::LeftButton);
            send(p, QEvent::MouseButtonRelease, from + QPoint(40, 30), Qt::NoButton);
        };
        drag(p->legend->elementAt(0)->outerRect().center());
        QCOMPARE(p->xAxis->range(), x);
        QCOMPARE(p->yAxis->range(), y);
        drag(p->axisRect()->rect().center());
        QVERIFY(p->xAxis->range() != x);  // the data itself does pan
    }

    // Axis labels, ticks and legend take the widget's font: a larger font (presentation mode)
    // enlarges the plot's text.
    void plotTextFollowsTheFont() {
        ui::PlotWidget plot;
        plot.legend->setVisible(true);
        plot.addGraph()->setName("a");
        QFont big = plot.font();
        big.setPointSizeF(24);
        plot.setFont(big);
        QCOMPARE(plot.xAxis->labelFont().pointSizeF(), 24.0);
        QCOMPARE(plot.yAxis->tickLabelFont().pointSizeF(), 24.0);
        QCOMPARE(plot.legend->item(0)->font().pointSizeF(), 24.0 * 0.8);  // a size smaller
    }

    // An exported image keeps the legend below the data too (it is drawn from the same layout).
    void anExportedPlotHasItsLegendBelowTheData() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        feedRun(live);
        QTemporaryDir dir;
        const QString path = dir.filePath("accuracy.png");
        QVERIFY(live.accuracyPlot()->exportTo(path));
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), live.accuracyPlot()->size() * 2);
        QVERIFY(!live.accuracyPlot()->legend->outerRect().intersects(
            live.accuracyPlot()->axisRect()->rect()));
    }

    // Three seeds of one experiment and one run of another: Compare draws the three as one
    // line (mean, band and error bars of one standard deviation) and one column "mean ± std";
    // unticking "Mean over seeds" shows every run; the table exports with the spreads.
    void seedsShowAsMeanAndSpread() {
        QTemporaryDir dir;
        const QString path = dir.filePath("seeds.sqlite");
        const QList<qint64> ids = writeSeeds(path);
        ui::CompareView view(path);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setRuns(ids);
        QVERIFY(view.meanOverSeedsBox()->isVisible() && view.meanOverSeedsBox()->isChecked());
        QCOMPARE(view.columnCount(), 2);
        QTableWidget* table = view.table();
        QVERIFY(table->horizontalHeaderItem(0)->text().contains("3 seeds"));
        auto row = [&](const QString& name) {
            for (int r = 0; r < table->rowCount(); ++r)
                if (table->verticalHeaderItem(r)->text() == name) return r;
            return -1;
        };
        const int acc = row("final average accuracy %");
        QVERIFY(acc >= 0);
        QCOMPARE(table->item(acc, 0)->text(), QStringLiteral("80.0 ± 10.0"));
        QCOMPARE(table->item(acc, 1)->text(), QStringLiteral("50.0"));
        QCOMPARE(table->item(row("seed"), 0)->text(), QStringLiteral("0, 1, 2"));
        // The plot: the group's band (two graphs) and mean, then the single run's line.
        ui::PlotWidget* plot = view.accuracyPlot();
        QCOMPARE(plot->graphCount(), 4);
        QCOMPARE(plot->legendEntries(), 2);
        QCPGraph* mean = plot->graph(2);
        QCOMPARE(mean->dataCount(), 2);
        QCOMPARE(mean->data()->at(1)->value, 0.8);
        QVERIFY(std::abs(plot->graph(1)->data()->at(1)->value - 0.7) < 1e-12);  // mean - std
        QVERIFY(std::abs(plot->graph(0)->data()->at(1)->value - 0.9) < 1e-12);  // mean + std
        bool bars = false;
        for (int i = 0; i < plot->plottableCount(); ++i)
            bars = bars || qobject_cast<QCPErrorBars*>(plot->plottable(i)) != nullptr;
        QVERIFY(bars);

        const QString csv = dir.filePath("table.csv");
        QVERIFY(view.exportTable(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains("\r\nfinal_avg_acc,0.8,0.1,0.5,\r\n"), qPrintable(text));

        view.meanOverSeedsBox()->setChecked(false);
        QCOMPARE(view.columnCount(), 4);
        QCOMPARE(plot->graphCount(), 4);  // four lines, no band
        QCOMPARE(plot->legendEntries(), 4);
    }

    // A new comparison opens at the top of its table, whatever the last one was scrolled to;
    // the Matrix tab's per-task table exports one row per task learned.
    void compareOpensAtTheTopAndTheTaskTableExports() {
        QTemporaryDir dir;
        const QString path = dir.filePath("seeds.sqlite");
        const QList<qint64> ids = writeSeeds(path);
        ui::CompareView view(path);
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.meanOverSeedsBox()->setChecked(false);
        view.setRuns(ids);
        QScrollBar* bar = view.table()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        bar->setValue(bar->maximum());
        view.setRuns({ids[0], ids[3]});
        QCOMPARE(bar->value(), 0);
        // Column titles are whole (tooltip too) and the columns fit their text.
        QVERIFY(view.table()->horizontalHeaderItem(0)->toolTip().contains("er [seed 0]"));
        QVERIFY(view.table()->columnWidth(0) >= view.table()->fontMetrics().horizontalAdvance(
                                                    view.table()->horizontalHeaderItem(0)->text()));

        ui::MatrixView matrix;
        metrics::AccuracyMatrix m(3);
        m.set(0, 0, 0.9);
        m.set(0, 1, 0.6);
        m.set(1, 1, 0.8);
        matrix.setMatrix(m);
        const QString csv = dir.filePath("tasks.csv");
        QVERIFY(matrix.exportTable(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[2].startsWith("2,0.6,0.8,,0.7"));
        QVERIFY(!matrix.exportTable(dir.filePath("missing/folder/tasks.csv")));
    }

    // History > Group seeds: the three seeds are one row, "mean ± std", and selecting it
    // selects all three (Compare then shows their mean).
    void historyGroupsSeedsIntoOneRow() {
        QSettings().remove("history/groupSeeds");
        QTemporaryDir dir;
        const QString path = dir.filePath("seeds.sqlite");
        const QList<qint64> ids = writeSeeds(path);
        ui::HistoryView history(path);
        QCOMPARE(history.visibleRuns(), 4);
        history.groupSeedsBox()->setChecked(true);
        QCOMPARE(history.visibleRuns(), 2);
        QCOMPARE(QSettings().value("history/groupSeeds").toBool(), true);
        const auto* model = history.filterModel();
        int group = -1;
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, ui::RunTableModel::Name).data().toString().contains("3 seeds"))
                group = row;
        QVERIFY(group >= 0);
        QCOMPARE(model->index(group, ui::RunTableModel::Accuracy).data().toString(),
                 QStringLiteral("80.0 ± 10.0"));
        history.selectIds({ids[1]});
        QCOMPARE(history.selectedIds().size(), 3);
        history.groupSeedsBox()->setChecked(false);
        QCOMPARE(history.visibleRuns(), 4);
        QSettings().remove("history/groupSeeds");
    }

    // A data-parallel run reads like any other, and says over how many processes it ran.
    void historySaysADataParallelRunsWorldSize() {
        QTemporaryDir dir;
        const QString path = dir.filePath("dp.sqlite");
        qint64 parallel = 0, alone = 0;
        {
            storage::RunStore store(path.toStdString());
            storage::NewRun r;
            r.name = "two ranks";
            r.method = "finetune";
            r.dataset = "fmnist";
            r.config = "{}";
            r.tasks = 2;
            r.versions = R"({"app": "test", "world_size": 2})";
            parallel = store.createRun(r);
            r.versions = R"({"app": "test"})";
            alone = store.createRun(r);
        }
        ui::HistoryView history(path);
        QLabel* details = history.findChild<QLabel*>("historyDetails");
        QVERIFY(details);
        history.selectIds({parallel});
        QVERIFY2(details->text().contains("data-parallel over 2 processes"),
                 qPrintable(details->text()));
        history.selectIds({alone});
        QVERIFY(!details->text().contains("data-parallel"));
    }

    // History > Import: a sweep's stores come into the desktop's store, selected, ready to
    // compare; importing them again adds nothing; a damaged one among them stops it all.
    void historyImportsASweepsStores() {
        QSettings().remove("history/groupSeeds");
        QTemporaryDir dir;
        const QString sweep = dir.filePath("sweep.sqlite");
        writeSeeds(sweep);
        const QString garbage = dir.filePath("garbage.sqlite");
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
        }
        ui::HistoryView history(dir.filePath("desktop.sqlite"));
        QCOMPARE(history.visibleRuns(), 0);
        QSignalSpy errors(&history, &ui::HistoryView::error);
        QSignalSpy messages(&history, &ui::HistoryView::message);
        QVERIFY(!history.importStores({sweep, garbage}).has_value());
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().at(1).toString().contains(garbage));
        history.reload();
        QCOMPARE(history.visibleRuns(), 0);

        const auto imported = history.importStores({sweep});
        QVERIFY(imported.has_value());
        QCOMPARE(imported->size(), 4);
        QCOMPARE(history.visibleRuns(), 4);
        QCOMPARE(history.selectedIds().size(), 4);
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.last().at(0).toString().contains("4"),
                 qPrintable(messages.last().at(0).toString()));
        QCOMPARE(history.importStores({sweep})->size(), 0);
        QVERIFY(messages.last().at(0).toString().contains("already here"));
        QCOMPARE(history.visibleRuns(), 4);
    }

    // The learning rate of every step is drawn on the loss plot's right axis, so a schedule
    // or a rate changed mid-run shows where it happened.
    void theLearningRateIsPlottedBesideTheLoss() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        live.reset(1, {"a, b"});
        for (int i = 0; i < 20; ++i) {
            training::StepEvent e;
            e.step = i;
            e.loss = 2.0 - 0.05 * i;
            e.lr = i < 10 ? 0.01 : 0.001;  // changed at step 10
            live.addStep(e);
        }
        QCPGraph* lr = live.learningRateGraph();
        QCOMPARE(lr->dataCount(), 20);
        QCOMPARE(lr->valueAxis(), live.lossPlot()->yAxis2);
        QVERIFY(live.lossPlot()->yAxis2->visible());
        QCOMPARE(lr->data()->at(10)->value, 0.001);
        const QCPRange r = live.lossPlot()->yAxis2->range();
        QVERIFY(r.lower < 0.001 && r.upper > 0.01);
        live.lossPlot()->replot();
        verifyMarkersInside(live.lossPlot(), 0.0);
    }

    // A double-click enlarges a plot of a deck and a second restores the grid; in single mode
    // (presentation) one is always enlarged and the buttons move between them.
    void aDeckEnlargesOnDoubleClick() {
        ui::LivePlots live;
        live.resize(960, 560);
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&live));
        ui::PlotDeck* deck = live.deck();
        ui::PlotWidget* loss = live.lossPlot();
        const int gridWidth = loss->width();
        QTest::mouseDClick(loss, Qt::LeftButton, Qt::NoModifier, loss->rect().center());
        QCOMPARE(deck->enlarged(), loss);
        QVERIFY(!live.accuracyPlot()->isVisible());
        QTRY_VERIFY(loss->width() > 2 * gridWidth);
        QTest::mouseDClick(loss, Qt::LeftButton, Qt::NoModifier, loss->rect().center());
        QVERIFY(deck->enlarged() == nullptr);
        QVERIFY(live.accuracyPlot()->isVisible());
        live.setPresentation(true);
        QCOMPARE(deck->enlarged(), live.accuracyPlot());
        QVERIFY(!deck->caption(live.accuracyPlot()).isEmpty());
        QTest::mouseDClick(live.accuracyPlot(), Qt::LeftButton, Qt::NoModifier,
                           live.accuracyPlot()->rect().center());
        QCOMPARE(deck->enlarged(), live.accuracyPlot());  // stays: one plot at a time
        deck->step(-1);
        QCOMPARE(deck->enlarged(), loss);
        deck->step(-1);
        QCOMPARE(deck->enlarged(), live.newPartsPlot());  // wraps around
        live.setPresentation(false);
        QVERIFY(deck->enlarged() == nullptr && live.lossPlot()->isVisible());
    }
};

QTEST_MAIN(TestPlots)
#include "test_plots.moc"
