#pragma once

#include <QList>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace pf::ui {

class PlotWidget;

/// Two or more stored runs side by side: average accuracy and forgetting after each task and
/// the fusion weight per step overlaid (one colour per run, with a legend), and a table of
/// their final metrics and configs with the differing keys highlighted.
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(const QString& databasePath, QWidget* parent = nullptr);

    /// Loads runs `ids` from the store and shows them (errors go to error()).
    void setRuns(const QList<qint64>& ids);
    const QList<qint64>& runs() const { return ids_; }

    PlotWidget* accuracyPlot() const { return accuracy_; }
    PlotWidget* forgettingPlot() const { return forgetting_; }
    PlotWidget* fusionPlot() const { return fusion_; }
    QTableWidget* table() const { return table_; }

Q_SIGNALS:
    void error(const QString& title, const QString& message);

private:
    QString databasePath_;
    QList<qint64> ids_;
    QLabel* title_ = nullptr;
    PlotWidget* accuracy_ = nullptr;
    PlotWidget* forgetting_ = nullptr;
    PlotWidget* fusion_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace pf::ui
