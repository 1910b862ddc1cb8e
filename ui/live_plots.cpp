#include "live_plots.h"

#include <cmath>

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include "plot_widget.h"

namespace pf::ui {

LivePlots::LivePlots(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("liveRunTitle"));
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    controls->addWidget(title_);
    controls->addSpacing(24);
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

    auto* grid = new QGridLayout;
    layout->addLayout(grid, 1);
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
    grid->addWidget(loss_, 0, 0);

    accuracy_ = new PlotWidget(this);
    accuracy_->setObjectName(QStringLiteral("accuracyPlot"));
    accuracy_->xAxis->setLabel(tr("tasks learned"));
    accuracy_->yAxis->setLabel(tr("test accuracy"));
    accuracy_->yAxis->setRange(0, 1.02);
    accuracy_->legend->setVisible(true);
    accuracy_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    grid->addWidget(accuracy_, 0, 1);

    auto unitPlot = [this](const QString& name, const QString& x, const QString& y) {
        auto* p = new PlotWidget(this);
        p->setObjectName(name);
        p->xAxis->setLabel(x);
        p->yAxis->setLabel(y);
        p->yAxis->setRange(0, 1.02);
        p->legend->setVisible(true);
        p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
        return p;
    };
    fusion_ = unitPlot(QStringLiteral("fusionPlot"), tr("step"), tr("fusion weight"));
    stability_ = unitPlot(QStringLiteral("stabilityPlot"), tr("tasks learned"),
                          tr("stability / plasticity"));
    oldParts_ =
        unitPlot(QStringLiteral("oldPartsPlot"), tr("tasks learned"), tr("accuracy on old tasks"));
    newParts_ = unitPlot(QStringLiteral("newPartsPlot"), tr("tasks learned"),
                         tr("accuracy on the newest task"));
    grid->addWidget(fusion_, 0, 2);
    grid->addWidget(stability_, 1, 0);
    grid->addWidget(oldParts_, 1, 1);
    grid->addWidget(newParts_, 1, 2);
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
    graphs_.clear();
    for (PlotWidget* p : {fusion_, stability_, oldParts_, newParts_}) {
        p->clearGraphs();
        p->clearItems();
        p->legend->setVisible(false);
    }
    fusion_->xAxis->setRange(0, 1);
    // Until a fusion weight arrives, the plot says why it may stay empty.
    noFusion_ = new QCPItemText(fusion_);
    noFusion_->position->setType(QCPItemPosition::ptAxisRectRatio);
    noFusion_->position->setCoords(0.5, 0.5);
    noFusion_->setText(tr("PromptFusion's weight of the Booster\n(other methods have none)"));
    noFusion_->setColor(Qt::gray);
    for (PlotWidget* p : {stability_, oldParts_, newParts_}) {
        p->xAxis->setTicker(ticker);
        p->xAxis->setRange(0.8, std::max(1, tasks) + 0.2);
    }
    for (PlotWidget* p : {loss_, accuracy_, fusion_, stability_, oldParts_, newParts_})
        p->scheduleReplot();
}

QCPGraph* LivePlots::series(PlotWidget* plot, const QString& name, const QColor& color, bool dashed,
                            bool dots) {
    const QString key = plot->objectName() + QLatin1Char('/') + name;
    if (auto it = graphs_.find(key); it != graphs_.end()) return *it;
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(QPen(color, 2, dashed ? Qt::DashLine : Qt::SolidLine));
    if (dots) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    plot->legend->setVisible(true);
    graphs_.insert(key, g);
    return g;
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

void LivePlots::setRunTitle(const QString& title) {
    title_->setText(title);
}

QString LivePlots::runTitle() const {
    return title_->text();
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
    bool scalars = false;
    for (const auto& [name, value] : e.scalars) {
        if (name == "fusion_weight")
            series(fusion_, tr("Booster's weight"), QColor(0, 114, 178), false, false)
                ->addData(x, value);
        else if (name == "gate_rate")
            series(fusion_, tr("gate rate (Lite)"), QColor(204, 121, 167), false, false)
                ->addData(x, value);
        else
            continue;
        scalars = true;
    }
    if (scalars) {
        if (noFusion_) {
            fusion_->removeItem(noFusion_);
            noFusion_ = nullptr;
        }
        fusion_->xAxis->setRange(0, std::max<double>(1.0, x));
        fusion_->scheduleReplot();
    }
}

void LivePlots::addTaskStart(const pf::training::TaskStartEvent& e) {
    if (e.task == 0) return;
    const qint64 firstStep = nextStep_;
    // A dashed line where each new task begins.
    for (PlotWidget* plot : {loss_, fusion_}) {
        auto* line = new QCPItemStraightLine(plot);
        line->point1->setCoords(static_cast<double>(firstStep), 0);
        line->point2->setCoords(static_cast<double>(firstStep), 1);
        line->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    }
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

    const double x = e.afterTask + 1;
    auto add = [&](PlotWidget* plot, const QString& name, const QColor& color, double value,
                   bool dashed = false) {
        if (std::isfinite(value)) series(plot, name, color, dashed, true)->addData(x, value);
    };
    add(stability_, tr("stability (old tasks)"), QColor(0, 158, 115), e.summary.stability);
    add(stability_, tr("plasticity (newest task)"), QColor(213, 94, 0), e.summary.plasticity);
    add(stability_, tr("average accuracy"), palette().color(QPalette::Text),
        e.summary.averageAccuracy, true);
    // The method's parts: the fused prediction, the Stabilizer alone, the Booster alone (or the
    // single model of other methods), on old and on new classes.
    static const std::pair<const char*, QColor> parts[] = {
        {"fused", QColor(0, 114, 178)},
        {"stabilizer", QColor(0, 158, 115)},
        {"booster", QColor(230, 159, 0)},
        {"model", QColor(0, 114, 178)},
    };
    for (const auto& [name, value] : e.figures) {
        for (const auto& [part, color] : parts) {
            const std::string prefix(part);
            if (name == prefix + "_old_acc")
                add(oldParts_, QString::fromLatin1(part), color, value);
            else if (name == prefix + "_new_acc")
                add(newParts_, QString::fromLatin1(part), color, value);
        }
        if (name == "booster_usage")
            add(newParts_, tr("Booster usage (Lite)"), QColor(204, 121, 167), value, true);
    }
    for (PlotWidget* p : {stability_, oldParts_, newParts_})
        p->scheduleReplot();
}

}  // namespace pf::ui
