#include "compare_view.h"

#include <cmath>
#include <map>
#include <set>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "plot_widget.h"
#include "run/run_store.h"

namespace pf::ui {
namespace {

PlotWidget* makePlot(QWidget* parent, const QString& name, const QString& x, const QString& y) {
    auto* p = new PlotWidget(parent);
    p->setObjectName(name);
    p->xAxis->setLabel(x);
    p->yAxis->setLabel(y);
    p->legend->setVisible(false);
    QFont small = p->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p->legend->setFont(small);
    p->xAxis->ticker()->setTickCount(4);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    p->setMinimumHeight(180);
    return p;
}

QString cellText(const nlohmann::json& v) {
    if (v.is_null()) return QStringLiteral("-");
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump());
}

QString percent(double v) {
    return std::isfinite(v) ? QString::number(100.0 * v, 'f', 1) : QStringLiteral("-");
}

}  // namespace

CompareView::CompareView(const QString& databasePath, QWidget* parent)
    : QWidget(parent), databasePath_(databasePath) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(tr("Select two or more runs in the History and press Compare."), this);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* plots = new QWidget(split);
    auto* row = new QHBoxLayout(plots);
    row->setContentsMargins(0, 0, 0, 0);
    accuracy_ = makePlot(plots, QStringLiteral("compareAccuracy"), tr("tasks learned"),
                         tr("average accuracy"));
    forgetting_ =
        makePlot(plots, QStringLiteral("compareForgetting"), tr("tasks learned"), tr("forgetting"));
    fusion_ = makePlot(plots, QStringLiteral("compareFusion"), tr("step"),
                       tr("fusion weight (the Booster's)"));
    row->addWidget(accuracy_);
    row->addWidget(forgetting_);
    row->addWidget(fusion_);
    table_ = new QTableWidget(split);
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->addWidget(plots);
    split->addWidget(table_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
}

