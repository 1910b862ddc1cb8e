#include "live_plots.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include "plot_widget.h"

namespace pf::ui {

LivePlots::LivePlots(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Loss smoothing"), this));
    auto* slider = new QSlider(Qt::Horizontal, this);
    slider->setObjectName(QStringLiteral("lossSmoothing"));
    slider->setRange(0, 99);
    slider->setValue(static_cast<int>(smoothing_ * 100));
    slider->setMaximumWidth(200);
    controls->addWidget(slider);
    controls->addStretch(1);
    layout->addLayout(controls);
    connect(slider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });

    loss_ = new PlotWidget(this);
    loss_->setObjectName(QStringLiteral("lossPlot"));
    loss_->xAxis->setLabel(tr("step"));
    loss_->yAxis->setLabel(tr("training loss"));
    loss_->addGraph();  // raw
    loss_->graph(0)->setName(tr("loss"));
    loss_->graph(0)->setPen(QPen(QColor(0, 114, 178, 70)));
    loss_->addGraph();  // smoothed
    loss_->graph(1)->setName(tr("loss (smoothed)"));
    loss_->graph(1)->setPen(QPen(QColor(0, 114, 178), 2));
    loss_->legend->setVisible(true);
    layout->addWidget(loss_, 1);

    accuracy_ = new PlotWidget(this);
    accuracy_->setObjectName(QStringLiteral("accuracyPlot"));
    accuracy_->xAxis->setLabel(tr("tasks learned"));
    accuracy_->yAxis->setLabel(tr("test accuracy"));
    accuracy_->yAxis->setRange(0, 1.02);
    accuracy_->legend->setVisible(true);
    accuracy_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    layout->addWidget(accuracy_, 1);
    reset(0, {});
}

void LivePlots::reset(int tasks, const QStringList& taskLabels) {
    tasks_ = tasks;
    nextStep_ = 0;
    haveSmoothed_ = false;
    loss_->graph(0)->data()->clear();
    loss_->graph(1)->data()->clear();
    loss_->clearItems();
    loss_->xAxis->setRange(0, 1);
    accuracy_->clearGraphs();
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    accuracy_->xAxis->setTicker(ticker);
    accuracy_->xAxis->setRange(0.8, std::max(1, tasks) + 0.2);
    for (int i = 0; i < tasks; ++i) {
        QCPGraph* g = accuracy_->addGraph();
        const QString label = i < taskLabels.size() ? taskLabels.at(i) : QString();
        g->setName(label.isEmpty() ? tr("task %1").arg(i + 1)
                                   : tr("task %1: %2").arg(i + 1).arg(label));
        g->setPen(QPen(seriesColor(i), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    }
    accuracy_->legend->setVisible(tasks > 0);
    loss_->scheduleReplot();
    accuracy_->scheduleReplot();
}

void LivePlots::setSmoothing(double factor) {
    smoothing_ = std::clamp(factor, 0.0, 0.99);
    // Recompute the smoothed curve from the raw one.
    loss_->graph(1)->data()->clear();
    haveSmoothed_ = false;
    for (auto it = loss_->graph(0)->data()->constBegin(); it != loss_->graph(0)->data()->constEnd();
         ++it) {
        smoothed_ =
            haveSmoothed_ ? smoothing_ * smoothed_ + (1 - smoothing_) * it->value : it->value;
        haveSmoothed_ = true;
        loss_->graph(1)->addData(it->key, smoothed_);
    }
    loss_->scheduleReplot();
}

void LivePlots::addStep(const pf::training::StepEvent& e) {
    const double x = static_cast<double>(e.step);
    nextStep_ = e.step + 1;
    loss_->graph(0)->addData(x, e.loss);
    smoothed_ = haveSmoothed_ ? smoothing_ * smoothed_ + (1 - smoothing_) * e.loss : e.loss;
    haveSmoothed_ = true;
    loss_->graph(1)->addData(x, smoothed_);
    loss_->rescaleAxes();
    loss_->scheduleReplot();
}

void LivePlots::addTaskStart(const pf::training::TaskStartEvent& e) {
    if (e.task == 0) return;
    const qint64 firstStep = nextStep_;
    // A dashed line where each new task begins.
    auto* line = new QCPItemStraightLine(loss_);
    line->point1->setCoords(static_cast<double>(firstStep), 0);
    line->point2->setCoords(static_cast<double>(firstStep), 1);
    line->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    auto* label = new QCPItemText(loss_);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(static_cast<double>(firstStep), 0.98);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(tr(" task %1").arg(e.task + 1));
    label->setColor(Qt::gray);
    loss_->scheduleReplot();
}

void LivePlots::addEvaluation(const pf::training::EvaluationEvent& e) {
    for (int i = 0; i < static_cast<int>(e.accuracies.size()) && i < accuracy_->graphCount(); ++i)
        accuracy_->graph(i)->addData(e.afterTask + 1, e.accuracies[static_cast<std::size_t>(i)]);
    accuracy_->scheduleReplot();
}

}  // namespace pf::ui
