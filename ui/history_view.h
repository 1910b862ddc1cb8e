#pragma once

#include <optional>

#include <vector>

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QString>
#include <QWidget>

#include "run/run_store.h"
#include "run/seed_groups.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace pf::ui {

/// The runs of the store as a table model: one query loads them all (no per-row queries).
class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Id,
        Name,
        Method,
        Dataset,
        Created,
        Status,
        Tasks,
        Accuracy,
        Forgetting,
        Duration,
        Tags,
        ColumnCount
    };
    /// The value to sort by (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    /// The runs, one per row; with `groupSeeds` (configs needed), runs that differ only in
    /// seed share one row: the newest stands for them, named "(N seeds)", its accuracy and
    /// forgetting the group's "mean ± std".
    void setRuns(std::vector<storage::RunRecord> runs, bool groupSeeds = false);
    /// The run of a row (of a group: the newest).
    const storage::RunRecord& run(int row) const { return runs_[static_cast<std::size_t>(row)]; }
    /// Every run of a row: itself, or its group's runs.
    QList<qint64> members(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Group {
        QList<qint64> ids;  ///< empty: the row is one run
        storage::Spread accuracy{}, forgetting{};
    };
    std::vector<storage::RunRecord> runs_;
    std::vector<Group> groups_;  ///< one per row while seeds are grouped, else empty
};

/// Filters runs by a text (name, method, data set, status, tags, notes), a method, a data set
/// and a tag.
class RunFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFilters(const QString& text, const QString& method, const QString& dataset,
                    const QString& tag);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString text_, method_, dataset_, tag_;
};

/// The History tab: every stored run, sortable and filterable; open, compare, rename, tag,
/// annotate, delete (with its checkpoint), re-run, resume, export.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(const QString& databasePath, QWidget* parent = nullptr);

    /// Reads the store again (keeps the selection).
    void reload();
    /// Shows the runs of another store (File > Open run store).
    void setDatabasePath(const QString& path);
    /// Ids of the selected runs, in table order.
    QList<qint64> selectedIds() const;
    /// Selects the runs `ids` (tests, and after a comparison finishes).
    void selectIds(const QList<qint64>& ids);
    QTableView* table() const { return table_; }
    QLineEdit* filterEdit() const { return filter_; }
    /// "Group seeds": runs that differ only in seed as one row (kept in the settings).
    QCheckBox* groupSeedsBox() const { return groupSeeds_; }
    RunFilterModel* filterModel() const { return proxy_; }
    /// Visible rows after filtering.
    int visibleRuns() const;

    void renameSelected(const QString& name);
    void setTagsOfSelected(const QStringList& tags);
    void setNotesOfSelected(const QString& notes);
    /// Deletes the selected runs without asking (the button asks first). They go to the
    /// store's trash: Undo (the bar's button, Ctrl+Z) brings them back until finishDeletes().
    void deleteSelected();
    /// Brings back the runs of the last delete; false when there is nothing to undo.
    bool undoDelete();
    /// Deletes for good the runs this view deleted, and their checkpoints (when the window
    /// closes).
    void finishDeletes();
    /// The bar under the list that offers to undo the last delete.
    QWidget* undoBar() const { return undoBar_; }
    /// Asks whether to delete the selected runs, naming them (No is the default), and deletes
    /// them on Yes: the Delete button and the Delete key.
    void confirmDelete();
    /// While a run (or a replay) is in progress, Open, Re-run and Resume wait for it.
    void setBusy(bool busy);
    /// Writes the selected runs to `path` as JSON or CSV (by extension); false on error. One
    /// run is one JSON document; several are `{"runs": [...]}`, or one CSV table.
    bool exportSelected(const QString& path);
    /// Copies the finished runs of the stores at `paths` (a sweep's, a cluster's) into this
    /// view's store, as `pfstudio import` does, and selects the runs imported (ready to
    /// compare). Every store is checked first: a damaged or foreign one is named in an error and
    /// nothing is imported. Returns the ids imported, or nothing on error.
    std::optional<QList<qint64>> importStores(const QStringList& paths);

Q_SIGNALS:
    void openRun(qint64 id);
    void compareRuns(const QList<qint64>& ids);
    /// Start a new run with this config (complete JSON).
    void rerun(const QString& configJson);
    /// Go on with stored run `id` from its checkpoint.
    void resumeRun(qint64 id);
    void error(const QString& title, const QString& message);
    /// A line for the status bar: what an import did.
    void message(const QString& text);

private:
    void updateButtons();
    void updateFilterChoices();
    void applyFilters();
    void showDetails();

    QString databasePath_;
    RunTableModel* model_ = nullptr;
    bool busy_ = false;
    RunFilterModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QComboBox* tag_ = nullptr;
    QCheckBox* groupSeeds_ = nullptr;
    QLabel* details_ = nullptr;
    QPushButton* open_ = nullptr;
    QPushButton* compare_ = nullptr;
    QPushButton* rename_ = nullptr;
    QPushButton* tags_ = nullptr;
    QPushButton* notes_ = nullptr;
    QPushButton* rerun_ = nullptr;
    QPushButton* resume_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* import_ = nullptr;
    QPushButton* delete_ = nullptr;
    QWidget* undoBar_ = nullptr;
    QLabel* undoText_ = nullptr;
    QList<QList<qint64>> deleted_;  ///< each delete's runs, in the trash, oldest first
};

}  // namespace pf::ui
