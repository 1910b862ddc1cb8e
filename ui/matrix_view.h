#pragma once

#include <QWidget>

#include "metrics/accuracy_matrix.h"

namespace pf::ui {

class PlotWidget;
class PromptUseView;

/// The accuracy matrix as a heat map (QCPColorMap with a colour scale) with the numbers in the
/// cells: row = task tested, column = after learning task. Below it, for the prompt-pool
/// methods, the prompt-selection histogram (hidden otherwise).
class MatrixView : public QWidget {
    Q_OBJECT
public:
    explicit MatrixView(QWidget* parent = nullptr);

    void setMatrix(const pf::metrics::AccuracyMatrix& matrix);
    const pf::metrics::AccuracyMatrix& matrix() const { return matrix_; }
    PlotWidget* plot() const { return plot_; }
    PromptUseView* promptUse() const { return promptUse_; }
    /// Writes the per-task table (storage::taskTableCsv) of the matrix shown; false, with the
    /// reason in error(), when it cannot be written.
    bool exportTable(const QString& path);

Q_SIGNALS:
    void error(const QString& title, const QString& message);

private:
    PlotWidget* plot_ = nullptr;
    PromptUseView* promptUse_ = nullptr;
    pf::metrics::AccuracyMatrix matrix_;
};

}  // namespace pf::ui
