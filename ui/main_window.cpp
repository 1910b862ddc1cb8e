#include "main_window.h"

#include <cmath>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "application.h"
#include "common/system_info.h"
#include "compare_view.h"
#include "config_form.h"
#include "experiment/experiment_config.h"
#include "history_view.h"
#include "labels.h"
#include "live_plots.h"
#include "matrix_view.h"
#include "plot_deck.h"
#include "plot_widget.h"
#include "prompt_use_view.h"
#include "run/run_store.h"
#include "sample_inspector.h"
#include "task_preview.h"
#include "training_session.h"

namespace pf::ui {
namespace {

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("-");
    const int s = static_cast<int>(std::lround(seconds));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : QMainWindow(parent), databasePath_(databasePath) {
    setWindowTitle(tr("PromptFusion Studio"));
    session_ = new TrainingSession(this);
    buildActions();
    buildLayout();

    connect(session_, &TrainingSession::event, this, &MainWindow::onEvent);
    connect(session_, &TrainingSession::failed, this, &MainWindow::onFailed);
    connect(session_, &TrainingSession::finished, this, [this] {
        replaying_ = false;
        if (closeWhenDone_) {
            close();
            return;
        }
        if (!startedConfig_.is_null()) {
            // The form followed the comparison's runs; it shows the comparison again.
            form_->setConfig(startedConfig_);
            startedConfig_ = nullptr;
        }
        if (showingStored_) {
            // A replay leaves the window as it was, showing the stored run.
            showingStored_ = false;
        } else {
            history_->reload();
            // The runs of a finished comparison (the forgetting demo) open side by side.
            if (lastRunFinished_ && startedRuns_.size() > 1) compareRuns(startedRuns_);
        }
        updateActions();
        Q_EMIT idle();
    });
    connect(form_, &ConfigForm::changed, this, &MainWindow::updateActions);
    // The task preview follows the form, once typing pauses and only for a valid config.
    previewTimer_ = new QTimer(this);
    previewTimer_->setSingleShot(true);
    previewTimer_->setInterval(400);
    connect(form_, &ConfigForm::changed, previewTimer_, qOverload<>(&QTimer::start));
    connect(previewTimer_, &QTimer::timeout, this, [this] {
        // The form follows a comparison's runs while it trains: the tasks are the same.
        if (session_->isRunning()) return;
        if (form_->validationError().isEmpty())
            preview_->setConfig(QString::fromStdString(form_->config().dump()));
    });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // A first start suggests the forgetting demo (and says so in the log).
    const bool firstStart = !settings.contains(QStringLiteral("lastPreset"));
    const QString preset =
        settings.value(QStringLiteral("lastPreset"), QStringLiteral("forgetting-demo")).toString();
    loadPreset(presets_->findData(preset) >= 0 ? preset : presets_->itemData(0).toString());
    if (firstStart)
        log(
            tr("Welcome. The forgetting demo is loaded: press Start (Ctrl+R) to watch fine-tuning "
               "forget each task and PromptFusion keep them (about half a minute on two cores). "
               "Other experiments are in the Preset box."));
    updateActions();
    previewTimer_->start();
    reportMatrixProducts();
}

void MainWindow::reportMatrixProducts() {
    const SystemInfo info = systemInfo();
    log(tr("BLAS: %1").arg(QString::fromStdString(info.blas)));
    if (!info.kernel.kernel.empty())
        log(tr("BLAS kernel: %1").arg(QString::fromStdString(info.kernel.describe())));
    // Said once, where it stays in sight: matrix products slower than this machine allows
    // (a BLAS pfstudio cannot correct: the reference BLAS, or the user's own kernel choice).
    blasNotice_ = QString::fromStdString(slowMatrixProducts(info));
    if (!blasNotice_.isEmpty()) {
        log(tr("Warning: %1").arg(blasNotice_));
        auto* slow = new QLabel(tr("Slow matrix products"), this);
        slow->setObjectName(QStringLiteral("slowMatrixProducts"));
        slow->setToolTip(blasNotice_);
        slow->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
        statusBar()->addPermanentWidget(slow);
    }
    // A wrong PFSTUDIO_BLAS_KERNEL: a dialog once the window is up (OpenBLAS's own choice runs).
    if (!info.kernel.settingError.empty()) {
        const QString message = QString::fromStdString(info.kernel.settingError);
        log(tr("Error: %1").arg(message));
        QTimer::singleShot(0, this, [this, message] {
            QMessageBox::warning(
                this, tr("BLAS kernel setting"),
                tr("%1\n\nOpenBLAS's own choice of kernels runs instead.").arg(message));
        });
    }
}

MainWindow::~MainWindow() = default;

bool MainWindow::previewPending() const {
    return previewTimer_->isActive() || preview_->loading();
}

void MainWindow::buildActions() {
    start_ = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this);
    start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    start_->setToolTip(tr("Start a run with the settings on the left (Ctrl+R)"));
    connect(start_, &QAction::triggered, this, &MainWindow::startRun);

    pause_ = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    pause_->setCheckable(true);
    pause_->setToolTip(tr("Pause or resume between batches"));
    connect(pause_, &QAction::triggered, this, &MainWindow::togglePause);

    step_ =
        new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("S&tep epoch"), this);
    step_->setToolTip(tr("Run one more epoch, then pause"));
    connect(step_, &QAction::triggered, this, &MainWindow::stepEpoch);

