#include "history_view.h"

#include <cmath>
#include <fstream>
#include <set>

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "io/checkpoint_folder.h"
#include "labels.h"
#include "run/resume.h"
#include "run/run_export.h"

namespace pf::ui {
namespace {

QString percent(double v) {
    return std::isfinite(v) ? QString::number(100.0 * v, 'f', 1) : QStringLiteral("-");
}

QString duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("-");
    const auto s = static_cast<qint64>(std::llround(seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString localTime(const std::string& iso) {
    const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                       : QString::fromStdString(iso);
}

QStringList tagList(const std::vector<std::string>& tags) {
    QStringList out;
    for (const std::string& t : tags)
        out << QString::fromStdString(t);
    return out;
}

}  // namespace

void RunTableModel::setRuns(std::vector<storage::RunRecord> runs, bool groupSeeds) {
    beginResetModel();
    groups_.clear();
    if (!groupSeeds) {
        runs_ = std::move(runs);
    } else {
        std::vector<storage::RunRecord> rows;
        for (const std::vector<std::size_t>& members : storage::groupSeeds(runs)) {
            Group group;
            std::vector<double> acc, forgetting;
            for (std::size_t i : members) {
                group.ids << runs[i].id;
                acc.push_back(runs[i].finalAverageAccuracy);
                forgetting.push_back(runs[i].finalForgetting);
            }
            group.accuracy = storage::spreadOf(acc);
            group.forgetting = storage::spreadOf(forgetting);
            if (members.size() == 1) group.ids.clear();
            rows.push_back(std::move(runs[members.front()]));
            groups_.push_back(std::move(group));
        }
        runs_ = std::move(rows);
    }
    endResetModel();
}

QList<qint64> RunTableModel::members(int row) const {
    if (!groups_.empty() && !groups_[static_cast<std::size_t>(row)].ids.isEmpty())
        return groups_[static_cast<std::size_t>(row)].ids;
    return {run(row).id};
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const storage::RunRecord& r = runs_[static_cast<std::size_t>(index.row())];
    const Group* group =
        groups_.empty() || groups_[static_cast<std::size_t>(index.row())].ids.isEmpty()
            ? nullptr
            : &groups_[static_cast<std::size_t>(index.row())];
    if (group && role == SortRole && index.column() == Accuracy) return group->accuracy.mean;
    if (group && role == SortRole && index.column() == Forgetting) return group->forgetting.mean;
    if (group && role == Qt::ToolTipRole) {
        QStringList ids;
        for (qint64 id : group->ids)
            ids << QString::number(id);
        return tr("%n runs that differ only in seed: %1", nullptr, static_cast<int>(ids.size()))
            .arg(ids.join(QStringLiteral(", ")));
    }
    if (group && role == Qt::DisplayRole) {
        const int n = static_cast<int>(group->ids.size());
        if (index.column() == Name)
            return tr("%1 (%n seeds)", nullptr, n).arg(QString::fromStdString(r.name));
        if (index.column() == Accuracy) return spreadText(group->accuracy, 100.0, 1);
        if (index.column() == Forgetting) return spreadText(group->forgetting, 100.0, 1);
    }
    if (role == SortRole) {
        switch (index.column()) {
            case Id:
                return QVariant::fromValue<qint64>(r.id);
            case Tasks:
                return r.tasksDone;
            case Accuracy:
                // A run that learned only part of its sequence ranks below every complete one:
                // its figure is not the whole sequence's.
                if (!std::isfinite(r.finalAverageAccuracy)) return -3.0;
                return r.tasksDone < r.tasks ? r.finalAverageAccuracy - 2.0
                                             : r.finalAverageAccuracy;
            case Forgetting:
                return std::isfinite(r.finalForgetting) ? r.finalForgetting : -1.0;
            case Duration:
                return std::isfinite(r.seconds) ? r.seconds : -1.0;
            case Created:
                return QString::fromStdString(r.createdAt);
            default:
                return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Id || index.column() == Tasks || index.column() == Accuracy ||
         index.column() == Forgetting || index.column() == Duration))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool partial = r.tasksDone < r.tasks;
    if (role == Qt::ForegroundRole && partial &&
        (index.column() == Tasks || index.column() == Accuracy || index.column() == Forgetting))
        return QVariant(QColor(Qt::gray));
    if (role == Qt::ToolTipRole && partial &&
        (index.column() == Accuracy || index.column() == Forgetting))
        return tr("After %1 of %2 tasks: not the whole sequence's figure")
            .arg(r.tasksDone)
            .arg(r.tasks);
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromStdString(r.name);
        if (!r.notes.empty()) tip += QStringLiteral("\n") + QString::fromStdString(r.notes);
        if (!r.error.empty()) tip += QStringLiteral("\n") + QString::fromStdString(r.error);
        return tip;
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Id:
            return QVariant::fromValue<qint64>(r.id);
        case Name:
            return QString::fromStdString(r.name);
        case Method:
            return QString::fromStdString(r.method);
        case Dataset:
            return QString::fromStdString(r.dataset);
        case Created:
            return localTime(r.createdAt);
        case Status:
            return statusText(r.status);
        case Tasks:
            return QStringLiteral("%1/%2").arg(r.tasksDone).arg(r.tasks);
        case Accuracy:
            return percent(r.finalAverageAccuracy);
        case Forgetting:
            return percent(r.finalForgetting);
        case Duration:
            return duration(r.seconds);
        case Tags:
            return tagList(r.tags).join(QStringLiteral(", "));
        default:
            return {};
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Id:
            return tr("Id");
        case Name:
            return tr("Name");
        case Method:
            return tr("Method");
        case Dataset:
            return tr("Data set");
        case Created:
            return tr("Started");
        case Status:
            return tr("Status");
        case Tasks:
            return tr("Tasks");
        case Accuracy:
            return tr("Accuracy %");
        case Forgetting:
            return tr("Forgetting %");
        case Duration:
            return tr("Duration");
        case Tags:
            return tr("Tags");
        default:
            return {};
    }
}

void RunFilterModel::setFilters(const QString& text, const QString& method, const QString& dataset,
                                const QString& tag) {
    text_ = text.trimmed();
    method_ = method;
    dataset_ = dataset;
    tag_ = tag;
    invalidateFilter();
}

bool RunFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* model = static_cast<const RunTableModel*>(sourceModel());
    const storage::RunRecord& r = model->run(sourceRow);
    if (!method_.isEmpty() && QString::fromStdString(r.method) != method_) return false;
    if (!dataset_.isEmpty() && QString::fromStdString(r.dataset) != dataset_) return false;
    const QStringList tags = tagList(r.tags);
    if (!tag_.isEmpty() && !tags.contains(tag_)) return false;
    if (text_.isEmpty()) return true;
    for (const std::string* field : {&r.name, &r.method, &r.dataset, &r.status, &r.notes})
        if (QString::fromStdString(*field).contains(text_, Qt::CaseInsensitive)) return true;
    if (statusText(r.status).contains(text_, Qt::CaseInsensitive)) return true;  // as shown
    for (const QString& t : tags)
        if (t.contains(text_, Qt::CaseInsensitive)) return true;
    return QString::number(r.id) == text_;
}

HistoryView::HistoryView(const QString& databasePath, QWidget* parent)
    : QWidget(parent), databasePath_(databasePath) {
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("historyFilter"));
    filter_->setPlaceholderText(tr("Filter by name, method, data set, status, tag or notes"));
    filter_->setClearButtonEnabled(true);
    method_ = new QComboBox(this);
    dataset_ = new QComboBox(this);
    tag_ = new QComboBox(this);
    for (QComboBox* box : {method_, dataset_, tag_}) {
        // As wide as eight characters and the arrow, whatever the longest name.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    filters->addWidget(filter_, 1);
    filters->addWidget(method_);
    filters->addWidget(dataset_);
    filters->addWidget(tag_);
    groupSeeds_ = new QCheckBox(tr("&Group seeds"), this);
    groupSeeds_->setObjectName(QStringLiteral("groupSeeds"));
    groupSeeds_->setToolTip(
        tr("Runs that differ only in seed as one row: their mean accuracy "
           "and forgetting ± the standard deviation"));
    groupSeeds_->setChecked(
        QSettings().value(QStringLiteral("history/groupSeeds"), false).toBool());
    layout->addLayout(filters);
    connect(groupSeeds_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("history/groupSeeds"), on);
        reload();
    });

    model_ = new RunTableModel(this);
    proxy_ = new RunFilterModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(RunTableModel::SortRole);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("historyTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::Id, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    // Fixed widths, never ResizeToContents: that measures every row, slow with thousands.
    table_->setWordWrap(false);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView* header = table_->horizontalHeader();
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const std::pair<int, int> widths[] = {
        {RunTableModel::Id, 4},         {RunTableModel::Method, 9},   {RunTableModel::Dataset, 7},
        {RunTableModel::Created, 11},   {RunTableModel::Status, 7},   {RunTableModel::Accuracy, 8},
        {RunTableModel::Forgetting, 9}, {RunTableModel::Duration, 6}, {RunTableModel::Tags, 8}};
    for (const auto& [column, width] : widths)
        header->resizeSection(column, width * em);
    header->setSectionResizeMode(RunTableModel::Name, QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);
    layout->addWidget(table_, 1);

    details_ = new QLabel(this);
    details_->setObjectName(QStringLiteral("historyDetails"));
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(details_);

    // Two rows of buttons: the window stays narrow enough for a 1280x720 screen at 150%.
    auto* buttons = new QHBoxLayout;
    auto* edits = new QHBoxLayout;
    auto* files = new QHBoxLayout;  // runs out of and into the store
    auto button = [&](const QString& text, const QString& tip, QHBoxLayout* row) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        row->addWidget(b);
        return b;
    };
    open_ = button(tr("&Open"), tr("Show the run's plots and matrix as they were live"), buttons);
    compare_ = button(tr("&Compare"), tr("Overlay the selected runs (two or more)"), buttons);
    rename_ = button(tr("Re&name..."), tr("Rename the run"), edits);
    tags_ = button(tr("&Tags..."), tr("Set the run's tags, comma-separated"), edits);
    notes_ = button(tr("Notes..."), tr("Write notes about the run"), edits);
    rerun_ = button(tr("Re-&run"), tr("Start a new run with the same config"), buttons);
    resume_ = button(tr("Res&ume"),
                     tr("Go on with an interrupted, stopped or failed run after its last "
                        "completed task, from its checkpoint"),
                     buttons);
    resume_->setObjectName(QStringLiteral("resumeButton"));
    open_->setObjectName(QStringLiteral("openButton"));
    export_ = button(tr("&Export..."), tr("Save the selected runs as JSON or CSV"), files);
    delete_ = button(tr("&Delete..."), tr("Delete the selected runs"), edits);
    import_ = button(tr("&Import..."),
                     tr("Add the runs of other run stores: a sweep's, a cluster's. Runs already "
                        "here are not added twice"),
                     files);
    import_->setObjectName(QStringLiteral("importButton"));
    buttons->addWidget(groupSeeds_);
    buttons->addStretch(1);
    edits->addStretch(1);
    files->addStretch(1);
    layout->addLayout(buttons);
    layout->addLayout(edits);
    layout->addLayout(files);
    // After a delete: what went, and the way back.
    undoBar_ = new QWidget(this);
    undoBar_->setObjectName(QStringLiteral("undoBar"));
    auto* undoRow = new QHBoxLayout(undoBar_);
    undoRow->setContentsMargins(0, 0, 0, 0);
    undoText_ = new QLabel(undoBar_);
    undoRow->addWidget(undoText_, 1);
    auto* undo = new QPushButton(tr("&Undo delete"), undoBar_);
    undo->setObjectName(QStringLiteral("undoDeleteButton"));
    undo->setToolTip(tr("Bring the deleted runs back (Ctrl+Z)"));
    undoRow->addWidget(undo);
    undoBar_->hide();
    layout->addWidget(undoBar_);
    connect(undo, &QPushButton::clicked, this, &HistoryView::undoDelete);
    auto* undoKey = new QShortcut(QKeySequence::Undo, this);
    undoKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(undoKey, &QShortcut::activated, this, &HistoryView::undoDelete);
    // Runs a window deleted and could not delete for good (it crashed) are deleted now.
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (std::int64_t id : store.emptyTrash())
            storage::removeCheckpoint(storage::checkpointFolder(store.path(), id));
    } catch (const std::exception&) {
        // reload() below says what is wrong with the store.
    }

    connect(filter_, &QLineEdit::textChanged, this, &HistoryView::applyFilters);
    for (QComboBox* box : {method_, dataset_, tag_})
        connect(box, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilters);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        showDetails();
    });
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (const auto ids = selectedIds(); ids.size() == 1) Q_EMIT openRun(ids.first());
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        if (const auto ids = selectedIds(); !ids.isEmpty()) Q_EMIT openRun(ids.first());
    });
    connect(compare_, &QPushButton::clicked, this, [this] { Q_EMIT compareRuns(selectedIds()); });
    connect(rename_, &QPushButton::clicked, this, [this] {
        const auto ids = selectedIds();
        if (ids.size() != 1) return;
        const QModelIndex current = table_->selectionModel()->selectedRows().first();
        const QString old = model_->run(proxy_->mapToSource(current).row()).name.c_str();
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Rename run"), tr("Name:"), QLineEdit::Normal, old, &ok);
        if (ok && !name.trimmed().isEmpty()) renameSelected(name.trimmed());
    });
    connect(tags_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Tags"), tr("Tags, comma-separated:"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (!ok) return;
        QStringList tags;
        for (const QString& t : text.split(QLatin1Char(',')))
            if (!t.trimmed().isEmpty()) tags << t.trimmed();
        setTagsOfSelected(tags);
    });
    connect(notes_, &QPushButton::clicked, this, [this] {
        const auto rows = table_->selectionModel()->selectedRows();
        if (rows.size() != 1) return;
        const QString old = model_->run(proxy_->mapToSource(rows.first()).row()).notes.c_str();
        bool ok = false;
        const QString notes =
            QInputDialog::getMultiLineText(this, tr("Notes"), tr("Notes:"), old, &ok);
        if (ok) setNotesOfSelected(notes);
    });
    connect(resume_, &QPushButton::clicked, this, [this] {
        if (const auto ids = selectedIds(); ids.size() == 1) Q_EMIT resumeRun(ids.first());
    });
    connect(rerun_, &QPushButton::clicked, this, [this] {
        const auto ids = selectedIds();
        if (ids.size() != 1) return;
        try {
            const auto record = storage::RunStore(databasePath_.toStdString()).run(ids.first());
            if (record) Q_EMIT rerun(QString::fromStdString(record->config));
        } catch (const std::exception& e) {
            Q_EMIT error(tr("Re-run"), QString::fromStdString(e.what()));
        }
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const auto ids = selectedIds();
        if (ids.isEmpty()) return;
        QString filter;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export runs"),
            ids.size() == 1 ? QStringLiteral("run-%1.json").arg(ids.first())
                            : QStringLiteral("runs-%1.json").arg(ids.size()),
            tr("JSON (*.json);;CSV (*.csv)"), &filter);
        if (!path.isEmpty()) exportSelected(path);
    });
    connect(import_, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
            this, tr("Import runs"), QString(),
            tr("Run stores (*.sqlite *.db *.sqlite3);;All files (*)"));
        if (!paths.isEmpty()) importStores(paths);
    });
    connect(delete_, &QPushButton::clicked, this, &HistoryView::confirmDelete);
    // The Delete key on the list asks the same question.
    auto* deleteKey = new QShortcut(QKeySequence::Delete, table_);
    deleteKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(deleteKey, &QShortcut::activated, this, &HistoryView::confirmDelete);
    reload();
}

