#pragma once

#include <optional>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QRect>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "run_events.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QShortcut;
class QTabWidget;
class QTimer;

namespace pf::ui {

class ConfigForm;
class LivePlots;
class MatrixView;
class TaskPreview;
class HistoryView;
class SampleInspector;
class CompareView;
class TrainingSession;

/// The main window: the experiment panel (preset and the generated hyperparameter form), the
/// live view (loss, per-task accuracy, accuracy matrix), run controls, a log pane and a status
/// bar with progress, images per second and an ETA.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Fills the form from a built-in preset.
    void loadPreset(const QString& name);

    /// The window's pages, as its tabs show them.
    enum class Page { Tasks, Live, Matrix, Samples, History, Compare };
    /// The page a lower-case name names ("tasks", "live", "matrix", "samples", "history",
    /// "compare"); nothing for another name.
    static std::optional<Page> pageNamed(const QString& name);
    void showPage(Page page);
    Page currentPage() const;
    /// True while a run, a resumed run or the replay of a stored run is in progress.
    bool isBusy() const;

    /// Presentation mode (View > Presentation, F11): full screen, the panels hidden, large
    /// text, one plot at a time with captions in plain words. Off restores the window as it was.
    void setPresentation(bool on);
    bool presentation() const { return presentation_; }
    /// Fits the window into the available area of its screen (size and place), keeping it
    /// maximised or full screen as it is.
    void fitToScreen();

