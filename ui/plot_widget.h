#pragma once

#include "qcp.h"

namespace pf::ui {

/// A QCustomPlot with the app's conventions: drag to pan, wheel to zoom, double-click to fit,
/// a tooltip with the value under the cursor, PNG/PDF export from the context menu, and
/// replots coalesced by a single-shot timer (at most 10 per second, whatever the data rate;
/// fewer when a replot is slow, so that drawing keeps to ~10% of the GUI thread; none while the
/// plot is hidden, one when it is shown).
class PlotWidget : public QCustomPlot {
    Q_OBJECT
public:
    explicit PlotWidget(QWidget* parent = nullptr);

    /// Asks for a replot; several requests within 100 ms become one.
    void scheduleReplot();
    /// Number of replots actually done (tests check the coalescing).
    int replotCount() const { return replots_; }
    /// Saves as PNG or PDF by the file's extension; false when it cannot be written.
    bool exportTo(const QString& path);

    /// Takes background, axis, grid and legend colours from the widget palette (dark themes).
    void applyPalette();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void showContextMenu(const QPoint& pos);
    QTimer replotTimer_;
    int replots_ = 0;
    bool stale_ = false;  // data changed while hidden: replot when shown
};

/// Distinct colours for per-task lines (colour-blind friendly palette, cycled).
QColor seriesColor(int index);

}  // namespace pf::ui