    stop_ = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("St&op"), this);
    stop_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    stop_->setToolTip(tr("Stop the run; it is stored as stopped (Ctrl+.)"));
    connect(stop_, &QAction::triggered, this, &MainWindow::stopRun);

    saveKept_ = new QAction(tr("Save &kept run as..."), this);
    saveKept_->setObjectName(QStringLiteral("saveKeptAction"));
    saveKept_->setToolTip(tr("Save a run whose store could not be written into another file"));
    saveKept_->setEnabled(false);
    connect(saveKept_, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save kept run as"), QDir::homePath() + QStringLiteral("/recovered.sqlite"),
            tr("Run stores (*.sqlite)"));
        if (!path.isEmpty()) saveKeptRun(path);
    });

    // File: configs as JSON files (the same keys as presets and --config), and the run store.
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    QAction* openConfig = fileMenu->addAction(tr("&Open config..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open config"), QDir::homePath(),
                                                          tr("Configs (*.json);;All files (*)"));
        if (!path.isEmpty()) openConfigFile(path);
    });
    openConfig->setShortcut(QKeySequence::Open);
    openConfig->setToolTip(tr("Fill the form from a JSON config (as pfstudio run --config reads)"));
    QAction* saveConfig = fileMenu->addAction(tr("&Save config as..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save config"),
            QDir::homePath() + QLatin1Char('/') +
                (presetName_.isEmpty() ? QStringLiteral("config") : presetName_) +
                QStringLiteral(".json"),
            tr("Configs (*.json)"));
        if (!path.isEmpty()) saveConfigFile(path);
    });
    saveConfig->setShortcut(QKeySequence::Save);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("Open run &store..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Open run store"), databasePath_, tr("Run stores (*.sqlite);;All files (*)"),
            nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) openStore(path);
    });
    fileMenu->addAction(saveKept_);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addActions({start_, pause_, step_, stop_});

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    // For a room: large text, one plot at a time, captions; F11 in and out, Escape out.
    presentationAction_ = viewMenu->addAction(tr("&Presentation"));
    presentationAction_->setObjectName(QStringLiteral("presentationAction"));
    presentationAction_->setShortcut(QKeySequence(Qt::Key_F11));
    presentationAction_->setCheckable(true);
    connect(presentationAction_, &QAction::toggled, this, &MainWindow::setPresentation);
    addAction(presentationAction_);  // F11 works with the menu bar hidden too
    fullScreen_ = viewMenu->addAction(tr("&Full screen"));
    fullScreen_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    fullScreen_->setCheckable(true);
    connect(fullScreen_, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });
    // Keys of presentation mode only (elsewhere lists and the log page with them): Escape
    // leaves, and a presenter's clicker's Page Up / Page Down show the previous or next plot.
    auto* leave = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(leave, &QShortcut::activated, this, [this] { setPresentation(false); });
    presentationKeys_ << leave;
    for (const auto& [key, delta] : {std::pair{Qt::Key_PageUp, -1}, {Qt::Key_PageDown, 1}}) {
        auto* turn = new QShortcut(QKeySequence(key), this);
        connect(turn, &QShortcut::activated, this, [this, delta = delta] {
            if (tabs_->currentWidget() == live_) live_->deck()->step(delta);
            if (tabs_->currentWidget() == compare_) compare_->deck()->step(delta);
        });
        presentationKeys_ << turn;
    }
    for (QShortcut* key : std::as_const(presentationKeys_))
        key->setEnabled(false);
    // The language: the system's, or one chosen here (kept in QSettings, used from the next
    // start: every string is translated when its widget is built).
    viewMenu->addAction(tr("Compute &threads..."), this, [this] {
        bool ok = false;
        const int cores = std::max(1, QThread::idealThreadCount());
        const int current = QSettings().value(QStringLiteral("threads"), 0).toInt();
        const int threads = QInputDialog::getInt(
            this, tr("Compute threads"),
            tr("Threads for training runs whose config says 0 (0: all %1 cores):").arg(cores),
            current, 0, cores, 1, &ok);
        if (!ok) return;
        QSettings().setValue(QStringLiteral("threads"), threads);
        log(threads == 0 ? tr("Runs use all cores") : tr("Runs use %1 threads").arg(threads));
    });
    // The theme: the system's, light or dark; applied at once and kept for the next start.
    QMenu* theme = viewMenu->addMenu(tr("T&heme"));
    theme->setObjectName(QStringLiteral("themeMenu"));
    auto* themes = new QActionGroup(this);
    const Theme current = themeNamed(QSettings().value(QStringLiteral("theme")).toString());
    for (const auto& [choice, label] : {std::pair{Theme::System, tr("&System")},
                                        {Theme::Light, tr("&Light")},
                                        {Theme::Dark, tr("&Dark")}}) {
        QAction* a = theme->addAction(label);
        a->setObjectName(QStringLiteral("theme-") + themeName(choice));
        a->setCheckable(true);
        a->setChecked(choice == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [choice = choice] {
            applyTheme(choice);
            QSettings().setValue(QStringLiteral("theme"), themeName(choice));
        });
    }
    QMenu* language = viewMenu->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(this);
    const QString chosen = QSettings().value(QStringLiteral("language")).toString();
    const std::pair<QString, QString> choices[] = {
        {QString(), tr("System language")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ja"), QStringLiteral("日本語")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
    for (const auto& [code, label] : choices) {
        QAction* a = language->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == chosen);
        a->setData(code);
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(QStringLiteral("language"), code);
            log(tr("The language changes at the next start."));
        });
    }

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About PromptFusion Studio"), this, &MainWindow::showAbout);

    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({start_, pause_, step_, stop_});
    // Space pauses and resumes while the plots have focus (a teacher's key).
    auto* space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    space->setContext(Qt::ApplicationShortcut);
    connect(space, &QShortcut::activated, this, [this] {
        if (!session_->isRunning() || !tabs_ || !tabs_->currentWidget()) return;
        QWidget* focus = QApplication::focusWidget();
        const bool inPlots = focus && (focus == live_ || live_->isAncestorOf(focus) ||
                                       focus == matrix_ || matrix_->isAncestorOf(focus));
        if (!inPlots) return;
        togglePause();
    });
    // The learning rate of a running run: applied from the next step, recorded per step.
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Learning rate "), bar));
    lrEdit_ = new QLineEdit(bar);
    lrEdit_->setObjectName(QStringLiteral("liveLearningRate"));
    lrEdit_->setMaximumWidth(90);
    lrEdit_->setToolTip(tr("New learning rate for the running run, from its next step"));
    bar->addWidget(lrEdit_);
    applyLr_ = bar->addAction(tr("Apply"), this, [this] { applyLearningRate(lrEdit_->text()); });
    connect(lrEdit_, &QLineEdit::returnPressed, applyLr_, &QAction::trigger);
}

