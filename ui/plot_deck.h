#pragma once

#include <QList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QToolButton;

namespace pf::ui {

class PlotWidget;

/// Plots in a grid, each with a caption in plain words under it. Double-clicking a plot
/// enlarges it to fill the deck (the others hide) and double-clicking it again restores the
/// grid. In single mode (presentation) one plot always fills the deck and a row of buttons
/// named after the plots, or Page Up / Page Down (a presenter's clicker), moves between them.
class PlotDeck : public QWidget {
    Q_OBJECT
public:
    explicit PlotDeck(int columns, QWidget* parent = nullptr);

    /// Adds `plot` (reparented) with its short name (the button in single mode) and caption.
    void addPlot(PlotWidget* plot, const QString& name, const QString& caption);

    /// The plot filling the deck, or nullptr when the grid shows them all.
    PlotWidget* enlarged() const;
    /// Enlarges `plot` (nullptr: the grid again; in single mode the grid never shows).
    void setEnlarged(PlotWidget* plot);
    /// One plot at a time with buttons to move between them, or the grid.
    void setSingle(bool single);
    bool single() const { return single_; }
    void setCaptionsVisible(bool visible);
    bool captionsVisible() const { return captionsVisible_; }
    /// The caption shown under `plot`.
    QString caption(const PlotWidget* plot) const;
    /// Moves the enlarged plot by `delta` places (single mode), wrapping around.
    void step(int delta);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Card {
        PlotWidget* plot = nullptr;
        QWidget* cell = nullptr;
        QLabel* caption = nullptr;
        QToolButton* button = nullptr;
    };
    void arrange();
    int indexOf(const PlotWidget* plot) const;

    int columns_;
    QGridLayout* grid_ = nullptr;
    QWidget* buttons_ = nullptr;
    QList<Card> cards_;
    int enlarged_ = -1;
    bool single_ = false;
    bool captionsVisible_ = false;
};

}  // namespace pf::ui