void HistoryView::setDatabasePath(const QString& path) {
    databasePath_ = path;
    deleted_.clear();
    undoBar_->hide();
    table_->clearSelection();
    reload();
}

void HistoryView::reload() {
    const QList<qint64> keep = selectedIds();
    try {
        storage::RunStore store(databasePath_.toStdString());
        store.markInterruptedRuns();
        // Configs are read when one is needed: to group seeds, or for one run.
        const bool group = groupSeeds_->isChecked();
        model_->setRuns(store.listRuns(group), group);
    } catch (const std::exception& e) {
        model_->setRuns({});
        Q_EMIT error(tr("Run history"), QString::fromStdString(e.what()));
    }
    updateFilterChoices();
    selectIds(keep);
    updateButtons();
    showDetails();
}

void HistoryView::updateFilterChoices() {
    std::set<QString> methods, datasets, tags;
    for (int row = 0; row < model_->rowCount(); ++row) {
        const storage::RunRecord& r = model_->run(row);
        methods.insert(QString::fromStdString(r.method));
        datasets.insert(QString::fromStdString(r.dataset));
        for (const std::string& t : r.tags)
            tags.insert(QString::fromStdString(t));
    }
    auto refill = [](QComboBox* box, const QString& all, const std::set<QString>& items) {
        const QString current = box->currentIndex() > 0 ? box->currentText() : QString();
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(all);
        for (const QString& item : items)
            box->addItem(item);
        const int index = current.isEmpty() ? 0 : box->findText(current);
        box->setCurrentIndex(index < 0 ? 0 : index);
    };
    refill(method_, tr("All methods"), methods);
    refill(dataset_, tr("All data sets"), datasets);
    refill(tag_, tr("All tags"), tags);
    applyFilters();
}