void MainWindow::buildLayout() {
    // Experiment panel.
    auto* panel = new QWidget(this);
    auto* panelLayout = new QVBoxLayout(panel);
    auto* presetRow = new QFormLayout;
    presets_ = new QComboBox(panel);
    presets_->setObjectName(QStringLiteral("presetBox"));
    // As wide as the panel, not as its longest name (the whole name shows in the list).
    presets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presets_->setMinimumContentsLength(16);
    // Presets by their names in plain words: what runs on the data that ships first, the
    // forgetting demo at the top; those that need the user's data or weights last, marked.
    std::vector<std::pair<int, std::string>> order;
    for (const std::string& name : config::presetNames()) {
        const nlohmann::json preset = config::presetJson(name);
        const bool needsData = presetNeedsUserData(preset.value("dataset", std::string()));
        const int rank = name == "forgetting-demo" ? 0
                         : name == "fmnist-r-cil"  ? 1
                         : name == "quick"         ? 2
                         : needsData               ? 4
                                                   : 3;
        order.emplace_back(rank, name);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [rank, name] : order) {
        const nlohmann::json preset = config::presetJson(name);
        QString title = presetTitle(name);
        if (rank == 4) title = tr("%1 (needs your data)").arg(title);
        presets_->addItem(title, QString::fromStdString(name));
        presets_->setItemData(presets_->count() - 1,
                              QString::fromStdString(preset.value("description", std::string())),
                              Qt::ToolTipRole);
    }
    presetRow->addRow(tr("Preset"), presets_);
    panelLayout->addLayout(presetRow);
    presetDescription_ = new QLabel(panel);
    presetDescription_->setWordWrap(true);
    presetDescription_->setStyleSheet(QStringLiteral("color: palette(mid);"));
    panelLayout->addWidget(presetDescription_);
    form_ = new ConfigForm(panel);
    panelLayout->addWidget(form_, 1);
    connect(presets_, &QComboBox::activated, this, [this](int index) {
        const QString name = presets_->itemData(index).toString();
        if (name == presetName_ && form_->config() == presetConfig_) return;
        // Edits are not dropped unasked.
        if (form_->config() != presetConfig_) {
            QMessageBox box(QMessageBox::Question, tr("Load preset"),
                            tr("Load preset %1? Your changes to the settings are lost.")
                                .arg(presets_->itemText(index)),
                            QMessageBox::Discard | QMessageBox::Cancel, this);
            box.setObjectName(QStringLiteral("presetDialog"));
            box.button(QMessageBox::Discard)->setText(tr("Discard changes"));
            box.setDefaultButton(QMessageBox::Cancel);
            if (box.exec() != QMessageBox::Discard) {
                presets_->setCurrentIndex(presets_->findData(presetName_));
                return;
            }
        }
        loadPreset(name);
    });

    auto* experimentDock = new QDockWidget(tr("Experiment"), this);
    experimentDock->setObjectName(QStringLiteral("experimentDock"));
    experimentDock->setWidget(panel);
    experimentDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, experimentDock);

    // Live view.
    tabs_ = new QTabWidget(this);
    preview_ = new TaskPreview(tabs_);
    live_ = new LivePlots(tabs_);
    matrix_ = new MatrixView(tabs_);
    tabs_->addTab(preview_, tr("Tasks"));
    history_ = new HistoryView(databasePath_, tabs_);
    compare_ = new CompareView(databasePath_, tabs_);
    tabs_->addTab(live_, tr("Live"));
    tabs_->addTab(matrix_, tr("Accuracy matrix"));
    inspector_ = new SampleInspector(tabs_);
    tabs_->addTab(inspector_, tr("Samples"));
    tabs_->addTab(history_, tr("History"));
    tabs_->addTab(compare_, tr("Compare"));
    connect(history_, &HistoryView::openRun, this, &MainWindow::openRun);
    connect(history_, &HistoryView::compareRuns, this, &MainWindow::compareRuns);
    connect(history_, &HistoryView::resumeRun, this, &MainWindow::resumeStoredRun);
    connect(history_, &HistoryView::error, this, &MainWindow::showError);
    connect(history_, &HistoryView::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(compare_, &CompareView::error, this, &MainWindow::showError);
    connect(matrix_, &MatrixView::error, this, &MainWindow::showError);
    connect(history_, &HistoryView::rerun, this, [this](const QString& config) {
        if (session_->isRunning()) {
            showError(tr("Re-run"), tr("A run is in progress; re-run it when it has ended."));
            return;
        }
        try {
            form_->setConfig(nlohmann::json::parse(config.toStdString()));
        } catch (const std::exception& e) {
            showError(tr("Re-run"), QString::fromStdString(e.what()));
            return;
        }
        startRun();
    });
    setCentralWidget(tabs_);

    // Log.
    log_ = new QPlainTextEdit(this);
    log_->setObjectName(QStringLiteral("logPane"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(log_);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    // A closed Log comes back from View > Log.
    QAction* showLog = logDock->toggleViewAction();
    showLog->setText(tr("Lo&g"));
    showLog->setObjectName(QStringLiteral("showLogAction"));
    if (auto* view = menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu")))
        view->insertAction(view->actions().value(1), showLog);

    // Status bar.
    statusLabel_ = new QLabel(tr("Ready"), this);
    // A long status line is cut, never a reason for the window to be wider than the screen.
    statusLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusLabel_->setMinimumWidth(0);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(false);
    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(progress_);
    panel->setMinimumWidth(320);
    resize(1280, 820);
    // On a short screen (a projector's 720 lines) the Log gives its room to the plots.
    const QScreen* where = screen();
    const bool shortScreen = where && where->availableGeometry().height() < 800;
    resizeDocks({logDock}, {shortScreen ? 90 : 150}, Qt::Vertical);
    resizeDocks({experimentDock}, {360}, Qt::Horizontal);
}

void MainWindow::loadPreset(const QString& name) {
    try {
        const nlohmann::json preset = config::presetJson(name.toStdString());
        presets_->setCurrentIndex(presets_->findData(name));
        presetDescription_->setText(
            QString::fromStdString(preset.value("description", std::string())));
        form_->setConfig(preset);
        presetName_ = name;
        presetConfig_ = form_->config();
        if (previewTimer_) previewTimer_->start();
        QSettings().setValue(QStringLiteral("lastPreset"), name);
    } catch (const std::exception& e) {
        showError(tr("Preset"), QString::fromStdString(e.what()));
    }
    updateActions();
}

void MainWindow::updateActions() {
    const bool running = session_->isRunning();
    const QString error = form_->validationError();
    start_->setEnabled(!running && error.isEmpty());
    start_->setToolTip(error.isEmpty() ? tr("Start a run with the settings on the left (Ctrl+R)")
                                       : tr("Cannot start: %1").arg(error));
    pause_->setEnabled(running);
    step_->setEnabled(running);
    stop_->setEnabled(running);
    lrEdit_->setEnabled(running);
    applyLr_->setEnabled(running);
    if (!running) pause_->setChecked(false);
    form_->setEnabled(!running);
    presets_->setEnabled(!running);
    history_->setBusy(running);
}

void MainWindow::log(const QString& line) {
    if (replaying_) return;  // a stored run's record fills the views, not the log
    log_->appendPlainText(line);
}

QString MainWindow::logText() const {
    return log_->toPlainText();
}

void MainWindow::startRun() {
    if (session_->isRunning()) return;
    if (!form_->validationError().isEmpty()) {
        QMessageBox::warning(this, tr("Invalid settings"), form_->validationError());
        return;
    }
    startedRuns_.clear();
    config::ExperimentConfig config;
    try {
        nlohmann::json object = form_->config();
        // threads 0 ("all cores") gives way to the thread count chosen in View > Compute threads.
        const int preferred = QSettings().value(QStringLiteral("threads"), 0).toInt();
        if (preferred > 0 && object.value("threads", 0) == 0) object["threads"] = preferred;
        config = config::ExperimentConfig::fromJson(object);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Invalid settings"), QString::fromUtf8(e.what()));
        return;
    }
    if (const auto runs = config.comparisonRuns().size(); runs > 1)
        log(tr("Comparison: %n runs on the same task sequence, one after the other", nullptr,
               static_cast<int>(runs)));
    prepareLaunch();
    session_->start(config, databasePath_);
    lrEdit_->setText(QString::number(config.options.training.lr, 'g', 6));
    tabs_->setCurrentWidget(live_);
    updateActions();
    statusLabel_->setText(tr("Loading data..."));
}

void MainWindow::prepareLaunch(bool clearPlots) {
    runId_ = 0;
    recovered_.clear();
    lastRunFinished_ = false;
    checkpointWarned_ = false;
    doneAtStart_ = 0.0;
    if (clearPlots) live_->clear();
    matrix_->setMatrix(metrics::AccuracyMatrix());
    matrix_->promptUse()->clear();
    inspector_->clear();
    progress_->setValue(0);
    clock_.start();
    statusShownAt_ = -1;
}

void MainWindow::resumeStoredRun(qint64 id) {
    if (session_->isRunning()) {
        showError(tr("Resume run"), tr("A run is in progress; resume another when it has ended."));
        return;
    }
    startedRuns_.clear();
    prepareLaunch();
    lrEdit_->clear();
    session_->resumeStored(id, databasePath_);
    log(tr("Resuming run %1 from its checkpoint").arg(id));
    tabs_->setCurrentWidget(live_);
    updateActions();
    statusLabel_->setText(tr("Loading data..."));
}

std::optional<MainWindow::Page> MainWindow::pageNamed(const QString& name) {
    static const std::pair<const char*, Page> pages[] = {
        {"tasks", Page::Tasks},     {"live", Page::Live},       {"matrix", Page::Matrix},
        {"samples", Page::Samples}, {"history", Page::History}, {"compare", Page::Compare}};
    for (const auto& [n, page] : pages)
        if (name == QLatin1String(n)) return page;
    return std::nullopt;
}

QWidget* MainWindow::pageWidget(Page page) const {
    QWidget* const widgets[] = {preview_, live_, matrix_, inspector_, history_, compare_};
    return widgets[static_cast<int>(page)];
}

void MainWindow::showPage(Page page) {
    tabs_->setCurrentWidget(pageWidget(page));
}

MainWindow::Page MainWindow::currentPage() const {
    for (Page page :
         {Page::Tasks, Page::Live, Page::Matrix, Page::Samples, Page::History, Page::Compare})
        if (tabs_->currentWidget() == pageWidget(page)) return page;
    return Page::Tasks;
}

bool MainWindow::isBusy() const {
    return session_->isRunning();
}

void MainWindow::setPresentation(bool on) {
    if (on == presentation_) return;
    presentation_ = on;
    presentationAction_->setChecked(on);
    for (QShortcut* key : std::as_const(presentationKeys_))
        key->setEnabled(on);
    if (on) {
        beforePresentation_ = saveState();
        wasFullScreen_ = isFullScreen();
        normalGeometry_ = geometry();
        for (QDockWidget* dock : findChildren<QDockWidget*>())
            dock->hide();
        // The plot takes the room: no menus (F11 and Escape still work) and no status line.
        menuBar()->hide();
        statusBar()->hide();
        // Large enough to read from the back row; every widget below takes it.
        QFont big = QApplication::font();
        big.setPointSizeF(big.pointSizeF() * 1.75);
        setFont(big);
        live_->setPresentation(true);
        compare_->setPresentation(true);
        showFullScreen();
    } else {
        // The contents as they were first, then the window, so that it takes its old size.
        live_->setPresentation(false);
        compare_->setPresentation(false);
        setFont(QFont());  // the application's font again
        menuBar()->show();
        statusBar()->show();
        restoreState(beforePresentation_);
        if (!wasFullScreen_) {
            showNormal();
            setGeometry(normalGeometry_);
        }
    }
    log(on ? tr("Presentation: F11 or Escape to leave, Page Up / Page Down for other plots")
           : tr("Presentation ended"));
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!fitted_) {
        fitted_ = true;
        fitToScreen();
    }
}

void MainWindow::fitToScreen() {
    const QScreen* where = screen();
    if (!where || isMaximized() || isFullScreen()) return;
    const QRect area = where->availableGeometry();
    // The frame the window system adds (none known before the window is first shown).
    const QSize frame = frameGeometry().size() - geometry().size();
    const QSize size =
        geometry().size().boundedTo(area.size() - frame).expandedTo(minimumSizeHint());
    resize(size);
    const QSize outer = size + frame;
    const int x = std::clamp(frameGeometry().x(), area.left(),
                             std::max(area.left(), area.right() + 1 - outer.width()));
    const int y = std::clamp(frameGeometry().y(), area.top(),
                             std::max(area.top(), area.bottom() + 1 - outer.height()));
    move(x, y);
}

void MainWindow::onEvent(const storage::RunEvent& event) {
    // Each kind of event to the window's handler of it, through the core's own dispatch.
    // Zero-shot figures and task ends have no view of their own.
    struct Handler : storage::RunListener {
        explicit Handler(MainWindow& window) : w(window) {}
        void onRunStart(const training::RunStartEvent& e) override { w.onRunStarted(e); }
        void onTaskStart(const training::TaskStartEvent& e) override { w.onTaskStarted(e); }
        void onStep(const training::StepEvent& e) override { w.onStep(e); }
        void onEpochEnd(const training::EpochEvent& e) override { w.onEpochEnded(e); }
        void onEvaluation(const training::EvaluationEvent& e) override { w.onEvaluated(e); }
        void onSamples(const training::SamplesEvent& e) override { w.inspector_->setSamples(e); }
        void onCheckpoint(const training::CheckpointEvent& e) override { w.onCheckpointed(e); }
        void onRunEnd(const training::RunEndEvent& e) override { w.onRunEnded(e); }
        void onRunStored(const storage::RunStoredEvent& e) override { w.onRunStored(e); }
        void onWarning(const storage::WarningEvent& e) override {
            w.log(tr("Warning: %1").arg(QString::fromStdString(e.message)));
        }
        void onStoreFailed(const storage::StoreFailedEvent& e) override { w.onStoreFailed(e); }
        void onRunKept(const storage::RunKeptEvent& e) override { w.onRunKept(e); }
        void onReplay(const storage::ReplayEvent& e) override { w.onReplay(e); }
        MainWindow& w;
    } handler(*this);
    storage::deliver(event, handler);
    Q_EMIT runEvent(event);
}

void MainWindow::onRunStored(const storage::RunStoredEvent& e) {
    if (e.index > 0) {
        // The next run of a comparison trains over the earlier runs' curves, faded.
        live_->fadeRun(runWho_);
        prepareLaunch(false);
    }
    if (e.count > 1) {
        // The form shows the method training now, and the comparison again at its end.
        if (e.index == 0) startedConfig_ = form_->config();
        form_->setConfig(e.config.toJson());
    }
    runId_ = e.runId;
    comparisonIndex_ = e.index;
    comparisonCount_ = e.count;
    startedRuns_ << e.runId;
    lrEdit_->setText(QString::number(e.config.options.training.lr, 'g', 6));
    history_->reload();
    log(tr("Run %1 stored in %2").arg(e.runId).arg(databasePath_));
}

void MainWindow::onStoreFailed(const storage::StoreFailedEvent& e) {
    const QString why = QString::fromStdString(e.why);
    log(tr("Error: the run store cannot be written: %1").arg(why));
    if (!closeWhenDone_)
        showError(tr("Run store"),
                  tr("The run store cannot be written:\n%1\n\nTraining goes on and keeps its "
                     "results in memory. When the run ends, they are saved into a recovery store "
                     "beside it.")
                      .arg(why));
}

void MainWindow::onRunKept(const storage::RunKeptEvent& e) {
    if (!e.recoveryPath.empty()) {
        const QString where = QString::fromStdString(e.recoveryPath);
        log(tr("Run %1's results were saved as run %2 of %3")
                .arg(e.runId)
                .arg(e.recoveryId)
                .arg(where));
        recovered_ = where;
        if (!closeWhenDone_)
            showError(tr("Run store"),
                      tr("The run store failed (%1), so run %2's results were saved as run %3 "
                         "of\n%4")
                          .arg(QString::fromStdString(e.why))
                          .arg(e.runId)
                          .arg(e.recoveryId)
                          .arg(where));
        return;
    }
    // No recovery store could be written either: the results exist only here.
    kept_ = e.journal;
    saveKept_->setEnabled(true);
    log(tr("The run's results could not be saved (%1); they are kept in memory: Run > Save "
           "kept run as... writes them into another file")
            .arg(QString::fromStdString(e.recoveryError)));
}

void MainWindow::onReplay(const storage::ReplayEvent& e) {
    replaying_ = e.started;
    if (e.started) {
        runId_ = e.runId;
        // The store keeps no sample images: another run's must not stand under this one.
        if (showingStored_)
            inspector_->clear(tr("Run %1 is a stored run: sample images are shown while a run "
                                 "trains and are not stored.")
                                  .arg(e.runId));
        return;
    }
    if (!showingStored_) return;  // a resumed run's kept tasks: the rest trains now
    statusLabel_->setText(tr("Showing run %1: %2 (%3)")
                              .arg(e.runId)
                              .arg(QString::fromStdString(e.name))
                              .arg(statusText(e.status)));
    tabs_->setCurrentWidget(live_);
}

void MainWindow::onCheckpointed(const training::CheckpointEvent& e) {
    if (e.error.empty()) return;
    // The run goes on; only resuming from this task is lost. Said once per run.
    log(tr("Warning: no checkpoint after task %1: %2")
            .arg(e.afterTask + 1)
            .arg(QString::fromStdString(e.error)));
    if (!checkpointWarned_ && !closeWhenDone_)
        showError(tr("Checkpoint not written"),
                  tr("The checkpoint after task %1 could not be written, so the run cannot "
                     "resume from there if it is interrupted. Training goes on.\n\n%2")
                      .arg(e.afterTask + 1)
                      .arg(QString::fromStdString(e.error)));
    checkpointWarned_ = true;
}

void MainWindow::togglePause() {
    if (!session_->isRunning()) return;
    if (session_->isPaused()) {
        session_->resume();
        pause_->setChecked(false);
        log(tr("Resumed"));
    } else {
        session_->pause();
        pause_->setChecked(true);
        log(tr("Paused"));
        statusLabel_->setText(tr("Paused"));
    }
}

void MainWindow::stepEpoch() {
    session_->stepEpoch();
    pause_->setChecked(false);
    log(tr("Running one more epoch"));
}

void MainWindow::stopRun() {
    if (!session_->isRunning()) return;
    session_->stop();
    log(tr("Stopping at the next batch..."));
}

void MainWindow::onRunStarted(const training::RunStartEvent& e) {
    tasks_ = e.tasks;
    // Whose curves these are.
    const QString who =
        tr("%1 (%2)").arg(QString::fromStdString(e.name), QString::fromStdString(e.method));
    QString title;
    if (replaying_)
        title = tr("Stored run %1: %2").arg(runId_).arg(who);
    else if (comparisonCount_ > 1)
        title = tr("Run %1, %2 of %3 in the comparison: %4")
                    .arg(runId_)
                    .arg(comparisonIndex_ + 1)
                    .arg(comparisonCount_)
                    .arg(who);
    else
        title = tr("Run %1: %2").arg(runId_).arg(who);
    if (!live_->fadedRuns().isEmpty())
        title += tr("; dotted: %1").arg(live_->fadedRuns().join(QStringLiteral(", ")));
    live_->setRunTitle(title);
    runWho_ = tr("run %1 %2").arg(runId_).arg(QString::fromStdString(e.method));
    if (e.resumedAfterTask >= 0) {
        // The completed tasks are on show already (runReopened): the run goes on from there.
        doneAtStart_ = e.tasks > 0 ? (e.resumedAfterTask + 1.0) / e.tasks : 0.0;
        progress_->setValue(static_cast<int>(doneAtStart_ * 1000));
        log(tr("%1: %2, resumed after task %3 of %4, %5 threads")
                .arg(QString::fromStdString(e.name), QString::fromStdString(e.method))
                .arg(e.resumedAfterTask + 1)
                .arg(e.tasks)
                .arg(e.threads));
        return;
    }
    QStringList labels;
    for (const auto& names : e.taskClasses) {
        QStringList n;
        for (const std::string& s : names)
            n << QString::fromStdString(s);
        labels << n.join(QStringLiteral(", "));
    }
    live_->reset(e.tasks, labels);
    matrix_->setMatrix(metrics::AccuracyMatrix(e.tasks));
    matrix_->promptUse()->clear();
    log(tr("%1: %2, %3 tasks, %4 trainable parameters, %5 threads")
            .arg(QString::fromStdString(e.name), QString::fromStdString(e.method))
            .arg(e.tasks)
            .arg(e.trainableParameters)
            .arg(e.threads));
    if (e.stepParts > 1)
        log(tr("Each training step is split by batch into %1 parts, one per thread")
                .arg(e.stepParts));
}

void MainWindow::onTaskStarted(const training::TaskStartEvent& e) {
    QStringList names;
    for (const std::string& s : e.classNames)
        names << QString::fromStdString(s);
    epochs_ = std::max(1, e.epochs);
    stepsPerEpoch_ = std::max<qint64>(1, e.stepsPerEpoch);
    log(tr("Task %1/%2 [%3]: %4 training images, %5 steps x %6 epochs")
            .arg(e.task + 1)
            .arg(e.tasks)
            .arg(e.domain.empty() ? names.join(QStringLiteral(", "))
                                  : tr("domain %1").arg(QString::fromStdString(e.domain)))
            .arg(e.trainSamples)
            .arg(e.stepsPerEpoch)
            .arg(e.epochs));
    live_->addTaskStart(e);
}

void MainWindow::onStep(const training::StepEvent& e) {
    live_->addStep(e);
    if (replaying_) return;
    // The status line and progress bar at most 10 times a second: each new text lays the
    // status bar out again, and a step can take a few milliseconds.
    const qint64 now = clock_.elapsed();
    const bool lastOfEpoch = e.stepInEpoch + 1 == e.stepsPerEpoch;
    if (statusShownAt_ >= 0 && now - statusShownAt_ < 100 && !lastOfEpoch) return;
    statusShownAt_ = now;
    const double within = (e.epoch * static_cast<double>(stepsPerEpoch_) + e.stepInEpoch + 1) /
                          (static_cast<double>(epochs_) * stepsPerEpoch_);
    const double done = tasks_ > 0 ? (e.task + std::min(1.0, within)) / tasks_ : 0.0;
    progress_->setValue(static_cast<int>(done * 1000));
    const double elapsed = clock_.elapsed() / 1000.0;
    // What is left at the pace of what this session trained (a resumed run began part-way).
    const double eta = done > doneAtStart_ ? elapsed * (1.0 - done) / (done - doneAtStart_) : NAN;
    if (!session_->isPaused())
        statusLabel_->setText(tr("Task %1/%2 · epoch %3/%4 · loss %5 · %6 img/s · ETA %7")
                                  .arg(e.task + 1)
                                  .arg(tasks_)
                                  .arg(e.epoch + 1)
                                  .arg(epochs_)
                                  .arg(e.loss, 0, 'f', 4)
                                  .arg(e.imagesPerSecond, 0, 'f', 0)
                                  .arg(formatDuration(eta)));
}

void MainWindow::onEpochEnded(const training::EpochEvent& e) {
    log(tr("  epoch %1/%2: mean loss %3, %4 s")
            .arg(e.epoch + 1)
            .arg(e.epochs)
            .arg(e.meanLoss, 0, 'f', 4)
            .arg(e.seconds, 0, 'f', 1));
    if (session_->isPaused()) {
        pause_->setChecked(true);
        statusLabel_->setText(tr("Paused after epoch %1").arg(e.epoch + 1));
    }
}

void MainWindow::onEvaluated(const training::EvaluationEvent& e) {
    live_->addEvaluation(e);
    matrix_->setMatrix(e.matrix);
    matrix_->promptUse()->addEvaluation(e.afterTask, e.figures);
    QStringList acc;
    for (double a : e.accuracies)
        acc << QString::number(a, 'f', 3);
    QString line = tr("  accuracy after task %1: %2 | average %3")
                       .arg(e.afterTask + 1)
                       .arg(acc.join(QLatin1Char(' ')))
                       .arg(e.summary.averageAccuracy, 0, 'f', 3);
    if (e.afterTask > 0) line += tr(", forgetting %1").arg(e.summary.forgetting, 0, 'f', 3);
    log(line);
}

void MainWindow::onRunEnded(const training::RunEndEvent& e) {
    if (replaying_) {
        matrix_->setMatrix(e.matrix);
        return;
    }
    const QString status = statusText(training::statusName(e.status));
    const double acc = metrics::finalAverageAccuracy(e.matrix);
    const double forgetting = metrics::finalForgetting(e.matrix);
    QString line = tr("Run %1 %2 after %3 s").arg(runId_).arg(status).arg(e.seconds, 0, 'f', 1);
    if (std::isfinite(acc)) line += tr(": average accuracy %1").arg(acc, 0, 'f', 4);
    if (std::isfinite(forgetting)) line += tr(", forgetting %1").arg(forgetting, 0, 'f', 4);
    log(line);
    statusLabel_->setText(line);
    lastRunFinished_ = e.status == training::RunStatus::Finished;
    if (lastRunFinished_) progress_->setValue(1000);
    if (!e.error.empty() && !closeWhenDone_)
        showError(tr("Run %1").arg(status), QString::fromStdString(e.error));
}

void MainWindow::onFailed(const QString& message) {
    replaying_ = false;
    if (showingStored_) {
        showError(tr("Open run"), message);
        return;
    }
    log(tr("Error: %1").arg(message));
    statusLabel_->setText(tr("Error: %1").arg(message));
    if (!closeWhenDone_) showError(tr("Cannot run the experiment"), message);
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Window-modal but not blocking: training events keep arriving while it is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About PromptFusion Studio"), aboutText());
}

QString MainWindow::aboutText() const {
    const SystemInfo info = systemInfo();
    // The threads a run computes with (the GUI thread itself computes on one): the View >
    // Compute threads choice, or every core.
    const int preferred = QSettings().value(QStringLiteral("threads"), 0).toInt();
    const int runThreads = preferred > 0 ? preferred : info.cores;
    return tr("<h3>PromptFusion Studio %1</h3>"
              "<p>Interactive continual learning: watch PromptFusion and its baselines learn a "
              "sequence of tasks.</p>"
              "<p>Qt %2 · LibTorch %3 · OpenCV %4 · SQLite %5</p>"
              "<p>BLAS: %6<br>Kernel: %7<br>Runs compute with %8 threads (%9 cores)</p>")
               .arg(QString::fromStdString(info.appVersion), QString::fromLatin1(qVersion()),
                    QString::fromStdString(info.torch), QString::fromStdString(info.opencv),
                    QString::fromStdString(info.sqlite),
                    QString::fromStdString(info.blas).toHtmlEscaped(),
                    QString::fromStdString(info.kernel.kernel.empty() ? std::string("-")
                                                                      : info.kernel.describe())
                        .toHtmlEscaped())
               .arg(runThreads)
               .arg(info.cores) +
           (blasNotice_.isEmpty()
                ? QString()
                : tr("<p><b>Warning:</b> %1</p>").arg(blasNotice_.toHtmlEscaped())) +
           tr("<p>Runs are stored in %1</p>"
              "<p>License: GPL-3.0-or-later.</p>")
               .arg(databasePath_.toHtmlEscaped());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (session_->isRunning()) {
        if (!closeWhenDone_) {
            const auto answer = QMessageBox::question(this, tr("Stop the run?"),
                                                      tr("A run is in progress. Stop it and quit? "
                                                         "It is kept in the history as stopped."));
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
        }
        // Stop cleanly: the window closes once the worker has stored the run as stopped.
        closeWhenDone_ = true;
        session_->stop();
        event->ignore();
        return;
    }
    if (kept_) {
        // The results of a run its store could not take exist only here.
        const auto answer = QMessageBox::question(
            this, tr("Save the kept run?"),
            tr("The last run could not be written to the run store: its results exist only in "
               "memory. Save them into another file before quitting?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            const QString path =
                QFileDialog::getSaveFileName(this, tr("Save kept run as"),
                                             QDir::homePath() + QStringLiteral("/recovered.sqlite"),
                                             tr("Run stores (*.sqlite)"));
            if (path.isEmpty() || !saveKeptRun(path)) {
                event->ignore();
                return;
            }
        }
    }
    history_->finishDeletes();  // deleted runs are gone for good once the window closes
    QSettings settings;
    if (presentation_) setPresentation(false);  // the window's own size and panels are kept
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::compareRuns(const QList<qint64>& ids) {
    compare_->setRuns(ids);
    history_->selectIds(ids);
    tabs_->setCurrentWidget(compare_);
}

void MainWindow::openRun(qint64 id) {
    if (session_->isRunning()) {
        showError(tr("Open run"), tr("A run is in progress; open stored runs when it has ended."));
        return;
    }
    showStoredRun(id);
}

void MainWindow::showStoredRun(qint64 id) {
    // Read and replayed in the training thread; the views fill as its events arrive.
    showingStored_ = true;
    live_->clear();
    session_->replayStored(id, databasePath_);
    updateActions();
}

bool MainWindow::openConfigFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Open config"), tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(file.readAll().toStdString());
        // Checked as a run checks it: an unknown key or a value out of range names itself, and
        // the form keeps what it had.
        config::ExperimentConfig::fromJson(object);
    } catch (const std::exception& e) {
        showError(tr("Open config"), tr("%1 is not a config this version can run:\n%2")
                                         .arg(path, QString::fromUtf8(e.what())));
        return false;
    }
    form_->setConfig(object);
    log(tr("Config loaded from %1").arg(path));
    updateActions();
    return true;
}

bool MainWindow::saveConfigFile(const QString& path) {
    const std::string text = form_->config().dump(2) + "\n";
    QSaveFile file(path);  // whole or not at all
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size()) ||
        !file.commit()) {
        showError(tr("Save config"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    log(tr("Config saved as %1").arg(path));
    return true;
}

bool MainWindow::openStore(const QString& path) {
    if (session_->isRunning()) {
        showError(tr("Open run store"),
                  tr("A run is in progress; open another store when it has ended."));
        return false;
    }
    if (const std::string why = storage::RunStore::whyNotARunStore(path.toStdString());
        !why.empty()) {
        showError(tr("Open run store"), QString::fromStdString(why));
        return false;
    }
    try {
        storage::RunStore store(path.toStdString());  // created when new
    } catch (const std::exception& e) {
        showError(tr("Open run store"), QString::fromStdString(e.what()));
        return false;
    }
    history_->finishDeletes();  // the old store's deletes are final
    databasePath_ = path;
    history_->setDatabasePath(path);
    compare_->setDatabasePath(path);
    QSettings().setValue(QStringLiteral("databasePath"), path);
    log(tr("Run store: %1").arg(path));
    return true;
}

bool MainWindow::saveKeptRun(const QString& path) {
    if (!kept_) return false;
    try {
        storage::RunStore store(path.toStdString());
        const std::int64_t id = kept_->writeTo(store);
        log(tr("Kept run saved as run %1 of %2").arg(id).arg(path));
        kept_.reset();
        saveKept_->setEnabled(false);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Save kept run"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::applyLearningRate(const QString& text) {
    bool ok = false;
    const double lr = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(lr) || lr <= 0.0 || lr > 10.0) {
        showError(tr("Learning rate"),
                  tr("'%1' is not a learning rate: give a number in (0, 10].").arg(text));
        return false;
    }
    if (!session_->isRunning()) return false;
    session_->setLearningRate(lr);
    log(tr("Learning rate %1 from the next step").arg(lr));
    return true;
}

}  // namespace pf::ui
