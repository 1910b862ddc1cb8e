#include "live_plots.h"

#include <algorithm>
#include <cmath>

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include "plot_deck.h"
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
    title_->setWordWrap(true);  // a comparison's long title wraps rather than widens the window
    title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    controls->addWidget(title_, 1);
    controls->addSpacing(24);
    smoothingLabel_ = new QLabel(tr("Loss smoothing"), this);
    controls->addWidget(smoothingLabel_);
    auto* slider = new QSlider(Qt::Horizontal, this);
    smoothingSlider_ = slider;
    slider->setObjectName(QStringLiteral("lossSmoothing"));
    slider->setRange(0, 99);
    slider->setValue(static_cast<int>(smoothing_ * 100));
    slider->setMaximumWidth(200);
    controls->addWidget(slider);
    layout->addLayout(controls);
    connect(slider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });

    deck_ = new PlotDeck(3, this);
    deck_->setObjectName(QStringLiteral("liveDeck"));
    layout->addWidget(deck_, 1);
    loss_ = new PlotWidget(this);
    loss_->setObjectName(QStringLiteral("lossPlot"));
    loss_->xAxis->setLabel(tr("step"));
    loss_->yAxis->setLabel(tr("training loss"));
    lossRaw_ = loss_->addGraph();
    lossRaw_->setName(tr("loss"));
    lossRaw_->setPen(QPen(QColor(0, 114, 178, 70)));
    lossSmoothed_ = loss_->addGraph();
    lossSmoothed_->setName(tr("loss (smoothed)"));
    lossSmoothed_->setPen(QPen(QColor(0, 114, 178), 2));
    // The learning rate on the right axis: a schedule, or a rate changed during the run.
    loss_->yAxis2->setVisible(true);
    loss_->yAxis2->setLabel(tr("learning rate"));
    lr_ = loss_->addGraph(loss_->xAxis, loss_->yAxis2);
    lr_->setName(tr("learning rate"));
    lr_->setPen(QPen(QColor(213, 94, 0), 1.5, Qt::DashLine));
    loss_->legend->setVisible(true);

    accuracy_ = new PlotWidget(this);
    accuracy_->setObjectName(QStringLiteral("accuracyPlot"));
    accuracy_->xAxis->setLabel(tr("tasks learned"));
    accuracy_->yAxis->setLabel(tr("test accuracy"));
    accuracy_->setUnitRange();
    accuracy_->legend->setVisible(true);

    auto unitPlot = [this](const QString& name, const QString& x, const QString& y) {
        auto* p = new PlotWidget(this);
        p->setObjectName(name);
        p->xAxis->setLabel(x);
        p->yAxis->setLabel(y);
        p->setUnitRange();
        p->legend->setVisible(true);
        return p;
    };
    fusion_ = unitPlot(QStringLiteral("fusionPlot"), tr("step"), tr("fusion weight"));
    stability_ = unitPlot(QStringLiteral("stabilityPlot"), tr("tasks learned"),
                          tr("stability / plasticity"));
    oldParts_ =
        unitPlot(QStringLiteral("oldPartsPlot"), tr("tasks learned"), tr("accuracy on old tasks"));
    newParts_ = unitPlot(QStringLiteral("newPartsPlot"), tr("tasks learned"),
                         tr("accuracy on the newest task"));
    // Captions in plain words, for a room that has not read the paper.
    deck_->addPlot(loss_, tr("Loss"),
                   tr("How wrong the model is on the images it trains on: lower is better. A "
                      "grey dashed line marks where a new task begins; the orange dashed line "
                      "is the learning rate (right axis)."));
    deck_->addPlot(accuracy_, tr("Tasks"),
                   tr("One line per task: how well it is still recognised after each new task. "
                      "A line that falls is forgetting."));
    deck_->addPlot(fusion_, tr("Fusion"),
                   tr("How much PromptFusion trusts the Booster, which learns new classes, over "
                      "the Stabilizer, which keeps old ones."));
    deck_->addPlot(stability_, tr("Stability"),
                   tr("Stability: accuracy kept on earlier tasks. Plasticity: accuracy on the "
                      "task just learned. A good learner keeps both high."));
    deck_->addPlot(oldParts_, tr("Old tasks"),
                   tr("Accuracy on the earlier tasks' classes: the fused prediction and each "
                      "part of it alone."));
    deck_->addPlot(newParts_, tr("Newest task"),
                   tr("Accuracy on the newest task's classes: the fused prediction and each part "
                      "of it alone."));
    reset(0, {});
}