void HistoryView::applyFilters() {
    auto chosen = [](QComboBox* box) {
        return box->currentIndex() > 0 ? box->currentText() : QString();
    };
    proxy_->setFilters(filter_->text(), chosen(method_), chosen(dataset_), chosen(tag_));
    updateButtons();
}

int HistoryView::visibleRuns() const {
    return proxy_->rowCount();
}

QList<qint64> HistoryView::selectedIds() const {
    QList<qint64> ids;
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows)
        ids << model_->members(proxy_->mapToSource(index).row());
    return ids;
}

void HistoryView::selectIds(const QList<qint64>& ids) {
    QItemSelection selection;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const QModelIndex index = proxy_->index(row, 0);
        for (qint64 id : model_->members(proxy_->mapToSource(index).row()))
            if (ids.contains(id)) {
                selection.select(index, proxy_->index(row, RunTableModel::ColumnCount - 1));
                break;
            }
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void HistoryView::updateButtons() {
    const int n = static_cast<int>(selectedIds().size());
    for (QPushButton* b : {rename_, notes_})
        b->setEnabled(n == 1);
    export_->setEnabled(n >= 1);
    // What would start a job waits for the one in progress.
    for (QPushButton* b : {open_, rerun_})
        b->setEnabled(n == 1 && !busy_);
    compare_->setEnabled(n >= 2);
    bool resumable = false;
    if (n == 1) {
        const auto rows = table_->selectionModel()->selectedRows();
        const storage::RunRecord& r = model_->run(proxy_->mapToSource(rows.first()).row());
        resumable =
            training::resumableStatus(r.status) &&
            storage::hasCheckpoint(storage::checkpointFolder(databasePath_.toStdString(), r.id));
    }
    resume_->setEnabled(resumable && !busy_);
    tags_->setEnabled(n >= 1);
    delete_->setEnabled(n >= 1);
}

void HistoryView::setBusy(bool busy) {
    busy_ = busy;
    updateButtons();
}

void HistoryView::showDetails() {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        details_->setText(tr("%n run(s) in the store, %1 shown", nullptr, model_->rowCount())
                              .arg(proxy_->rowCount()));
        return;
    }
    const storage::RunRecord& r = model_->run(proxy_->mapToSource(rows.first()).row());
    QString text = tr("Run %1 · %2 · %3 tasks · seed %4")
                       .arg(r.id)
                       .arg(statusText(r.status))
                       .arg(r.tasks)
                       .arg(r.seed);
    const nlohmann::json versions = nlohmann::json::parse(r.versions, nullptr, false);
    if (versions.is_object() && versions.value("world_size", 1) > 1)
        text += tr(" · data-parallel over %n processes", nullptr, versions.value("world_size", 1));
    if (!r.error.empty()) text += QStringLiteral("\n") + QString::fromStdString(r.error);
    if (!r.notes.empty()) text += QStringLiteral("\n") + QString::fromStdString(r.notes);
    details_->setText(text);
}

