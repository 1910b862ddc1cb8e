#include "prompt_use_view.h"

#include <cmath>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "metrics/prompt_use.h"
#include "plot_widget.h"

namespace pf::ui {

PromptUseView::PromptUseView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    caption_ = new QLabel(
        tr("Prompt selection: % of each task's test images that chose each prompt"), this);
    after_ = new QComboBox(this);
    after_->setObjectName(QStringLiteral("promptUseAfter"));
    after_->setToolTip(tr("The evaluation to show"));
    caption_->setWordWrap(true);  // wraps in a narrow window instead of widening it
    bar->addWidget(caption_, 1);
    bar->addWidget(after_);
    layout->addLayout(bar);
    plot_ = new PlotWidget(this);
    plot_->setObjectName(QStringLiteral("promptUsePlot"));
    plot_->setInteractions(QCP::Interactions());
    layout->addWidget(plot_, 1);
    connect(after_, &QComboBox::activated, this, [this](int index) {
        followLatest_ = index == after_->count() - 1;
        showHistogram(index);
    });
    clear();
}

void PromptUseView::clear() {
    histograms_.clear();
    after_->clear();
    shown_ = -1;
    followLatest_ = true;
    plot_->clearPlottables();
    plot_->clearItems();
    setVisible(false);
}

void PromptUseView::addEvaluation(int afterTask,
                                  const std::vector<std::pair<std::string, double>>& figures) {
    auto rows = metrics::promptUseMatrix(figures);
    if (rows.empty()) return;
    histograms_.emplace_back(afterTask, std::move(rows));
    after_->addItem(tr("after task %1").arg(afterTask + 1));
    setVisible(true);
    if (followLatest_) {
        after_->setCurrentIndex(after_->count() - 1);
        showHistogram(after_->count() - 1);
    }
}

void PromptUseView::showHistogram(int index) {
    if (index < 0 || index >= static_cast<int>(histograms_.size())) return;
    shown_ = index;
    const auto& rows = histograms_[static_cast<std::size_t>(index)].second;
    plot_->clearPlottables();
    plot_->clearItems();
    for (int i = plot_->plotLayout()->elementCount() - 1; i > 0; --i)
        plot_->plotLayout()->removeAt(i);
    plot_->plotLayout()->simplify();
    const int tasks = static_cast<int>(rows.size());
    const int entries = static_cast<int>(rows.front().size());
    plot_->xAxis->setLabel(tr("prompt"));
    plot_->yAxis->setLabel(tr("task tested"));
    plot_->yAxis->setRangeReversed(true);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot_->xAxis->setTicker(ticker);
    plot_->yAxis->setTicker(ticker);
    auto* map = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map->data()->setSize(entries, tasks);
    map->data()->setRange(QCPRange(1, entries), QCPRange(1, tasks));
    for (int t = 0; t < tasks; ++t)
        for (int e = 0; e < entries; ++e)
            map->data()->setCell(
                e, t, 100.0 * rows[static_cast<std::size_t>(t)][static_cast<std::size_t>(e)]);
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    // Percentages, in the cells and on the colour bar alike.
    scale->axis()->setLabel(tr("share of images (%)"));
    map->setColorScale(scale);
    map->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    map->setInterpolate(false);
    map->setDataRange(QCPRange(0, 100));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    if (entries <= 24) {
        for (int t = 0; t < tasks; ++t)
            for (int e = 0; e < entries; ++e) {
                const double v = rows[static_cast<std::size_t>(t)][static_cast<std::size_t>(e)];
                auto* text = new QCPItemText(plot_);
                text->position->setCoords(e + 1, t + 1);
                text->setText(QString::number(std::lround(100.0 * v)));
                text->setColor(v > 0.55 ? Qt::black : Qt::white);
            }
    }
    plot_->xAxis->setRange(0.5, entries + 0.5);
    plot_->yAxis->setRange(0.5, tasks + 0.5);
    plot_->scheduleReplot();
}

}  // namespace pf::ui