void LivePlots::setPresentation(bool on) {
    // The room sees the plot, its caption and whose it is; the smoothing stays as it was set.
    smoothingLabel_->setVisible(!on);
    smoothingSlider_->setVisible(!on);
    deck_->setCaptionsVisible(on);
    deck_->setSingle(on);
    if (on) deck_->setEnlarged(accuracy_);  // the forgetting story first
}

void LivePlots::clear() {
    for (QCPGraph* g : faded_)
        g->parentPlot()->removeGraph(g);
    faded_.clear();
    fadedRuns_.clear();
    reset(0, {});
}

int LivePlots::fadedGraphCount(const PlotWidget* plot) const {
    return static_cast<int>(std::count_if(faded_.begin(), faded_.end(),
                                          [plot](QCPGraph* g) { return g->parentPlot() == plot; }));
}

void LivePlots::fadeRun(const QString& who) {
    // The smoothed loss stays; the raw loss is noise under the next run's.
    auto fade = [this, &who](QCPGraph* g, bool named) {
        QPen pen = g->pen();
        QColor c = pen.color();
        c.setAlpha(90);
        pen.setColor(c);
        pen.setStyle(Qt::DotLine);
        pen.setWidthF(1.5);
        g->setPen(pen);
        QCPScatterStyle dots = g->scatterStyle();
        if (!dots.isNone()) {
            dots.setPen(pen);
            dots.setSize(4);
            g->setScatterStyle(dots);
        }
        // One legend entry per plot names the faded run; its other lines are unnamed.
        if (named)
            g->setName(tr("%1 (dotted)").arg(who));
        else
            g->removeFromLegend();
        faded_ << g;
    };
    QCPGraph* loss = loss_->addGraph();
    loss->setPen(lossSmoothed_->pen());
    loss->data()->set(*lossSmoothed_->data());
    fade(loss, true);
    bool named = true;
    for (QCPGraph* g : std::as_const(taskGraphs_)) {
        fade(g, named);
        named = false;
    }
    taskGraphs_.clear();
    for (PlotWidget* plot : {fusion_, stability_, oldParts_, newParts_}) {
        named = true;
        for (auto it = graphs_.begin(); it != graphs_.end(); ++it)
            if (it.value()->parentPlot() == plot) {
                fade(it.value(), named);
                named = false;
            }
    }
    graphs_.clear();
    fadedRuns_ << who;
    for (PlotWidget* p : {loss_, accuracy_, fusion_, stability_, oldParts_, newParts_})
        p->scheduleReplot();
}

