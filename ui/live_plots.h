#pragma once

#include <QColor>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QWidget>

#include "run_events.h"

class QCPGraph;
class QCPItemText;
class QLabel;

namespace pf::ui {

class PlotDeck;
class PlotWidget;

/// The live view of a run: training loss per step (with optional smoothing) and each task's
/// accuracy after every task learned, one line per task, so forgetting shows as a falling line.
/// Fed with the trainer's events; replots are coalesced. During a comparison, the earlier runs'
/// curves stay on the plots, faded and dotted, while the next run trains over them.
class LivePlots : public QWidget {
    Q_OBJECT
public:
    explicit LivePlots(QWidget* parent = nullptr);

    /// Clears the plots for a run of `tasks` tasks whose class names are `taskLabels`; faded
    /// curves of earlier runs (fadeRun) stay.
    void reset(int tasks, const QStringList& taskLabels);
    /// Clears everything, faded curves included (a new Start, an opened run).
    void clear();
    /// Keeps the current run's curves, faded and dotted, under one legend entry per plot that
    /// names it (`who`), for the next run of a comparison to train over.
    void fadeRun(const QString& who);
    /// Names of the runs faded on the plots, oldest first.
    QStringList fadedRuns() const { return fadedRuns_; }
    /// Graphs of earlier runs on `plot`.
    int fadedGraphCount(const PlotWidget* plot) const;
    void addStep(const pf::training::StepEvent& event);
    /// Marks where a new task begins on the loss curve (at the next step to come).
    void addTaskStart(const pf::training::TaskStartEvent& event);
    void addEvaluation(const pf::training::EvaluationEvent& event);
    /// Exponential smoothing of the loss curve, 0 (raw) to 0.99.
    void setSmoothing(double factor);
    /// The line above the plots that says whose curves these are (run, method).
    void setRunTitle(const QString& title);
    QString runTitle() const;
    /// Presentation: one plot at a time filling the view, captions in plain words, buttons (and
    /// Page Up / Page Down) to move between the plots; starts on the per-task accuracy.
    void setPresentation(bool on);
    PlotDeck* deck() const { return deck_; }
    /// Whether the fusion plot says its method reports no fusion weight (no series yet).
    bool saysNoFusionWeight() const { return noFusion_ != nullptr; }

    PlotWidget* lossPlot() const { return loss_; }
    /// The learning rate of each step, on the loss plot's right axis.
    QCPGraph* learningRateGraph() const { return lr_; }
    PlotWidget* accuracyPlot() const { return accuracy_; }
    /// sigmoid(lambda) per optimizer step (PromptFusion), Lite's gate rate, task boundaries.
    PlotWidget* fusionPlot() const { return fusion_; }
    /// Stability (old tasks) and plasticity (newest task) after each task.
    PlotWidget* stabilityPlot() const { return stability_; }
    /// Accuracy on old tasks and on the newest task (class-il: old and new classes; domain-il:
    /// old and new domains), per part (fused, Stabilizer, Booster, or the single model).
    PlotWidget* oldPartsPlot() const { return oldParts_; }
    PlotWidget* newPartsPlot() const { return newParts_; }

private:
    /// The graph `name` of `plot`, made on first use with the given pen.
    QCPGraph* series(PlotWidget* plot, const QString& name, const QColor& color, bool dashed,
                     bool dots);

    PlotDeck* deck_ = nullptr;
    PlotWidget* loss_ = nullptr;
    QCPGraph* lossRaw_ = nullptr;
    QCPGraph* lossSmoothed_ = nullptr;
    QCPGraph* lr_ = nullptr;       ///< learning rate per step, on the loss plot's right axis
    QList<QCPGraph*> taskGraphs_;  ///< the running run's per-task accuracy lines
    QList<QCPGraph*> faded_;       ///< earlier runs' graphs, on any plot
    QStringList fadedRuns_;
    PlotWidget* accuracy_ = nullptr;
    PlotWidget* fusion_ = nullptr;
    PlotWidget* stability_ = nullptr;
    PlotWidget* oldParts_ = nullptr;
    PlotWidget* newParts_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* smoothingLabel_ = nullptr;
    QWidget* smoothingSlider_ = nullptr;
    QCPItemText* noFusion_ = nullptr;  ///< the fusion plot's note while it has no series
    /// Graphs made on first use, by plot and series name.
    QHash<QString, QCPGraph*> graphs_;
    double smoothing_ = 0.6;
    double smoothed_ = 0.0;
    bool haveSmoothed_ = false;
    int tasks_ = 0;
    qint64 nextStep_ = 0;
};

}  // namespace pf::ui
