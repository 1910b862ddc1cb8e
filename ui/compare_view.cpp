#include "compare_view.h"

#include <cmath>
#include <map>
#include <set>

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "labels.h"
#include "plot_deck.h"
#include "plot_widget.h"
#include "run/run_store.h"
#include "run/seed_groups.h"

namespace pf::ui {
namespace {

PlotWidget* makePlot(QWidget* parent, const QString& name, const QString& x, const QString& y) {
    auto* p = new PlotWidget(parent);
    p->setObjectName(name);
    p->xAxis->setLabel(x);
    p->yAxis->setLabel(y);
    p->legend->setVisible(false);
    p->xAxis->ticker()->setTickCount(4);
    p->setMinimumHeight(120);
    return p;
}

QString cellText(const nlohmann::json& v) {
    if (v.is_null()) return QStringLiteral("-");
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump());
}

}  // namespace

void CompareView::addMeanAndBand(PlotWidget* plot, const QString& name, const QColor& color,
                                 const QVector<double>& keys, const QVector<double>& means,
                                 const QVector<double>& lows, const QVector<double>& highs,
                                 const QVector<double>* errors, bool dots) {
    // The band first, so that the line is drawn over it.
    if (lows != highs) {
        QColor fill = color;
        fill.setAlpha(50);
        QCPGraph* high = plot->addGraph();
        high->setPen(Qt::NoPen);
        high->setData(keys, highs, true);
        high->removeFromLegend();
        QCPGraph* low = plot->addGraph();
        low->setPen(Qt::NoPen);
        low->setData(keys, lows, true);
        low->setBrush(fill);
        low->setChannelFillGraph(high);
        low->removeFromLegend();
    }
    QCPGraph* mean = plot->addGraph();
    mean->setName(name);
    mean->setPen(QPen(color, 2));
    if (dots) mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    mean->setData(keys, means, true);
    if (errors) {
        auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->setObjectName(QStringLiteral("errorBars"));
        bars->removeFromLegend();
        bars->setDataPlottable(mean);
        bars->setData(*errors);
        bars->setPen(QPen(color, 1.5));
    }
}

CompareView::CompareView(const QString& databasePath, QWidget* parent)
    : QWidget(parent), databasePath_(databasePath) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    title_ = new QLabel(tr("Select two or more runs in the History and press Compare."), this);
    title_->setWordWrap(true);
    top->addWidget(title_, 1);
    meanOverSeeds_ = new QCheckBox(tr("&Mean over seeds"), this);
    meanOverSeeds_->setObjectName(QStringLiteral("meanOverSeeds"));
    meanOverSeeds_->setToolTip(
        tr("Runs that differ only in seed as one line and one column: "
           "their mean, with one standard deviation"));
    meanOverSeeds_->setChecked(true);
    meanOverSeeds_->hide();
    top->addWidget(meanOverSeeds_);
    auto* exportButton = new QPushButton(tr("E&xport table..."), this);
    exportButton->setObjectName(QStringLiteral("exportCompareTable"));
    exportButton->setToolTip(tr("Save the table as CSV, standard deviations included"));
    top->addWidget(exportButton);
    layout->addLayout(top);
    connect(meanOverSeeds_, &QCheckBox::toggled, this, [this] { setRuns(ids_); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        if (columns_.empty()) return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export table"), QStringLiteral("comparison.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportTable(path);
    });
    auto* split = new QSplitter(Qt::Vertical, this);
    deck_ = new PlotDeck(3, split);
    deck_->setObjectName(QStringLiteral("compareDeck"));
    accuracy_ = makePlot(deck_, QStringLiteral("compareAccuracy"), tr("tasks learned"),
                         tr("average accuracy"));
    forgetting_ =
        makePlot(deck_, QStringLiteral("compareForgetting"), tr("tasks learned"), tr("forgetting"));
    fusion_ = makePlot(deck_, QStringLiteral("compareFusion"), tr("step"),
                       tr("fusion weight (the Booster's)"));
    deck_->addPlot(accuracy_, tr("Accuracy"),
                   tr("Average accuracy over the tasks learned so far, one line per run."));
    deck_->addPlot(forgetting_, tr("Forgetting"),
                   tr("How much of what the earlier tasks reached is lost, one line per run: "
                      "lower is better."));
    deck_->addPlot(fusion_, tr("Fusion"),
                   tr("The Booster's weight in each PromptFusion run (other methods have none)."));
    table_ = new QTableWidget(split);
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->addWidget(deck_);
    split->addWidget(table_);
    // As much room for the table as for the plots: its rows are what differs between runs.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
}

