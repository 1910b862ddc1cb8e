#pragma once

#include <QStringList>
#include <QWidget>

#include "run_events.h"

namespace pf::ui {

class PlotWidget;

/// The live view of a run: training loss per step (with optional smoothing) and each task's
/// accuracy after every task learned, one line per task, so forgetting shows as a falling line.
/// Fed with the trainer's events; replots are coalesced.
class LivePlots : public QWidget {
    Q_OBJECT
public:
    explicit LivePlots(QWidget* parent = nullptr);

    /// Clears both plots for a run of `tasks` tasks whose class names are `taskLabels`.
    void reset(int tasks, const QStringList& taskLabels);
    void addStep(const pf::training::StepEvent& event);
    /// Marks where a new task begins on the loss curve (at the next step to come).
    void addTaskStart(const pf::training::TaskStartEvent& event);
    void addEvaluation(const pf::training::EvaluationEvent& event);
    /// Exponential smoothing of the loss curve, 0 (raw) to 0.99.
    void setSmoothing(double factor);

    PlotWidget* lossPlot() const { return loss_; }
    PlotWidget* accuracyPlot() const { return accuracy_; }

private:
    PlotWidget* loss_ = nullptr;
    PlotWidget* accuracy_ = nullptr;
    double smoothing_ = 0.6;
    double smoothed_ = 0.0;
    bool haveSmoothed_ = false;
    int tasks_ = 0;
    qint64 nextStep_ = 0;
};

}  // namespace pf::ui
