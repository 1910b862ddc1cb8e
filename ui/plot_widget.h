#pragma once

#include "qcp.h"

namespace pf::ui {

/// A QCustomPlot with the app's conventions: drag to pan, wheel to zoom, double-click to
/// enlarge (the view holding the plot decides how), "Fit to data" and PNG/PDF export in the
/// context menu, a tooltip with the value under the cursor, and replots coalesced by a
/// single-shot timer (at most 10 per second, whatever the data rate; fewer when a replot is
/// slow, so that drawing keeps to ~10% of the GUI thread; none while the plot is hidden, one
/// when it is shown).
///
/// Readable where it is shown, on a projector or in an exported image: the legend sits below
/// the data, never on the lines, wrapped into as many columns as the width allows (pressing on
/// it does not pan); ranges keep a margin, so that points at 0 or 1 and markers at the ends are
/// drawn whole; text follows the widget's font (presentation mode enlarges it).
class PlotWidget : public QCustomPlot {
    Q_OBJECT
public:
    explicit PlotWidget(QWidget* parent = nullptr);
    ~PlotWidget() override;

    /// Asks for a replot; several requests within 100 ms become one.
    void scheduleReplot();
    /// Number of replots actually done (tests check the coalescing).
    int replotCount() const { return replots_; }
    /// Saves as PNG or PDF by the file's extension; false when it cannot be written.
    bool exportTo(const QString& path);

    /// The value axis shows 0 to 1 (accuracies, weights, shares), with a margin at both ends.
    void setUnitRange();
    /// Both axes fit the visible graphs, with a margin so that markers are drawn whole.
    void fitToData();
    /// Entries in the legend (its cells that hold one).
    int legendEntries() const;
    /// The tick axis shows tasks 1 to `tasks` (whole numbers), with a margin at both ends.
    void setTaskAxis(int tasks);

    /// Takes background, axis, grid and legend colours from the widget palette (dark themes).
    void applyPalette();

    /// Small and fixed: QCustomPlot's own hint grows with the legend's rows, which depend on
    /// the width, and would let a narrow moment make the whole window taller for good.
    QSize minimumSizeHint() const override { return {120, 100}; }
    QSize sizeHint() const override { return {320, 240}; }

Q_SIGNALS:
    /// The plot was double-clicked: the view holding it enlarges it, or restores it.
    void enlargeRequested();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void showContextMenu(const QPoint& pos);
    /// Puts the legend in its row below the data while it is shown (out of the layout while
    /// hidden: no empty row) and wraps it into the columns that fit the width.
    void placeLegend();
    /// Axis and legend text from the widget's font.
    void applyFont();
    QTimer replotTimer_;
    int replots_ = 0;
    bool stale_ = false;  // data changed while hidden: replot when shown
};

/// Distinct colours for per-task lines (colour-blind friendly palette, cycled).
QColor seriesColor(int index);

}  // namespace pf::ui
