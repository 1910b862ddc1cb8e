#include "matrix_view.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>

#include "plot_widget.h"
#include "prompt_use_view.h"
#include "run/run_export.h"

namespace pf::ui {

MatrixView::MatrixView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    plot_ = new PlotWidget(splitter);
    plot_->setObjectName(QStringLiteral("matrixPlot"));
    plot_->setInteractions(QCP::Interactions());
    promptUse_ = new PromptUseView(splitter);
    splitter->addWidget(plot_);
    splitter->addWidget(promptUse_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    auto* exportButton = new QPushButton(tr("E&xport table..."), this);
    exportButton->setObjectName(QStringLiteral("exportTaskTable"));
    exportButton->setToolTip(
        tr("Save the accuracy of every task after each task, with the "
           "average accuracy, forgetting, stability and plasticity, as CSV"));
    row->addWidget(exportButton);
    layout->addLayout(row);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        if (matrix_.tasks() == 0) return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export table"), QStringLiteral("tasks.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportTable(path);
    });
    setMatrix(metrics::AccuracyMatrix());
}

bool MatrixView::exportTable(const QString& path) {
    const std::string text = storage::taskTableCsv(matrix_);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size()) ||
        !file.commit()) {
        Q_EMIT error(tr("Export table"),
                     tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

void MatrixView::setMatrix(const metrics::AccuracyMatrix& m) {
    matrix_ = m;
    plot_->clearPlottables();
    plot_->clearItems();
    for (int i = plot_->plotLayout()->elementCount() - 1; i > 0; --i)
        plot_->plotLayout()->removeAt(i);
    plot_->plotLayout()->simplify();
    const int n = m.tasks();
    plot_->xAxis->setLabel(tr("after learning task"));
    plot_->yAxis->setLabel(tr("task tested"));
    plot_->yAxis->setRangeReversed(true);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    plot_->xAxis->setTicker(ticker);
    plot_->yAxis->setTicker(ticker);
    if (n == 0) {
        plot_->xAxis->setRange(0.5, 1.5);
        plot_->yAxis->setRange(0.5, 1.5);
        plot_->scheduleReplot();
        return;
    }
    auto* map = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map->data()->setSize(n, n);
    map->data()->setRange(QCPRange(1, n), QCPRange(1, n));
    for (int t = 0; t < n; ++t)
        for (int i = 0; i < n; ++i)
            map->data()->setCell(t, i, i <= t && m.has(i, t) ? m.at(i, t) : std::nan(""));
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(tr("accuracy"));
    map->setColorScale(scale);
    QCPColorGradient gradient(QCPColorGradient::gpThermal);
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    map->setGradient(gradient);
    map->setInterpolate(false);
    map->setDataRange(QCPRange(0, 1));
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    for (int t = 0; t < n; ++t) {
        for (int i = 0; i <= t; ++i) {
            if (!m.has(i, t)) continue;
            auto* text = new QCPItemText(plot_);
            text->position->setCoords(t + 1, i + 1);
            text->setText(QString::number(m.at(i, t), 'f', 3));
            text->setColor(m.at(i, t) > 0.55 ? Qt::black : Qt::white);
        }
    }
    plot_->xAxis->setRange(0.5, n + 0.5);
    plot_->yAxis->setRange(0.5, n + 0.5);
    plot_->scheduleReplot();
}

}  // namespace pf::ui