void LivePlots::reset(int tasks, const QStringList& taskLabels) {
    tasks_ = tasks;
    nextStep_ = 0;
    haveSmoothed_ = false;
    lossRaw_->data()->clear();
    lossSmoothed_->data()->clear();
    lr_->data()->clear();
    loss_->clearItems();
    loss_->xAxis->setRange(0, 1);
    // The running run's graphs go; earlier runs' faded ones stay.
    for (QCPGraph* g : std::as_const(taskGraphs_))
        accuracy_->removeGraph(g);
    taskGraphs_.clear();
    accuracy_->setTaskAxis(tasks);
    for (int i = 0; i < tasks; ++i) {
        QCPGraph* g = accuracy_->addGraph();
        const QString label = i < taskLabels.size() ? taskLabels.at(i) : QString();
        g->setName(label.isEmpty() ? tr("task %1").arg(i + 1)
                                   : tr("task %1: %2").arg(i + 1).arg(label));
        g->setPen(QPen(seriesColor(i), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
        taskGraphs_ << g;
    }
    accuracy_->legend->setVisible(tasks > 0 || !faded_.isEmpty());
    for (QCPGraph* g : std::as_const(graphs_))
        g->parentPlot()->removeGraph(g);
    graphs_.clear();
    for (PlotWidget* p : {fusion_, stability_, oldParts_, newParts_}) {
        p->clearItems();
        p->legend->setVisible(fadedGraphCount(p) > 0);
    }
    fusion_->xAxis->setRange(0, 1);
    // Until a fusion weight arrives, the plot says why it may stay empty (unless an earlier
    // run's weight is on it, faded).
    noFusion_ = nullptr;
    if (fadedGraphCount(fusion_) == 0) noFusion_ = new QCPItemText(fusion_);
    if (noFusion_) {
        noFusion_->position->setType(QCPItemPosition::ptAxisRectRatio);
        noFusion_->position->setCoords(0.5, 0.5);
        noFusion_->setText(tr("PromptFusion's weight of the Booster\n(other methods have none)"));
        noFusion_->setColor(Qt::gray);
    }
    for (PlotWidget* p : {stability_, oldParts_, newParts_})
        p->setTaskAxis(tasks);
    if (!faded_.isEmpty()) {
        // Room for the faded runs' steps and tasks too.
        loss_->fitToData();
        fusion_->fitToData();
        fusion_->setUnitRange();
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
    lossSmoothed_->data()->clear();
    haveSmoothed_ = false;
    for (auto it = lossRaw_->data()->constBegin(); it != lossRaw_->data()->constEnd(); ++it) {
        smoothed_ =
            haveSmoothed_ ? smoothing_ * smoothed_ + (1 - smoothing_) * it->value : it->value;
        haveSmoothed_ = true;
        lossSmoothed_->addData(it->key, smoothed_);
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
    lossRaw_->addData(x, e.loss);
    if (e.lr > 0) lr_->addData(x, e.lr);
    smoothed_ = haveSmoothed_ ? smoothing_ * smoothed_ + (1 - smoothing_) * e.loss : e.loss;
    haveSmoothed_ = true;
    lossSmoothed_->addData(x, smoothed_);
    loss_->fitToData();
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
        fusion_->fitToData();  // the steps so far, and an earlier run's (faded)
        fusion_->setUnitRange();
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
    for (int i = 0; i < static_cast<int>(e.accuracies.size()) && i < taskGraphs_.size(); ++i)
        taskGraphs_[i]->addData(e.afterTask + 1, e.accuracies[static_cast<std::size_t>(i)]);
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
    struct Part {
        const char* key;
        const char* label;
        QColor color;
    };
    static const Part parts[] = {
        {"fused", QT_TR_NOOP("fused"), QColor(0, 114, 178)},
        {"stabilizer", QT_TR_NOOP("Stabilizer"), QColor(0, 158, 115)},
        {"booster", QT_TR_NOOP("Booster"), QColor(230, 159, 0)},
        {"model", QT_TR_NOOP("model"), QColor(0, 114, 178)},
    };
    for (const auto& [name, value] : e.figures) {
        for (const Part& part : parts) {
            const std::string prefix(part.key);
            if (name == prefix + "_old_acc")
                add(oldParts_, tr(part.label), part.color, value);
            else if (name == prefix + "_new_acc")
                add(newParts_, tr(part.label), part.color, value);
        }
        if (name == "booster_usage")
            add(newParts_, tr("Booster usage (Lite)"), QColor(204, 121, 167), value, true);
    }
    for (PlotWidget* p : {stability_, oldParts_, newParts_})
        p->scheduleReplot();
}

}  // namespace pf::ui