    ConfigForm* configForm() const { return form_; }
    QComboBox* presetBox() const { return presets_; }
    /// The preset last loaded into the form (its name, e.g. "forgetting-demo").
    const QString& presetName() const { return presetName_; }
    LivePlots* livePlots() const { return live_; }
    MatrixView* matrixView() const { return matrix_; }
    TaskPreview* taskPreview() const { return preview_; }
    /// Whether the task preview is still to follow the form (waiting for typing to pause, or
    /// loading).
    bool previewPending() const;
    HistoryView* historyView() const { return history_; }
    SampleInspector* sampleInspector() const { return inspector_; }
    CompareView* compareView() const { return compare_; }
    TrainingSession* session() const { return session_; }
    QAction* startAction() const { return start_; }
    QAction* pauseAction() const { return pause_; }
    QAction* stopAction() const { return stop_; }
    QAction* presentationAction() const { return presentationAction_; }
    /// Id of the run in progress or last run; 0 before the first.
    qint64 currentRunId() const { return runId_; }
    QString logText() const;
    /// What Help > About says: versions, the BLAS and its kernel, the threads runs use.
    QString aboutText() const;

Q_SIGNALS:
    /// Every event of the session's job, after the window has shown it.
    void runEvent(const pf::storage::RunEvent& event);
    /// The session's job has ended; the window is idle again.
    void idle();

public Q_SLOTS:
    void startRun();
    void togglePause();
    void stopRun();
    void stepEpoch();
    void showAbout();
    /// Shows a stored run's plots and matrix in the Live and matrix tabs, as they were live:
    /// replayed in the training thread, so the views fill as its events arrive.
    void openRun(qint64 id);
    /// Goes on with an interrupted, stopped or failed stored run from its checkpoint: its
    /// stored tasks are shown, then the tasks left train live.
    void resumeStoredRun(qint64 id);
    /// Shows runs side by side in the Compare tab.
    void compareRuns(const QList<qint64>& ids);
    /// Sets the running run's learning rate from its next step; false (with a message for a
    /// bad value) when not applied.
    bool applyLearningRate(const QString& text);
    /// Fills the form from a JSON config file; a file that is not a valid config is refused
    /// with a message naming it and what is wrong, and the form keeps its values.
    bool openConfigFile(const QString& path);
    /// Writes the form's config as JSON (whole or not at all); false, with a message, on error.
    bool saveConfigFile(const QString& path);
    /// Uses the run store at `path` (created when new) for History, Compare and new runs, and
    /// from the next start; refuses a file that is not a run store, and while a run is on.
    bool openStore(const QString& path);
    const QString& databasePath() const { return databasePath_; }
    /// Writes the run kept in memory after its store failed into the store at `path` (created
    /// if needed); false, with a message, when that fails too.
    bool saveKeptRun(const QString& path);
    /// True while a run whose store failed is kept in memory, unsaved (no recovery store could
    /// be written either).
    bool hasKeptRun() const { return kept_ != nullptr; }
    /// The recovery store the last run whose store failed was saved into; empty when none.
    const QString& recoveredStore() const { return recovered_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    /// Resets the progress state of a run about to start; the Live plots are cleared unless
    /// they keep the comparison's earlier runs.
    void prepareLaunch(bool clearPlots = true);
    /// openRun() without the check for a run in progress.
    void showStoredRun(qint64 id);
    /// The widget of `page`'s tab.
    QWidget* pageWidget(Page page) const;
    /// Every event of the session's job, handed to the handler of its kind.
    void onEvent(const pf::storage::RunEvent& event);
    void onRunStored(const pf::storage::RunStoredEvent& e);
    void onStoreFailed(const pf::storage::StoreFailedEvent& e);
    void onRunKept(const pf::storage::RunKeptEvent& e);
    void onReplay(const pf::storage::ReplayEvent& e);
    void onCheckpointed(const pf::training::CheckpointEvent& e);
    void buildActions();
    void buildLayout();
    void updateActions();
    void log(const QString& line);
    /// Logs the BLAS and its kernel; says when matrix products run slower than they could.
    void reportMatrixProducts();
    void showError(const QString& title, const QString& message);
    void onRunStarted(const pf::training::RunStartEvent& e);
    void onTaskStarted(const pf::training::TaskStartEvent& e);
    void onStep(const pf::training::StepEvent& e);
    void onEpochEnded(const pf::training::EpochEvent& e);
    void onEvaluated(const pf::training::EvaluationEvent& e);
    void onRunEnded(const pf::training::RunEndEvent& e);
    void onFailed(const QString& message);

    QString databasePath_;
    QString blasNotice_;  ///< why matrix products are slow, with their rate (empty: they are not)
    TrainingSession* session_ = nullptr;
    ConfigForm* form_ = nullptr;
    QComboBox* presets_ = nullptr;
    QLabel* presetDescription_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    LivePlots* live_ = nullptr;
    MatrixView* matrix_ = nullptr;
    TaskPreview* preview_ = nullptr;
    HistoryView* history_ = nullptr;
    SampleInspector* inspector_ = nullptr;
    CompareView* compare_ = nullptr;
    /// Runs created by the current Start (a comparison has several), for the compare view.
    QList<qint64> startedRuns_;
    QTimer* previewTimer_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QAction* start_ = nullptr;
    QAction* pause_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* step_ = nullptr;
    QAction* applyLr_ = nullptr;
    QAction* saveKept_ = nullptr;
    QAction* presentationAction_ = nullptr;
    QAction* fullScreen_ = nullptr;
    bool presentation_ = false;
    QList<QShortcut*> presentationKeys_;  ///< Escape, Page Up, Page Down: presentation only
    QByteArray beforePresentation_;       ///< the docks and toolbars as they were
    bool wasFullScreen_ = false;
    QRect normalGeometry_;          ///< the window's place and size before presentation
    bool fitted_ = false;           ///< fitted to its screen when first shown
    QString runWho_;                ///< "run 12 finetune": names a faded comparison run
    nlohmann::json startedConfig_;  ///< the form as a comparison was started (null: none)
    QString presetName_;            ///< the preset last loaded into the form
    nlohmann::json presetConfig_;   ///< the form as that preset filled it (edits differ)
    std::shared_ptr<const storage::RunJournal> kept_;  ///< a run its store could not take
    QLineEdit* lrEdit_ = nullptr;
    qint64 runId_ = 0;
    int tasks_ = 0;
    int epochs_ = 1;
    qint64 stepsPerEpoch_ = 1;
    QElapsedTimer clock_;
    qint64 statusShownAt_ = -1;      ///< clock_ ms of the last per-step status line
    double doneAtStart_ = 0.0;       ///< share of the run done when it (re)started, for the ETA
    bool checkpointWarned_ = false;  ///< a failed checkpoint was shown once this run
    bool closeWhenDone_ = false;
    bool replaying_ = false;      ///< the events arriving are a stored run's record
    int comparisonIndex_ = 0;     ///< the running run's place in its comparison
    int comparisonCount_ = 1;     ///< runs in that comparison
    bool showingStored_ = false;  ///< the session's job is a replay (History > Open)
    QString recovered_;           ///< the recovery store of the last run whose store failed
    bool lastRunFinished_ = false;
};

}  // namespace pf::ui
