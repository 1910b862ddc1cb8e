#pragma once

#include <utility>
#include <vector>

#include <QWidget>

class QComboBox;
class QLabel;

namespace pf::ui {

class PlotWidget;

/// The prompt-selection histogram of L2P, DualPrompt and CODA-Prompt as a heat map: row = task
/// tested, column = prompt (or task entry), colour and number = the share of that task's test
/// images that chose it. One per evaluation; a box picks which ("after task N", the latest by
/// default). Hidden while the run has none.
class PromptUseView : public QWidget {
    Q_OBJECT
public:
    explicit PromptUseView(QWidget* parent = nullptr);

    /// Forgets every histogram and hides the view.
    void clear();
    /// The figures of the evaluation after task `afterTask` (0-based); a no-op when they hold
    /// no prompt-use figures. Shows the newest unless the user picked an earlier one.
    void addEvaluation(int afterTask, const std::vector<std::pair<std::string, double>>& figures);

    /// Evaluations held, and the one shown (index into them; -1 = none).
    int evaluations() const { return static_cast<int>(histograms_.size()); }
    int shown() const { return shown_; }
    PlotWidget* plot() const { return plot_; }

private:
    void showHistogram(int index);

    QComboBox* after_ = nullptr;
    QLabel* caption_ = nullptr;
    PlotWidget* plot_ = nullptr;
    std::vector<std::pair<int, std::vector<std::vector<double>>>> histograms_;
    int shown_ = -1;
    bool followLatest_ = true;
};

}  // namespace pf::ui
