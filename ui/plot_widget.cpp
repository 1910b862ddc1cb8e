#include "plot_widget.h"

#include <algorithm>
#include <cmath>

#include <QFileDialog>
#include <QMenu>
#include <QToolTip>

namespace pf::ui {

QColor seriesColor(int index) {
    // Okabe-Ito, then Tableau for more series.
    static const QColor colors[] = {
        QColor(0, 114, 178),   QColor(230, 159, 0), QColor(0, 158, 115),   QColor(204, 121, 167),
        QColor(86, 180, 233),  QColor(213, 94, 0),  QColor(240, 228, 66),  QColor(178, 34, 34),
        QColor(148, 103, 189), QColor(140, 86, 75), QColor(127, 127, 127), QColor(188, 189, 34),
    };
    const int n = static_cast<int>(sizeof(colors) / sizeof(colors[0]));
    return colors[((index % n) + n) % n];
}

PlotWidget::PlotWidget(QWidget* parent) : QCustomPlot(parent) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);    // a click gives the plots focus: Space then pauses
    xAxis->ticker()->setTickCount(4);  // step numbers run to thousands: fewer, readable ticks
    // The legend lives in a row of its own below the data (placeLegend), never on the lines.
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, false);
    legend->setColumnSpacing(10);
    legend->setIconSize(18, 10);  // a short stroke and its marker: room for the names
    legend->setIconTextPadding(4);
    legend->setRowSpacing(0);
    legend->setBorderPen(Qt::NoPen);
    connect(this, &QCustomPlot::beforeReplot, this, &PlotWidget::placeLegend);
    applyFont();
    applyPalette();
    connect(this, &QWidget::customContextMenuRequested, this, &PlotWidget::showContextMenu);
    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(100);
    connect(&replotTimer_, &QTimer::timeout, this, [this] {
        // A plot nobody can see (a hidden tab, a window not shown) is drawn when it is shown:
        // while training, the GUI thread's time is the trainer's cores' time.
        if (!isVisible() || width() <= 0 || height() <= 0) {
            stale_ = true;
            return;
        }
        ++replots_;
        replot(QCustomPlot::rpQueuedReplot);
    });
    // Redraws take at most ~10% of the GUI thread: the coalescing interval follows the
    // measured replot time (100 ms for cheap plots, up to 1 s for plots of many thousand points).
    // While training, the GUI thread's time is taken from the trainer's cores: at 40 ms the loss
    // and fusion-weight plots' redraws (~1.5 ms each) cost PromptFusion ~5% of its throughput
    // (`pfstudio bench --gui --set method=promptfusion`, like for like: 93-95%; at 100 ms:
    // 99-101%), and ten frames a second still draw a curve smoothly.
    connect(this, &QCustomPlot::afterReplot, this, [this] {
        const int adaptive = static_cast<int>(10.0 * replotTime(true));
        replotTimer_.setInterval(std::clamp(adaptive, 100, 1000));
    });
}

PlotWidget::~PlotWidget() {
    // QCustomPlot deletes the legend with its layout: put it back if it is out of it.
    if (!legend->layout()) plotLayout()->addElement(plotLayout()->rowCount(), 0, legend);
}

void PlotWidget::placeLegend() {
    QCPLayoutGrid* grid = plotLayout();
    // The legend's cells, some empty once it wraps: its entries are the cells that hold one.
    int entries = 0, widest = 1;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (QCPLayoutElement* entry = legend->elementAt(i)) {
            ++entries;
            widest = std::max(widest, entry->minimumOuterSizeHint().width());
        }
    const bool shown = legend->visible() && entries > 0;
    const bool placed = legend->layout() == grid;
    if (shown && !placed) {
        if (legend->layout()) legend->layout()->take(legend);  // the axis rect's inset at first
        grid->addElement(grid->rowCount(), 0, legend);
        grid->setRowStretchFactor(grid->rowCount() - 1, 0.001);
    } else if (!shown && placed) {
        grid->take(legend);
        grid->simplify();
    }
    if (!shown) return;
    // As many columns as the widest entry allows.
    const QMargins m = legend->margins();
    const int available = std::max(1, width() - m.left() - m.right());
    const int columns =
        std::clamp(available / (widest + legend->columnSpacing()), 1, std::max(1, entries));
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

int PlotWidget::legendEntries() const {
    int entries = 0;
    for (int i = 0; i < legend->elementCount(); ++i)
        entries += legend->elementAt(i) != nullptr;
    return entries;
}

void PlotWidget::applyFont() {
    const QFont f = font();
    for (QCPAxis* axis : {xAxis, yAxis, xAxis2, yAxis2}) {
        axis->setLabelFont(f);
        axis->setTickLabelFont(f);
    }
    // The legend a size smaller than the axes: in a grid of six plots on 1280x720 five task
    // names then take two columns, not five rows of the plot's height.
    QFont small = f;
    small.setPointSizeF(f.pointSizeF() * 0.8);
    legend->setFont(small);
}

void PlotWidget::setUnitRange() {
    // 8%: a marker's radius (3 px) stays inside down to a data area ~45 px tall.
    yAxis->setRange(-0.08, 1.08);
}

void PlotWidget::setTaskAxis(int tasks) {
    static const QSharedPointer<QCPAxisTickerFixed> ticker = [] {
        QSharedPointer<QCPAxisTickerFixed> t(new QCPAxisTickerFixed);
        t->setTickStep(1.0);
        t->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);  // 1, 2, 5, 10... when crowded
        return t;
    }();
    xAxis->setTicker(ticker);
    xAxis->setRange(0.7, std::max(1, tasks) + 0.3);
}

