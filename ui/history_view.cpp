#include "history_view.h"

#include <cmath>
#include <fstream>
#include <set>

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
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

#include "io/checkpoint_folder.h"
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

void RunTableModel::setRuns(std::vector<storage::RunRecord> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
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
            return QString::fromStdString(r.status);
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
    filters->addWidget(filter_, 1);
    filters->addWidget(method_);
    filters->addWidget(dataset_);
    filters->addWidget(tag_);
    layout->addLayout(filters);

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

    auto* buttons = new QHBoxLayout;
    auto button = [&](const QString& text, const QString& tip) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        buttons->addWidget(b);
        return b;
    };
    open_ = button(tr("&Open"), tr("Show the run's plots and matrix as they were live"));
    compare_ = button(tr("&Compare"), tr("Overlay the selected runs (two or more)"));
    rename_ = button(tr("Re&name..."), tr("Rename the run"));
    tags_ = button(tr("&Tags..."), tr("Set the run's tags, comma-separated"));
    notes_ = button(tr("Notes..."), tr("Write notes about the run"));
    rerun_ = button(tr("Re-&run"), tr("Start a new run with the same config"));
    resume_ =
        button(tr("Res&ume"), tr("Go on with an interrupted, stopped or failed run after its last "
                                 "completed task, from its checkpoint"));
    resume_->setObjectName(QStringLiteral("resumeButton"));
    open_->setObjectName(QStringLiteral("openButton"));
    export_ = button(tr("&Export..."), tr("Save the run as JSON or CSV"));
    delete_ = button(tr("&Delete..."), tr("Delete the selected runs"));
    buttons->addStretch(1);
    layout->addLayout(buttons);

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
        if (ids.size() != 1) return;
        QString filter;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export run"), QStringLiteral("run-%1.json").arg(ids.first()),
            tr("JSON (*.json);;CSV (*.csv)"), &filter);
        if (!path.isEmpty()) exportSelected(path);
    });
    connect(delete_, &QPushButton::clicked, this, &HistoryView::confirmDelete);
    // The Delete key on the list asks the same question.
    auto* deleteKey = new QShortcut(QKeySequence::Delete, table_);
    deleteKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(deleteKey, &QShortcut::activated, this, &HistoryView::confirmDelete);
    reload();
}

void HistoryView::reload() {
    const QList<qint64> keep = selectedIds();
    try {
        storage::RunStore store(databasePath_.toStdString());
        store.markInterruptedRuns();
        model_->setRuns(store.listRuns(false));  // configs are read when one is needed
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
        ids << model_->run(proxy_->mapToSource(index).row()).id;
    return ids;
}

void HistoryView::selectIds(const QList<qint64>& ids) {
    QItemSelection selection;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const QModelIndex index = proxy_->index(row, 0);
        if (ids.contains(model_->run(proxy_->mapToSource(index).row()).id))
            selection.select(index, proxy_->index(row, RunTableModel::ColumnCount - 1));
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void HistoryView::updateButtons() {
    const int n = static_cast<int>(selectedIds().size());
    for (QPushButton* b : {rename_, notes_, export_})
        b->setEnabled(n == 1);
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
                       .arg(QString::fromStdString(r.status))
                       .arg(r.tasks)
                       .arg(r.seed);
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
                    tr("Delete %n run(s) and everything recorded for them? This cannot be undone.",
                       nullptr, static_cast<int>(ids.size())),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("deleteDialog"));
    box.setInformativeText(names.join(QLatin1Char('\n')));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() == QMessageBox::Yes) deleteSelected();
}

void HistoryView::deleteSelected() {
    try {
        storage::RunStore store(databasePath_.toStdString());
        for (qint64 id : selectedIds()) {
            store.deleteRun(id);
            storage::removeCheckpoint(storage::checkpointFolder(store.path(), id));
        }
    } catch (const std::exception& e) {
        Q_EMIT error(tr("Delete runs"), QString::fromStdString(e.what()));
    }
    reload();
}

bool HistoryView::exportSelected(const QString& path) {
    const auto ids = selectedIds();
    if (ids.isEmpty()) return false;
    try {
        storage::RunStore store(databasePath_.toStdString());
        const std::string text = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)
                                     ? storage::exportRunCsv(store, ids.first())
                                     : storage::exportRunJson(store, ids.first()).dump(2) + "\n";
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