void HistoryView::renameSelected(const QString& name) {
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : selectedIds())
            store.rename(id, name.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Rename run"), QString::fromStdString(e.what()));
    }
    reload();
}

void HistoryView::setTagsOfSelected(const QStringList& tags) {
    std::vector<std::string> list;
    for (const QString& t : tags)
        list.push_back(t.toStdString());
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : selectedIds())
            store.setTags(id, list);
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Tags"), QString::fromStdString(e.what()));
    }
    reload();
}

void HistoryView::setNotesOfSelected(const QString& notes) {
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : selectedIds())
            store.setNotes(id, notes.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Notes"), QString::fromStdString(e.what()));
    }
    reload();
}

void HistoryView::confirmDelete() {
    const auto ids = selectedIds();
    if (ids.isEmpty()) return;
    // The runs by id and name (the first ten), and No as the default: nothing goes by accident.
    QStringList names;
    for (int row = 0; row < model_->rowCount() && names.size() < 10; ++row) {
        const storage::RunRecord& r = model_->run(row);
        if (ids.contains(r.id))
            names << tr("run %1: %2").arg(r.id).arg(QString::fromStdString(r.name));
    }
    if (ids.size() > names.size())
        names << tr("and %n more", nullptr, static_cast<int>(ids.size() - names.size()));
    QMessageBox box(QMessageBox::Warning, tr("Delete runs"),
                    tr("Delete %n run(s) and everything recorded for them? Undo brings them "
                       "back until PromptFusion Studio closes.",
                       nullptr, static_cast<int>(ids.size())),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("deleteDialog"));
    box.setInformativeText(names.join(QLatin1Char('\n')));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() == QMessageBox::Yes) deleteSelected();
}

