#pragma once

#include <vector>

#include <QList>
#include <QVector>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "run/seed_groups.h"

class QCheckBox;
class QLabel;
class QTableWidget;

namespace pf::ui {

class PlotDeck;
class PlotWidget;

/// Two or more stored runs side by side: average accuracy and forgetting after each task and
/// the fusion weight per step overlaid (one colour per run, with a legend), and a table of
/// their final metrics and configs with the differing keys highlighted. Runs that differ only
/// in seed are one experiment repeated: with "Mean over seeds" (on by default) they make one
/// line, their mean with a band and error bars of one standard deviation, and one column,
/// "mean ± std".
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(const QString& databasePath, QWidget* parent = nullptr);

    /// Loads runs `ids` from the store and shows them (errors go to error()).
    void setRuns(const QList<qint64>& ids);
    const QList<qint64>& runs() const { return ids_; }
    /// Compares runs of another store from now on; the runs shown are cleared.
    void setDatabasePath(const QString& path);
    /// Columns of the table: runs, or groups of runs that differ only in seed.
    int columnCount() const { return static_cast<int>(columns_.size()); }
    /// Writes the table as CSV: a row per figure or config key, and per column its value and,
    /// for figures over several seeds, the standard deviation beside it. False on error.
    bool exportTable(const QString& path);
    QCheckBox* meanOverSeedsBox() const { return meanOverSeeds_; }

    PlotWidget* accuracyPlot() const { return accuracy_; }
    PlotWidget* forgettingPlot() const { return forgetting_; }
    PlotWidget* fusionPlot() const { return fusion_; }
    QTableWidget* table() const { return table_; }
    PlotDeck* deck() const { return deck_; }
    /// Presentation: one plot at a time with its caption (see LivePlots::setPresentation).
    void setPresentation(bool on);

Q_SIGNALS:
    void error(const QString& title, const QString& message);

private:
    /// A column of the table: one run, or the runs of one experiment over several seeds.
    struct Column {
        QString header, tooltip, status;
        storage::Spread accuracy{}, forgetting{}, seconds{};
        nlohmann::json config;  ///< the first run's; "seed" lists every seed of a group
    };
    /// A line of means, with a band from `lows` to `highs` behind it when they differ, and
    /// error bars of `errors` when given.
    static void addMeanAndBand(PlotWidget* plot, const QString& name, const QColor& color,
                               const QVector<double>& keys, const QVector<double>& means,
                               const QVector<double>& lows, const QVector<double>& highs,
                               const QVector<double>* errors, bool dots);

    QString databasePath_;
    std::vector<Column> columns_;
    QCheckBox* meanOverSeeds_ = nullptr;
    QList<qint64> ids_;
    QLabel* title_ = nullptr;
    PlotDeck* deck_ = nullptr;
    PlotWidget* accuracy_ = nullptr;
    PlotWidget* forgetting_ = nullptr;
    PlotWidget* fusion_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace pf::ui