void CompareView::setRuns(const QList<qint64>& ids) {
    ids_ = ids;
    for (PlotWidget* p : {accuracy_, forgetting_, fusion_})
        p->clearGraphs();
    table_->clear();
    std::vector<storage::RunRecord> records;
    std::vector<nlohmann::json> configs;
    int maxTasks = 1;
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (int k = 0; k < ids.size(); ++k) {
            auto record = store.run(ids[k]);
            if (!record) throw std::runtime_error("run " + std::to_string(ids[k]) + " is gone");
            const QString label = QStringLiteral("#%1 %2")
                                      .arg(record->id)
                                      .arg(QString::fromStdString(record->method));
            const QPen pen(seriesColor(k), 2);
            std::map<std::string, std::vector<double>> figures;
            for (auto& [name, values] : store.taskMetrics(ids[k]))
                figures[name] = values;
            auto plotFigure = [&](PlotWidget* plot, const char* name) {
                QCPGraph* g = plot->addGraph();
                g->setName(label);
                g->setPen(pen);
                g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
                const auto& values = figures[name];
                for (std::size_t t = 0; t < values.size(); ++t)
                    if (std::isfinite(values[t])) g->addData(static_cast<double>(t + 1), values[t]);
                maxTasks = std::max(maxTasks, static_cast<int>(values.size()));
            };
            plotFigure(accuracy_, "avg_acc");
            plotFigure(forgetting_, "forgetting");
            const auto fusion = store.stepSeries(ids[k], "fusion_weight");
            if (!fusion.empty()) {
                QCPGraph* g = fusion_->addGraph();
                g->setName(label);
                g->setPen(pen);
                for (const storage::StepPoint& p : fusion)
                    g->addData(static_cast<double>(p.step), p.value);
            }
            configs.push_back(nlohmann::json::parse(record->config, nullptr, false));
            records.push_back(std::move(*record));
        }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Compare runs"), QString::fromStdString(e.what()));
    }
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    for (PlotWidget* p : {accuracy_, forgetting_}) {
        p->xAxis->setTicker(ticker);
        p->xAxis->setRange(0.8, maxTasks + 0.2);
    }
    accuracy_->yAxis->setRange(0, 1.02);
    forgetting_->yAxis->setRange(0, 1.02);
    fusion_->rescaleAxes();
    fusion_->yAxis->setRange(0, 1.02);
    // One legend says which colour is which run; the other plots use the same colours.
    accuracy_->legend->setVisible(accuracy_->graphCount() > 0);
    fusion_->legend->setVisible(fusion_->graphCount() > 0);
    for (PlotWidget* p : {accuracy_, forgetting_, fusion_})
        p->scheduleReplot();

    // The table: final metrics, then every config key; differing keys highlighted.
    const int n = static_cast<int>(records.size());
    title_->setText(n >= 2 ? tr("%n runs compared; differing settings are highlighted", nullptr, n)
                           : tr("Select two or more runs in the History and press Compare."));
    std::vector<std::pair<QString, std::vector<QString>>> rows;
    auto metricRow = [&](const QString& name, auto get) {
        std::vector<QString> cells;
        for (const storage::RunRecord& r : records)
            cells.push_back(get(r));
        rows.emplace_back(name, cells);
    };
    metricRow(tr("status"),
              [](const storage::RunRecord& r) { return QString::fromStdString(r.status); });
    metricRow(tr("final average accuracy %"),
              [](const storage::RunRecord& r) { return percent(r.finalAverageAccuracy); });
    metricRow(tr("final forgetting %"),
              [](const storage::RunRecord& r) { return percent(r.finalForgetting); });
    metricRow(tr("seconds"), [](const storage::RunRecord& r) {
        return std::isfinite(r.seconds) ? QString::number(r.seconds, 'f', 0) : QStringLiteral("-");
    });
    const int metricRows = static_cast<int>(rows.size());
    std::set<std::string> keys;
    for (const nlohmann::json& c : configs)
        if (c.is_object())
            for (auto it = c.begin(); it != c.end(); ++it)
                keys.insert(it.key());
    // Config keys: the ones every run has but with different values first (what changed
    // between the runs), then the ones only some methods have, then the identical ones.
    std::vector<std::pair<QString, std::vector<QString>>> partial, same;
    std::set<QString> differing, methodOnly;
    for (const std::string& key : keys) {
        std::vector<QString> cells;
        bool missing = false;
        for (const nlohmann::json& c : configs) {
            const bool has = c.is_object() && c.contains(key);
            missing = missing || !has;
            cells.push_back(has ? cellText(c[key]) : QStringLiteral("-"));
        }
        const bool differs = std::any_of(cells.begin(), cells.end(),
                                         [&](const QString& c) { return c != cells[0]; });
        const QString name = QString::fromStdString(key);
        if (missing) {
            methodOnly.insert(name);
            partial.emplace_back(name, cells);
        } else if (differs) {
            differing.insert(name);
            rows.emplace_back(name, cells);
        } else {
            same.emplace_back(name, cells);
        }
    }
    rows.insert(rows.end(), partial.begin(), partial.end());
    rows.insert(rows.end(), same.begin(), same.end());
    table_->setColumnCount(n);
    table_->setRowCount(static_cast<int>(rows.size()));
    QStringList headers;
    for (const storage::RunRecord& r : records)
        headers << QStringLiteral("#%1 %2").arg(r.id).arg(QString::fromStdString(r.name));
    table_->setHorizontalHeaderLabels(headers);
    QStringList rowNames;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        rowNames << rows[static_cast<std::size_t>(i)].first;
        const auto& cells = rows[static_cast<std::size_t>(i)].second;
        const QString& name = rows[static_cast<std::size_t>(i)].first;
        const bool differs = i >= metricRows && differing.count(name) > 0;
        const bool partOnly = i >= metricRows && methodOnly.count(name) > 0;
        for (int k = 0; k < n; ++k) {
            auto* item = new QTableWidgetItem(cells[static_cast<std::size_t>(k)]);
            if (partOnly) {
                // A key of some methods only (e.g. PromptFusion's prompt lengths).
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
                item->setForeground(QColor(110, 110, 110));
            }
            if (differs) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
                item->setBackground(QColor(255, 220, 120, 110));
                item->setData(Qt::UserRole, true);
            }
            table_->setItem(i, k, item);
        }
    }
    table_->setVerticalHeaderLabels(rowNames);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

}  // namespace pf::ui