void HistoryView::deleteSelected() {
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty()) return;
    QList<qint64> trashed;
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : ids) {
            store.trashRun(id);
            trashed << id;
        }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Delete runs"), QString::fromStdString(e.what()));
    }
    if (!trashed.isEmpty()) {
        deleted_ << trashed;
        QStringList names;
        for (qint64 id : trashed)
            names << QString::number(id);
        undoText_->setText(tr("Deleted %n run(s): %1", nullptr, static_cast<int>(trashed.size()))
                               .arg(names.join(QStringLiteral(", "))));
        undoBar_->show();
    }
    reload();
}

bool HistoryView::undoDelete() {
    if (deleted_.isEmpty()) return false;
    const QList<qint64> ids = deleted_.takeLast();
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : ids)
            store.restoreRun(id);
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Undo delete"), QString::fromStdString(e.what()));
    }
    undoBar_->setVisible(!deleted_.isEmpty());
    if (!deleted_.isEmpty())
        undoText_->setText(
            tr("%n earlier delete(s) can be undone", nullptr, static_cast<int>(deleted_.size())));
    reload();
    selectIds(ids);
    return true;
}

void HistoryView::finishDeletes() {
    if (deleted_.isEmpty()) return;
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (const QList<qint64>& ids : std::as_const(deleted_))
            for (qint64 id : ids) {
                store.deleteRun(id);
                storage::removeCheckpoint(storage::checkpointFolder(store.path(), id));
            }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Delete runs"), QString::fromStdString(e.what()));
    }
    deleted_.clear();
    undoBar_->hide();
}