void CompareView::setDatabasePath(const QString& path) {
    databasePath_ = path;
    setRuns({});
}

void CompareView::setPresentation(bool on) {
    deck_->setCaptionsVisible(on);
    deck_->setSingle(on);
}

void CompareView::setRuns(const QList<qint64>& ids) {
    ids_ = ids;
    for (PlotWidget* p : {accuracy_, forgetting_, fusion_}) {
        p->clearGraphs();
        p->clearPlottables();  // error bars too
    }
    table_->clear();
    // Everything of each run first; then runs that differ only in seed become one column and
    // one line (their mean, with a band of one standard deviation).
    struct Loaded {
        storage::RunRecord record;
        nlohmann::json config;
        std::map<std::string, std::vector<double>> figures;
        std::vector<storage::StepPoint> fusion;
    };
    std::vector<Loaded> runs;
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : ids) {
            auto record = store.run(id);
            if (!record) throw std::runtime_error("run " + std::to_string(id) + " is gone");
            Loaded run;
            for (auto& [name, values] : store.taskMetrics(id))
                run.figures[name] = values;
            run.fusion = store.stepSeries(id, "fusion_weight");
            run.config = nlohmann::json::parse(record->config, nullptr, false);
            run.record = std::move(*record);
            runs.push_back(std::move(run));
        }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Compare runs"), QString::fromStdString(e.what()));
    }
    std::vector<storage::RunRecord> records;
    for (const Loaded& run : runs)
        records.push_back(run.record);
    const auto seedGroups = storage::groupSeeds(records);
    const bool repeated = seedGroups.size() < records.size();
    meanOverSeeds_->setVisible(repeated);
    std::vector<std::vector<std::size_t>> groups;
    if (repeated && meanOverSeeds_->isChecked()) {
        groups = seedGroups;
    } else {
        for (std::size_t i = 0; i < runs.size(); ++i)
            groups.push_back({i});
    }
    columns_.clear();

    int maxTasks = 1;
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const std::vector<std::size_t>& group = groups[k];
        const storage::RunRecord& first = runs[group.front()].record;
        const int n = static_cast<int>(group.size());
        const QString method = QString::fromStdString(first.method);
        const QString label = n == 1 ? QStringLiteral("#%1 %2").arg(first.id).arg(method)
                                     : tr("#%1 %2, %n seeds", nullptr, n).arg(first.id).arg(method);
        const QColor color = seriesColor(static_cast<int>(k));
        // Per task: the mean over the group's runs, and their spread.
        auto plotFigure = [&](PlotWidget* plot, const char* name) {
            std::size_t tasks = 0;
            for (std::size_t i : group)
                tasks = std::max(tasks, runs[i].figures[name].size());
            maxTasks = std::max(maxTasks, static_cast<int>(tasks));
            QVector<double> keys, means, lows, highs, stds;
            for (std::size_t t = 0; t < tasks; ++t) {
                std::vector<double> values;
                for (std::size_t i : group) {
                    const auto& v = runs[i].figures[name];
                    values.push_back(t < v.size() ? v[t] : NAN);
                }
                const storage::Spread s = storage::spreadOf(values);
                if (!std::isfinite(s.mean)) continue;
                keys << static_cast<double>(t + 1);
                means << s.mean;
                const double d = std::isfinite(s.std) ? s.std : 0.0;
                lows << s.mean - d;
                highs << s.mean + d;
                stds << d;
            }
            addMeanAndBand(plot, label, color, keys, means, lows, highs, n > 1 ? &stds : nullptr,
                           true);
        };
        plotFigure(accuracy_, "avg_acc");
        plotFigure(forgetting_, "forgetting");
        // The fusion weight per step, averaged over the runs at each step.
        std::map<std::int64_t, std::vector<double>> perStep;
        for (std::size_t i : group)
            for (const storage::StepPoint& p : runs[i].fusion)
                perStep[p.step].push_back(p.value);
        if (!perStep.empty()) {
            QVector<double> keys, means, lows, highs;
            for (const auto& [step, values] : perStep) {
                const storage::Spread s = storage::spreadOf(values);
                const double d = std::isfinite(s.std) ? s.std : 0.0;
                keys << static_cast<double>(step);
                means << s.mean;
                lows << s.mean - d;
                highs << s.mean + d;
            }
            addMeanAndBand(fusion_, label, color, keys, means, lows, highs, nullptr, false);
        }

        Column column;
        column.header =
            n == 1 ? QStringLiteral("#%1 %2").arg(first.id).arg(QString::fromStdString(first.name))
                   : label;
        QStringList members;
        for (std::size_t i : group)
            members << QStringLiteral("#%1 %2 (seed %3)")
                           .arg(runs[i].record.id)
                           .arg(QString::fromStdString(runs[i].record.name))
                           .arg(runs[i].record.seed);
        column.tooltip = members.join(QLatin1Char('\n'));
        std::set<QString> statuses;
        std::vector<double> acc, forgetting, seconds;
        std::vector<QString> seeds;
        for (std::size_t i : group) {
            const storage::RunRecord& r = runs[i].record;
            statuses.insert(statusText(r.status));
            acc.push_back(r.finalAverageAccuracy);
            forgetting.push_back(r.finalForgetting);
            seconds.push_back(r.seconds);
            seeds.push_back(QString::number(r.seed));
        }
        column.status = QStringList(statuses.begin(), statuses.end()).join(QStringLiteral(", "));
        column.accuracy = storage::spreadOf(acc);
        column.forgetting = storage::spreadOf(forgetting);
        column.seconds = storage::spreadOf(seconds);
        column.config = runs[group.front()].config;
        if (n > 1 && column.config.is_object())
            column.config["seed"] =
                QStringList(seeds.begin(), seeds.end()).join(QStringLiteral(", ")).toStdString();
        columns_.push_back(std::move(column));
    }
    for (PlotWidget* p : {accuracy_, forgetting_}) {
        p->setTaskAxis(maxTasks);
        p->setUnitRange();
    }
    fusion_->fitToData();
    fusion_->setUnitRange();
    // One legend says which colour is which run; the other plots use the same colours.
    accuracy_->legend->setVisible(accuracy_->graphCount() > 0);
    fusion_->legend->setVisible(fusion_->graphCount() > 0);
    for (PlotWidget* p : {accuracy_, forgetting_, fusion_})
        p->scheduleReplot();

    // The table: final metrics, then every config key; differing keys highlighted.
    const int n = static_cast<int>(columns_.size());
    const int compared = static_cast<int>(runs.size());
    if (compared < 2)
        title_->setText(tr("Select two or more runs in the History and press Compare."));
    else if (n < compared)
        title_->setText(
            tr("%n runs compared; runs that differ only in seed show their mean ± "
               "standard deviation; differing settings are highlighted",
               nullptr, compared));
    else
        title_->setText(
            tr("%n runs compared; differing settings are highlighted", nullptr, compared));
    std::vector<std::pair<QString, std::vector<QString>>> rows;
    auto metricRow = [&](const QString& name, auto get) {
        std::vector<QString> cells;
        for (const Column& c : columns_)
            cells.push_back(get(c));
        rows.emplace_back(name, cells);
    };
    metricRow(tr("status"), [](const Column& c) { return c.status; });
    metricRow(tr("final average accuracy %"),
              [](const Column& c) { return spreadText(c.accuracy, 100.0, 1); });
    metricRow(tr("final forgetting %"),
              [](const Column& c) { return spreadText(c.forgetting, 100.0, 1); });
    metricRow(tr("seconds"), [](const Column& c) { return spreadText(c.seconds, 1.0, 0); });
    const int metricRows = static_cast<int>(rows.size());
    std::set<std::string> keys;
    for (const Column& column : columns_)
        if (const nlohmann::json& c = column.config; c.is_object())
            for (auto it = c.begin(); it != c.end(); ++it)
                keys.insert(it.key());
    // Config keys: the ones every run has but with different values first (what changed
    // between the runs), then the ones only some methods have, then the identical ones.
    std::vector<std::pair<QString, std::vector<QString>>> partial, same;
    std::set<QString> differing, methodOnly;
    for (const std::string& key : keys) {
        std::vector<QString> cells;
        bool missing = false;
        for (const Column& column : columns_) {
            const nlohmann::json& c = column.config;
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
    for (const Column& c : columns_)
        headers << c.header;
    table_->setHorizontalHeaderLabels(headers);
    for (int k = 0; k < n; ++k)
        table_->horizontalHeaderItem(k)->setToolTip(columns_[static_cast<std::size_t>(k)].tooltip);
    QStringList rowNames;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        rowNames << rows[static_cast<std::size_t>(i)].first;
        const auto& cells = rows[static_cast<std::size_t>(i)].second;
        const QString& name = rows[static_cast<std::size_t>(i)].first;
        const bool differs = i >= metricRows && differing.count(name) > 0;
        const bool partOnly = i >= metricRows && methodOnly.count(name) > 0;
        for (int k = 0; k < n; ++k) {
            auto* item = new QTableWidgetItem(cells[static_cast<std::size_t>(k)]);
            item->setToolTip(item->text());  // a long value, cut in its column, whole
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
    // Names and figures whole: columns as wide as their contents (scrolling sideways when
    // many runs are compared), and a new comparison opens at its first rows.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->resizeColumnsToContents();
    const int widest =
        std::max(160, table_->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    for (int k = 0; k < n; ++k)
        if (table_->columnWidth(k) > widest) table_->setColumnWidth(k, widest);
    table_->scrollToTop();
    table_->horizontalScrollBar()->setValue(0);
}

bool CompareView::exportTable(const QString& path) {
    // RFC 4180 fields; figures as numbers (fractions, as stored), their spread beside them.
    auto field = [](QString text) {
        if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
            text.contains(QLatin1Char('\n')))
            text = QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
                   QLatin1Char('"');
        return text;
    };
    auto number = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
    };
    QStringList lines;
    QStringList header{QStringLiteral("row")};
    for (const Column& c : columns_)
        header << field(c.header) << field(c.header + QStringLiteral(" std"));
    lines << header.join(QLatin1Char(','));
    auto figure = [&](const char* name, storage::Spread Column::*member) {
        QStringList row{QString::fromLatin1(name)};
        for (const Column& c : columns_)
            row << number((c.*member).mean) << number((c.*member).std);
        lines << row.join(QLatin1Char(','));
    };
    QStringList status{QStringLiteral("status")};
    for (const Column& c : columns_)
        status << field(c.status) << QString();
    lines << status.join(QLatin1Char(','));
    figure("final_avg_acc", &Column::accuracy);
    figure("final_forgetting", &Column::forgetting);
    figure("seconds", &Column::seconds);
    std::set<std::string> keys;
    for (const Column& c : columns_)
        if (c.config.is_object())
            for (auto it = c.config.begin(); it != c.config.end(); ++it)
                keys.insert(it.key());
    for (const std::string& key : keys) {
        QStringList row{field(QString::fromStdString(key))};
        for (const Column& c : columns_)
            row << field(c.config.is_object() && c.config.contains(key) ? cellText(c.config[key])
                                                                        : QString())
                << QString();
        lines << row.join(QLatin1Char(','));
    }
    const QByteArray text = (lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n")).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        Q_EMIT error(tr("Export table"),
                     tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

}  // namespace pf::ui