void PlotWidget::fitToData() {
    rescaleAxes(true);
    // A margin of 5% (or of a unit around a single value), so that no marker is cut in half.
    for (QCPAxis* axis : axisRect()->axes()) {
        // Only axes something is drawn against (rescaleAxes leaves the others as they are).
        const QList<QCPAbstractPlottable*> drawn = axis->plottables();
        if (std::none_of(drawn.begin(), drawn.end(), [](QCPAbstractPlottable* p) {
                return p->visible() && p->interface1D() && p->interface1D()->dataCount() > 0;
            }))
            continue;
        const QCPRange r = axis->range();
        const double pad =
            r.size() > 0 ? 0.05 * r.size() : (r.lower != 0 ? 0.1 * std::abs(r.lower) : 0.5);
        axis->setRange(r.lower - pad, r.upper + pad);
    }
}

void PlotWidget::showEvent(QShowEvent* event) {
    QCustomPlot::showEvent(event);
    if (stale_) {
        stale_ = false;
        scheduleReplot();
    }
}

void PlotWidget::applyPalette() {
    // The widget palette's colours, so that plots follow a dark theme.
    const QPalette& p = palette();
    const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(110);
    setBackground(base);
    for (QCPAxis* axis : {xAxis, yAxis, xAxis2, yAxis2}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setLabelColor(text);
        axis->setTickLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    QColor legendBase = base;
    legendBase.setAlpha(200);  // the lines stay visible through the legend
    legend->setBrush(legendBase);
    legend->setBorderPen(Qt::NoPen);  // a row under the data, not a box
    legend->setTextColor(text);
}

void PlotWidget::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        scheduleReplot();
    } else if (event->type() == QEvent::FontChange) {
        applyFont();
        scheduleReplot();
    }
}

void PlotWidget::scheduleReplot() {
    if (!replotTimer_.isActive()) replotTimer_.start();
}

bool PlotWidget::exportTo(const QString& path) {
    replot();  // the legend placed for this size, the data as it is now
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) return savePdf(path);
    return savePng(path, 0, 0, 2.0);
}

void PlotWidget::showContextMenu(const QPoint& pos) {
    QMenu menu(this);
    menu.addAction(tr("Fit to data"), this, [this] {
        fitToData();
        replot();
    });
    menu.addSeparator();
    menu.addAction(tr("Export as PNG..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QString(),
                                                          tr("PNG image (*.png)"));
        if (!path.isEmpty() &&
            !exportTo(path.endsWith(QLatin1String(".png")) ? path : path + QStringLiteral(".png")))
            QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1").arg(path));
    });
    menu.addAction(tr("Export as PDF..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QString(),
                                                          tr("PDF document (*.pdf)"));
        if (!path.isEmpty() &&
            !exportTo(path.endsWith(QLatin1String(".pdf")) ? path : path + QStringLiteral(".pdf")))
            QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1").arg(path));
    });
    menu.exec(mapToGlobal(pos));
}

void PlotWidget::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;
    // The nearest data point of any graph, within a few pixels.
    double bestDistance = 8.0;
    QString text;
    for (int g = 0; g < graphCount(); ++g) {
        QCPGraph* gr = graph(g);
        if (!gr->visible() || gr->data()->isEmpty()) continue;
        QVariant details;
        const double d = gr->selectTest(event->pos(), false, &details);
        if (d >= 0 && d < bestDistance) {
            const QCPDataSelection sel = details.value<QCPDataSelection>();
            if (sel.isEmpty()) continue;
            const auto it = gr->data()->at(sel.dataRange().begin());
            bestDistance = d;
            text = QStringLiteral("%1\n%2: %3\n%4: %5")
                       .arg(gr->name(), xAxis->label(), QString::number(it->key, 'g', 6),
                            yAxis->label(), QString::number(it->value, 'g', 4));
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void PlotWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    Q_EMIT enlargeRequested();
}

}  // namespace pf::ui