std::optional<QList<qint64>> HistoryView::importStores(const QStringList& paths) {
    QList<qint64> imported;
    int alreadyHere = 0, stillRunning = 0;
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (const QString& path : paths)
            if (const std::string why = store.whyNotImportable(path.toStdString()); !why.empty())
                throw std::runtime_error(why);
        for (const QString& path : paths) {
            const storage::ImportResult r = store.importRuns(path.toStdString());
            for (std::int64_t id : r.imported)
                imported << id;
            alreadyHere += r.alreadyHere;
            stillRunning += r.stillRunning;
        }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Import runs"), QString::fromStdString(e.what()));
        return std::nullopt;
    }
    reload();
    if (!imported.isEmpty()) selectIds(imported);
    QString text = tr("Imported %n run(s)", nullptr, static_cast<int>(imported.size()));
    if (alreadyHere > 0) text += tr("; %n already here", nullptr, alreadyHere);
    if (stillRunning > 0)
        text += tr("; %n still running, left for a later import", nullptr, stillRunning);
    Q_EMIT message(text);
    return imported;
}

bool HistoryView::exportSelected(const QString& path) {
    const auto ids = selectedIds();
    if (ids.isEmpty()) return false;
    try {
        storage::RunStore store(databasePath_.toStdString());
        const std::vector<std::int64_t> runs(ids.begin(), ids.end());
        const bool csv = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive);
        const std::string text =
            csv ? storage::exportRunsCsv(store, runs)
                : (runs.size() == 1 ? storage::exportRunJson(store, runs.front())
                                    : storage::exportRunsJson(store, runs))
                          .dump(2) +
                      "\n";
        // Written in full or not at all: QSaveFile renames into place on commit.
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(text.data(), static_cast<qint64>(text.size())) !=
                static_cast<qint64>(text.size()) ||
            !file.commit())
            throw std::runtime_error(path.toStdString() + ": " + file.errorString().toStdString());
        return true;
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Export run"), QString::fromStdString(e.what()));
        return false;
    }
}

}  // namespace pf::ui
