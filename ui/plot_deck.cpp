#include "plot_deck.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "plot_widget.h"

namespace pf::ui {

PlotDeck::PlotDeck(int columns, QWidget* parent) : QWidget(parent), columns_(std::max(1, columns)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buttons_ = new QWidget(this);
    buttons_->setObjectName(QStringLiteral("plotButtons"));
    auto* row = new QHBoxLayout(buttons_);
    row->setContentsMargins(0, 0, 0, 0);
    row->addStretch(1);
    buttons_->hide();
    layout->addWidget(buttons_);
    grid_ = new QGridLayout;
    layout->addLayout(grid_, 1);
    setFocusPolicy(Qt::ClickFocus);
}

void PlotDeck::addPlot(PlotWidget* plot, const QString& name, const QString& caption) {
    Card card;
    card.plot = plot;
    card.cell = new QWidget(this);
    auto* box = new QVBoxLayout(card.cell);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    plot->setParent(card.cell);
    box->addWidget(plot, 1);
    card.caption = new QLabel(caption, card.cell);
    card.caption->setObjectName(plot->objectName() + QStringLiteral("Caption"));
    card.caption->setWordWrap(true);
    card.caption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    card.caption->setVisible(captionsVisible_);
    box->addWidget(card.caption);
    card.button = new QToolButton(buttons_);
    card.button->setText(name);
    card.button->setCheckable(true);
    card.button->setAutoRaise(true);
    auto* row = static_cast<QHBoxLayout*>(buttons_->layout());
    row->insertWidget(row->count() - 1, card.button);
    const int index = static_cast<int>(cards_.size());
    const int r = index / columns_, c = index % columns_;
    grid_->addWidget(card.cell, r, c);
    cards_.push_back(card);
    connect(plot, &PlotWidget::enlargeRequested, this, [this, plot] {
        // In single mode a plot is always enlarged; elsewhere a double-click toggles.
        if (single_) return;
        setEnlarged(enlarged() == plot ? nullptr : plot);
    });
    connect(card.button, &QToolButton::clicked, this, [this, plot] { setEnlarged(plot); });
    arrange();
}

int PlotDeck::indexOf(const PlotWidget* plot) const {
    for (int i = 0; i < cards_.size(); ++i)
        if (cards_[i].plot == plot) return i;
    return -1;
}

PlotWidget* PlotDeck::enlarged() const {
    return enlarged_ >= 0 ? cards_[enlarged_].plot : nullptr;
}

void PlotDeck::setEnlarged(PlotWidget* plot) {
    enlarged_ = plot ? indexOf(plot) : -1;
    if (single_ && enlarged_ < 0 && !cards_.isEmpty()) enlarged_ = 0;
    arrange();
}

void PlotDeck::setSingle(bool single) {
    single_ = single;
    if (single_ && enlarged_ < 0 && !cards_.isEmpty()) enlarged_ = 0;
    if (!single_) enlarged_ = -1;
    arrange();
}

void PlotDeck::setCaptionsVisible(bool visible) {
    captionsVisible_ = visible;
    for (const Card& card : cards_)
        card.caption->setVisible(visible);
}

QString PlotDeck::caption(const PlotWidget* plot) const {
    const int i = indexOf(plot);
    return i >= 0 ? cards_[i].caption->text() : QString();
}

void PlotDeck::step(int delta) {
    if (cards_.isEmpty()) return;
    const int n = static_cast<int>(cards_.size());
    const int from = enlarged_ >= 0 ? enlarged_ : 0;
    setEnlarged(cards_[((from + delta) % n + n) % n].plot);
}

void PlotDeck::keyPressEvent(QKeyEvent* event) {
    if (single_ && (event->key() == Qt::Key_PageDown || event->key() == Qt::Key_PageUp)) {
        step(event->key() == Qt::Key_PageDown ? 1 : -1);
        return;
    }
    QWidget::keyPressEvent(event);
}

void PlotDeck::arrange() {
    // The enlarged plot's row and column take all the room; the grid shares it evenly.
    const int rows = (static_cast<int>(cards_.size()) + columns_ - 1) / columns_;
    for (int r = 0; r < rows; ++r)
        grid_->setRowStretch(r, enlarged_ < 0 || enlarged_ / columns_ == r ? 1 : 0);
    for (int c = 0; c < columns_; ++c)
        grid_->setColumnStretch(c, enlarged_ < 0 || enlarged_ % columns_ == c ? 1 : 0);
    for (int i = 0; i < cards_.size(); ++i) {
        const bool shown = enlarged_ < 0 || i == enlarged_;
        cards_[i].cell->setVisible(shown);
        cards_[i].button->setChecked(i == enlarged_);
        if (shown) cards_[i].plot->scheduleReplot();
    }
    buttons_->setVisible(single_);
}

}  // namespace pf::ui
