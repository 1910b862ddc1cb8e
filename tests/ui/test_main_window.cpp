#include <cmath>
#include <thread>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QWheelEvent>
#include <QtTest>

#include "devtools/gui_bench.h"
#include "devtools/history_bench.h"
#include "io/checkpoint_folder.h"
#include "io/sqlite.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "same_values.h"
#include "synthetic_data.h"
#include "training/experiment.h"
#include "ui/compare_view.h"
#include "ui/config_form.h"
#include "ui/history_view.h"
#include "ui/labels.h"
#include "ui/live_plots.h"
#include "ui/main_window.h"
#include "ui/matrix_view.h"
#include "ui/plot_widget.h"
#include "ui/prompt_use_view.h"
#include "ui/sample_inspector.h"
#include "ui/task_preview.h"
#include "ui/training_session.h"

using namespace pf;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        test::SyntheticOptions o;
        o.trainPerClass = 30;
        test::writeSyntheticFashionMnist(data_.path().toStdString(), o);
    }

    // A first start suggests the forgetting demo, lists presets by plain names (those that
    // need the user's data last, marked), and labels the form in plain words.
    void aFirstStartSuggestsTheForgettingDemo() {
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.presetName(), QStringLiteral("forgetting-demo"));
        QCOMPARE(w.presetBox()->currentIndex(), 0);
        QVERIFY(w.presetBox()->currentText().startsWith("Forgetting demo"));
        QVERIFY(w.logText().contains("forgetting demo is loaded"));
        const int paper = w.presetBox()->findData("cifar100-cil");
        QVERIFY(paper > w.presetBox()->findData("quick"));
        QVERIFY(w.presetBox()->itemText(paper).contains("needs your data"));
        QVERIFY(!w.presetBox()->itemText(w.presetBox()->findData("quick")).contains("needs"));
        QCOMPARE(w.configForm()->config()["compare_with"].get<std::string>(),
                 std::string("promptfusion"));
        auto* lr = w.configForm()->findChild<QLabel*>("lrLabel");
        QVERIFY(lr);
        QCOMPARE(lr->text(), QStringLiteral("Learning rate"));
        QVERIFY(w.configForm()->editor("lr")->toolTip().startsWith("lr: "));
        // Paths get a button that picks them.
        QVERIFY(w.configForm()->findChild<QToolButton*>("data_rootBrowse"));
        // The next start is no first start: the preset used last, no welcome.
        w.close();
        ui::MainWindow again(db());
        QCOMPARE(again.presetName(), QStringLiteral("forgetting-demo"));
        QVERIFY(!again.logText().contains("forgetting demo is loaded"));
    }

    void opensWithTheRenditionsBenchmark() {
        ui::MainWindow w(db());
        w.loadPreset("fmnist-r-cil");
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.presetBox()->findData("quick") >= 0);
        QCOMPARE(w.presetName(), QStringLiteral("fmnist-r-cil"));
        QVERIFY(w.configForm()->editor("lr") != nullptr);
        QCOMPARE(w.configForm()->config()["method"].get<std::string>(),
                 std::string("promptfusion"));
        QCOMPARE(w.configForm()->config()["dataset"].get<std::string>(), std::string("fmnist-r"));
        QCOMPARE(w.configForm()->config()["vpt_length"].get<int>(), 16);  // the preset's own
        QVERIFY(w.configForm()->validationError().isEmpty());
        QVERIFY(w.startAction()->isEnabled());
        QVERIFY(!w.stopAction()->isEnabled());
        QVERIFY(w.logText().contains("BLAS"));
    }

    // A closed Log comes back from the View menu.
    void aClosedLogComesBackFromTheViewMenu() {
        ui::MainWindow w(db());
        w.show();
        auto* dock = w.findChild<QDockWidget*>("logDock");
        QVERIFY(dock && dock->isVisible());
        dock->close();
        QVERIFY(!dock->isVisible());
        auto* view = w.menuBar()->findChild<QMenu*>("viewMenu");
        QVERIFY(view);
        QAction* log = w.findChild<QAction*>("showLogAction");
        QVERIFY(log && view->actions().contains(log));
        log->trigger();
        QVERIFY(dock->isVisible());
    }

    void invalidValueBlocksStartAndNamesTheField() {
        ui::MainWindow w(db());
        auto* lr = qobject_cast<QLineEdit*>(w.configForm()->editor("lr"));
        QVERIFY(lr);
        lr->setText("0");
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.configForm()->validationError().contains("'lr'"));
        QVERIFY(w.startAction()->toolTip().contains("'lr'"));
        lr->setText("abc");
        QVERIFY(!w.startAction()->isEnabled());
        lr->setText("0.002");
        QVERIFY(w.startAction()->isEnabled());
        // A cross-key constraint: 6 tasks x 2 classes do not fit 10 classes.
        qobject_cast<QSpinBox*>(w.configForm()->editor("tasks"))->setValue(6);
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.configForm()->validationError().contains("'tasks'"));
    }

    // Numbers out of range are shown as errors naming the key, never clamped or dropped unseen;
    // the wheel over an editor that is not focused scrolls the form and changes nothing.
    void numbersAreNeverChangedUnseen() {
        ui::MainWindow w(db());
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        auto* epochs = qobject_cast<QSpinBox*>(w.configForm()->editor("epochs"));
        QVERIFY(epochs);
        epochs->setFocus();
        epochs->selectAll();
        QTest::keyClicks(epochs, "-3");
        QCOMPARE(epochs->value(), -3);
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY2(w.configForm()->validationError().contains("'epochs'"),
                 qPrintable(w.configForm()->validationError()));
        epochs->setValue(2);
        QVERIFY(w.startAction()->isEnabled());

        nlohmann::json c = w.configForm()->config();
        c["batch_size"] = 100000000;
        w.configForm()->setConfig(c);
        auto* batch = qobject_cast<QSpinBox*>(w.configForm()->editor("batch_size"));
        QCOMPARE(batch->value(), 100000000);
        QVERIFY(w.configForm()->validationError().contains("'batch_size'"));

        auto* memory = qobject_cast<QSpinBox*>(w.configForm()->editor("memory_size"));
        QVERIFY(memory && !memory->hasFocus());
        const int before = memory->value();
        const QPointF at(memory->width() / 2.0, memory->height() / 2.0);
        QWheelEvent wheel(at, memory->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(memory, &wheel);
        QCOMPARE(memory->value(), before);
        memory->setFocus();
        QApplication::sendEvent(memory, &wheel);
        QCOMPARE(memory->value(), before + 1);  // once focused, the wheel is the user's
    }

    // Choosing another preset after editing the form asks first; Cancel keeps the edits and
    // the preset's name, Discard loads the preset.
    void aPresetSwitchAsksBeforeDroppingEdits() {
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QComboBox* presets = w.presetBox();
        const QString first = w.presetName();
        const int quick = presets->findData("quick");
        QVERIFY(quick >= 0 && first != "quick");
        // Unedited: no question.
        Q_EMIT presets->activated(quick);
        QCOMPARE(w.presetName(), QStringLiteral("quick"));
        QCOMPARE(presets->currentIndex(), quick);
        const nlohmann::json quickConfig = w.configForm()->config();
        qobject_cast<QSpinBox*>(w.configForm()->editor("epochs"))->setValue(7);
        AskedBox asked;
        answerNextBox(&w, QMessageBox::Cancel, &asked);
        presets->setCurrentIndex(presets->findData(first));
        Q_EMIT presets->activated(presets->findData(first));
        QVERIFY2(asked.text.contains(presets->itemText(presets->findData(first))),
                 qPrintable(asked.text));
        QCOMPARE(w.presetName(), QStringLiteral("quick"));
        QCOMPARE(presets->currentIndex(), quick);
        QCOMPARE(w.configForm()->config()["epochs"].get<int>(), 7);
        answerNextBox(&w, QMessageBox::Discard, &asked);
        Q_EMIT presets->activated(presets->findData(first));
        QCOMPARE(w.presetName(), first);
        QVERIFY(w.configForm()->config() != quickConfig);
        QVERIFY(w.configForm()->config()["epochs"].get<int>() != 7);
    }

    // File > Open config / Save config as: the form round-trips through a JSON file; a file
    // that is not a valid config is refused by name and the form keeps its values. File > Open
    // run store switches History and new runs to another store, refusing what is not one.
    void configsAndStoresOpenFromTheFileMenu() {
        QTemporaryDir dir;
        ui::MainWindow w(db());
        w.configForm()->setConfig(tinyConfig(3));
        const nlohmann::json saved = w.configForm()->config();
        const QString path = dir.filePath("tiny.json");
        QVERIFY(w.saveConfigFile(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(nlohmann::json::parse(file.readAll().toStdString()), saved);
        w.loadPreset("quick");
        QVERIFY(w.configForm()->config() != saved);
        QVERIFY(w.openConfigFile(path));
        QCOMPARE(w.configForm()->config(), saved);

        auto lastError = [&] {
            const auto boxes = w.findChildren<QMessageBox*>("errorDialog");
            QString text = boxes.isEmpty() ? QString() : boxes.last()->text();
            for (QMessageBox* box : boxes)
                box->close();
            return text;
        };
        auto write = [&](const char* name, const QByteArray& text) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return f.fileName();
        };
        const QString unknownKey = write("bad.json", R"({"method": "er", "colour": "blue"})");
        QVERIFY(!w.openConfigFile(unknownKey));
        QVERIFY(lastError().contains("'colour'"));
        QCOMPARE(w.configForm()->config(), saved);
        QVERIFY(!w.openConfigFile(write("broken.json", "{\"method\": ")));
        QVERIFY(lastError().contains("broken.json"));
        QVERIFY(!w.openConfigFile(dir.filePath("missing.json")));
        QVERIFY(lastError().contains("missing.json"));
        QCOMPARE(w.configForm()->config(), saved);

        // Stores: a text file and another program's database are refused, and left as they were.
        QVERIFY(!w.openStore(write("notes.txt", "not a database")));
        QVERIFY(lastError().contains("not a run store"));
        const QString foreign = dir.filePath("foreign.sqlite");
        {
            storage::sql::Database other(foreign.toStdString());
            other.exec("CREATE TABLE notes (text TEXT)");
        }
        QVERIFY(!w.openStore(foreign));
        QVERIFY(lastError().contains("another program"));
        {
            storage::sql::Database other(foreign.toStdString(),
                                         storage::sql::Database::Mode::ReadOnly);
            storage::sql::Statement tables(other,
                                           "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
            QVERIFY(tables.step());
            QCOMPARE(tables.int64(0), std::int64_t{1});  // no store tables were added
        }
        QCOMPARE(w.databasePath(), db());
        const QString fresh = dir.filePath("fresh.sqlite");
        QVERIFY(w.openStore(fresh));
        QCOMPARE(w.databasePath(), fresh);
        QCOMPARE(w.historyView()->visibleRuns(), 0);
        QCOMPARE(QSettings().value("databasePath").toString(), fresh);
        QSettings().remove("databasePath");
    }

    // The form's labels, the run statuses and the parts' legends are in the interface's
    // language (here Japanese), not config keys and English words.
    void formLabelsAndStatusWordsAreTranslated() {
        QTranslator japanese;
        QVERIFY(japanese.load(QStringLiteral(PF_QM_DIR "/pfstudio_ja.qm")));
        QApplication::installTranslator(&japanese);
        ui::ConfigForm form;
        form.setConfig(tinyConfig(1));
        auto* lr = form.findChild<QLabel*>("lrLabel");
        auto* memory = form.findChild<QLabel*>("memory_sizeLabel");
        const QString lrText = lr ? lr->text() : QString();
        const QString memoryText = memory ? memory->text() : QString();
        const QString finished = ui::statusText("finished");
        QApplication::removeTranslator(&japanese);
        QCOMPARE(lrText, QStringLiteral("学習率"));
        QVERIFY(!memoryText.isEmpty() && !memoryText.contains("memory"));
        QCOMPARE(finished, QStringLiteral("完了"));
        QCOMPARE(ui::statusText("finished"), QStringLiteral("finished"));
    }

    // View > Theme: dark and light apply at once, to the plots too, and are kept.
    void theThemeAppliesAtOnceAndIsKept() {
        ui::MainWindow w(db());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* dark = w.findChild<QAction*>("theme-dark");
        auto* light = w.findChild<QAction*>("theme-light");
        auto* system = w.findChild<QAction*>("theme-system");
        QVERIFY(dark && light && system);
        dark->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        QCOMPARE(QSettings().value("theme").toString(), QStringLiteral("dark"));
        QTRY_VERIFY(w.livePlots()->lossPlot()->xAxis->labelColor().lightness() > 150);
        light->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
        QTRY_VERIFY(w.livePlots()->lossPlot()->xAxis->labelColor().lightness() < 100);
        system->trigger();
        QCOMPARE(QSettings().value("theme").toString(), QStringLiteral("system"));
    }

    void changingTheMethodKeepsValues() {
        ui::MainWindow w(db());
        qobject_cast<QSpinBox*>(w.configForm()->editor("epochs"))->setValue(4);
        qobject_cast<QComboBox*>(w.configForm()->editor("method"))->setCurrentText("joint");
        QTRY_COMPARE(w.configForm()->config()["method"].get<std::string>(), std::string("joint"));
        QCOMPARE(w.configForm()->config()["epochs"].get<int>(), 4);
    }

    void runsToTheEndWithLivePlotsAndStoresTheRun() {
        ui::MainWindow w(db());
        w.show();
        w.configForm()->setConfig(tinyConfig(2));
        QVERIFY(w.startAction()->isEnabled());
        w.startRun();
        QVERIFY(w.session()->isRunning());
        QVERIFY(!w.startAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 120000);
        QVERIFY2(w.currentRunId() > 0, qPrintable(w.logText()));

        // Every plot received the run's data.
        QCOMPARE(w.livePlots()->lossPlot()->graph(0)->dataCount(),
                 2 * 2 * 6);  // 60 imgs / 10, 2 epochs, 2 tasks
        QCOMPARE(w.livePlots()->accuracyPlot()->graphCount(), 2);
        QCOMPARE(w.livePlots()->accuracyPlot()->graph(0)->dataCount(), 2);
        QCOMPARE(w.livePlots()->accuracyPlot()->graph(1)->dataCount(), 1);
        // Stability and plasticity per task, and the model's accuracy on old and new tasks.
        QCOMPARE(w.livePlots()->stabilityPlot()->graphCount(), 3);
        QCOMPARE(w.livePlots()->oldPartsPlot()->graphCount(), 1);  // "model": finetune
        QCOMPARE(w.livePlots()->oldPartsPlot()->graph(0)->dataCount(), 1);
        QCOMPARE(w.livePlots()->newPartsPlot()->graph(0)->dataCount(), 2);
        QCOMPARE(w.livePlots()->fusionPlot()->graphCount(), 0);  // no fusion weight here
        QVERIFY(w.livePlots()->saysNoFusionWeight());  // and the plot says why it is empty
        QVERIFY2(w.livePlots()->runTitle().contains("finetune"),
                 qPrintable(w.livePlots()->runTitle()));
        // The sample inspector: 6 test images of each task; finetune has forgotten task 1.
        QCOMPARE(w.sampleInspector()->shownImages(), 12);
        QVERIFY(w.sampleInspector()->wrongPredictions() >= 6);
        QCOMPARE(w.sampleInspector()->findChildren<QLabel*>("inspectedImage").size(), 12);
        QCOMPARE(w.matrixView()->matrix().lastCompleteTask(), 1);
        const qint64 live = w.currentRunId();
        // Replots are coalesced: far fewer than data points.
        QVERIFY(w.livePlots()->lossPlot()->replotCount() < 24);

        storage::RunStore store(db().toStdString());
        const auto run = store.run(w.currentRunId());
        QVERIFY(run.has_value());
        QCOMPARE(run->status, std::string("finished"));
        // The History lists it with the store's final accuracy.
        ui::HistoryView* history = w.historyView();
        history->filterEdit()->setText(QString::number(run->id));
        QTRY_COMPARE(history->visibleRuns(), 1);
        const QModelIndex accuracy =
            history->table()->model()->index(0, ui::RunTableModel::Accuracy);
        QCOMPARE(accuracy.data().toString(),
                 QString::number(100.0 * run->finalAverageAccuracy, 'f', 1));
        QCOMPARE(history->table()->model()->index(0, ui::RunTableModel::Status).data().toString(),
                 QStringLiteral("finished"));
        QCOMPARE(run->finalAverageAccuracy,
                 metrics::finalAverageAccuracy(w.matrixView()->matrix()));
        QCOMPARE(store.stepSeries(w.currentRunId(), "loss").size(), std::size_t{24});
        QVERIFY(w.startAction()->isEnabled());

        // Opened from the history, a stored run shows no samples (none are stored), not the
        // last live run's under its name.
        w.openRun(live);
        QTRY_VERIFY(!w.isBusy());
        QCOMPARE(w.sampleInspector()->shownImages(), 0);
        QVERIFY(w.sampleInspector()->findChildren<QLabel*>("inspectedImage").isEmpty());
    }

    // The command line and the GUI drive the same run service: one config run from each
    // stores the same results, to the bit.
    void aCliRunAndAGuiRunStoreTheSameResults() {
        const QString guiDb = home_.filePath(QStringLiteral("same-gui.sqlite"));
        const QString cliDb = home_.filePath(QStringLiteral("same-cli.sqlite"));
        nlohmann::json config = tinyConfig(2);
        config["method"] = "er";
        config["memory_size"] = 20;
        ui::MainWindow w(guiDb);
        w.configForm()->setConfig(config);
        QVERIFY2(w.configForm()->validationError().isEmpty(),
                 qPrintable(w.configForm()->validationError()));
        w.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 120000);
        const QString file = home_.filePath(QStringLiteral("same.json"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(w.configForm()->config().dump()));
        }
        QProcess cli;
        cli.start(QStringLiteral(PFSTUDIO_PATH),
                  {"run", "--config", file, "--db", cliDb, "--quiet"});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

        storage::RunStore gui(guiDb.toStdString()), line(cliDb.toStdString());
        const auto a = gui.listRuns(), b = line.listRuns();
        QCOMPARE(a.size(), std::size_t{1});
        QCOMPARE(b.size(), std::size_t{1});
        QCOMPARE(a[0].status, std::string("finished"));
        QCOMPARE(b[0].status, a[0].status);
        QCOMPARE(nlohmann::json::parse(b[0].config), nlohmann::json::parse(a[0].config));
        QVERIFY(
            test::same(line.accuracyMatrix(b[0].id).rows(), gui.accuracyMatrix(a[0].id).rows()));
        const auto ma = gui.taskMetrics(a[0].id), mb = line.taskMetrics(b[0].id);
        QCOMPARE(mb.size(), ma.size());
        for (std::size_t i = 0; i < ma.size(); ++i) {
            QCOMPARE(mb[i].first, ma[i].first);
            const std::string& name = ma[i].first;
            const bool timing =
                name.size() > 8 && name.compare(name.size() - 8, 8, "_seconds") == 0;
            if (!timing) QVERIFY2(test::same(mb[i].second, ma[i].second), name.c_str());
        }
        QCOMPARE(line.stepSeriesNames(b[0].id), gui.stepSeriesNames(a[0].id));
        for (const std::string& name : gui.stepSeriesNames(a[0].id)) {
            const auto x = gui.stepSeries(a[0].id, name), y = line.stepSeries(b[0].id, name);
            QCOMPARE(y.size(), x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                QVERIFY2(y[i].step == x[i].step && y[i].value == x[i].value, name.c_str());
        }
        const auto ea = gui.epochs(a[0].id), eb = line.epochs(b[0].id);
        QCOMPARE(eb.size(), ea.size());
        for (std::size_t i = 0; i < ea.size(); ++i)
            QCOMPARE(eb[i].meanLoss, ea[i].meanLoss);
        QCOMPARE(line.sequence(b[0].id).size(), gui.sequence(a[0].id).size());
    }

    void comparisonRunsEachMethodInTurn() {
        ui::MainWindow w(db());
        nlohmann::json config = tinyConfig(1);
        config["compare_with"] = "linear";
        w.configForm()->setConfig(config);
        QVERIFY2(w.configForm()->validationError().isEmpty(),
                 qPrintable(w.configForm()->validationError()));
        const std::size_t before = storage::RunStore(db().toStdString()).listRuns().size();
        // The form shows the method of the run training (read as each run starts).
        QStringList formMethods;
        connect(&w, &ui::MainWindow::runEvent, this, [&](const storage::RunEvent& e) {
            if (std::holds_alternative<training::RunStartEvent>(e))
                formMethods << QString::fromStdString(
                    w.configForm()->config()["method"].get<std::string>());
        });
        w.startRun();
        // The second run starts by itself once the first has finished.
        QTRY_VERIFY_WITH_TIMEOUT(
            storage::RunStore(db().toStdString()).listRuns().size() == before + 2 &&
                !w.session()->isRunning(),
            120000);
        const auto runs = storage::RunStore(db().toStdString()).listRuns();  // newest first
        QCOMPARE(runs[0].method, std::string("linear"));
        QCOMPARE(runs[0].status, std::string("finished"));
        QCOMPARE(runs[1].method, std::string("finetune"));
        QCOMPARE(runs[1].status, std::string("finished"));
        QCOMPARE(w.currentRunId(), runs[0].id);
        QVERIFY(w.logText().contains("Comparison: 2 runs"));
        // The Live tab names the run it shows: the second of the comparison.
        QVERIFY2(w.livePlots()->runTitle().contains("2 of 2") &&
                     w.livePlots()->runTitle().contains("linear"),
                 qPrintable(w.livePlots()->runTitle()));
        // The first run's curves stayed on the Live plots, dotted, under the second's, and the
        // title says whose they are.
        QCOMPARE(w.livePlots()->fadedRuns(),
                 QStringList{QStringLiteral("run %1 finetune").arg(runs[1].id)});
        QCOMPARE(w.livePlots()->fadedGraphCount(w.livePlots()->accuracyPlot()), 2);  // 2 tasks
        QCOMPARE(w.livePlots()->accuracyPlot()->graphCount(), 4);
        QVERIFY(w.livePlots()->fadedGraphCount(w.livePlots()->lossPlot()) == 1);
        QVERIFY2(w.livePlots()->runTitle().contains(
                     QStringLiteral("dotted: run %1 finetune").arg(runs[1].id)),
                 qPrintable(w.livePlots()->runTitle()));
        // The form followed the runs, and shows the comparison again at its end.
        QCOMPARE(formMethods, (QStringList{"finetune", "linear"}));
        QCOMPARE(w.configForm()->config()["method"].get<std::string>(), std::string("finetune"));
        QCOMPARE(w.configForm()->config()["compare_with"].get<std::string>(),
                 std::string("linear"));
        QVERIFY(w.startAction()->isEnabled());
        // Both runs open side by side in the compare view, and are listed in the history.
        QVERIFY(w.currentPage() == ui::MainWindow::Page::Compare);
        QCOMPARE(w.compareView()->runs(), (QList<qint64>{runs[1].id, runs[0].id}));
        QCOMPARE(w.compareView()->accuracyPlot()->graphCount(), 2);
        QCOMPARE(w.compareView()->accuracyPlot()->graph(1)->dataCount(), 2);
        QCOMPARE(w.historyView()->selectedIds().size(), 2);
        QCOMPARE(w.historyView()->visibleRuns(), static_cast<int>(runs.size()));
    }

    void threadPreferenceAppliesToRunsOfAllCores() {
        const int cores = static_cast<int>(std::thread::hardware_concurrency());
        {
            // The About box names the threads runs use, not the GUI thread's own one.
            ui::MainWindow all(db());
            QVERIFY2(all.aboutText().contains(QStringLiteral("with %1 threads").arg(cores)),
                     qPrintable(all.aboutText()));
        }
        QSettings().setValue(QStringLiteral("threads"), 1);
        ui::MainWindow w(db());
        QVERIFY(w.aboutText().contains(QStringLiteral("with 1 threads")));
        nlohmann::json c = tinyConfig(1);
        c["threads"] = 0;
        w.configForm()->setConfig(c);
        w.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
        QSettings().remove(QStringLiteral("threads"));
        const auto run = storage::RunStore(db().toStdString()).run(w.currentRunId());
        QCOMPARE(nlohmann::json::parse(run->config)["threads"].get<int>(), 1);
    }

    void livePlotsDrawTheMethodsParts() {
        ui::LivePlots plots;
        plots.resize(900, 600);
        plots.reset(2, {"a, b", "c, d"});
        training::StepEvent step;
        step.step = 0;
        step.loss = 1.0;
        step.scalars = {{"fusion_weight", 0.7}, {"gate_rate", 0.4}};
        QVERIFY(plots.saysNoFusionWeight());
        plots.addStep(step);
        QVERIFY(!plots.saysNoFusionWeight());
        QCOMPARE(plots.fusionPlot()->graphCount(), 2);
        QCOMPARE(plots.fusionPlot()->graph(0)->data()->at(0)->value, 0.7);
        training::EvaluationEvent ev;
        ev.afterTask = 1;
        ev.accuracies = {0.6, 0.9};
        ev.summary.stability = 0.6;
        ev.summary.plasticity = 0.9;
        ev.summary.averageAccuracy = 0.75;
        ev.figures = {{"fused_old_acc", 0.6},      {"fused_new_acc", 0.9},
                      {"stabilizer_old_acc", 0.7}, {"stabilizer_new_acc", 0.5},
                      {"booster_old_acc", 0.2},    {"booster_new_acc", 0.95},
                      {"booster_usage", 0.3},      {"fusion_weight", 0.7}};
        plots.addEvaluation(ev);
        QCOMPARE(plots.oldPartsPlot()->graphCount(), 3);
        QCOMPARE(plots.newPartsPlot()->graphCount(), 4);  // + Lite's Booster usage
        QCOMPARE(plots.stabilityPlot()->graphCount(), 3);
        QCOMPARE(plots.oldPartsPlot()->graph(2)->data()->at(0)->value, 0.2);  // booster
        QCOMPARE(plots.oldPartsPlot()->graph(2)->data()->at(0)->key, 2.0);
    }

    // A prompt-pool method fills the prompt-selection heat map under the accuracy matrix, live
    // and again when the stored run is reopened; other methods leave it hidden.
    void promptSelectionShowsForPromptMethods() {
        ui::MainWindow w(db());
        w.show();
        nlohmann::json config = {{"name", "gui dualprompt"},
                                 {"data_root", data_.path().toStdString()},
                                 {"method", "dualprompt"},
                                 {"tasks", 2},
                                 {"epochs", 1},
                                 {"batch_size", 10},
                                 {"threads", 1}};
        w.configForm()->setConfig(config);
        QVERIFY2(w.configForm()->validationError().isEmpty(),
                 qPrintable(w.configForm()->validationError()));
        w.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 120000);
        const qint64 id = w.currentRunId();
        QVERIFY2(id > 0, qPrintable(w.logText()));
        ui::PromptUseView* use = w.matrixView()->promptUse();
        QVERIFY2(!use->isHidden(), qPrintable(w.logText()));
        QCOMPARE(use->evaluations(), 2);
        QCOMPARE(use->shown(), 1);  // the latest
        // The map holds what the store holds: tasks tested x E-prompts, shares of images.
        auto* map = qobject_cast<QCPColorMap*>(use->plot()->plottable(0));
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 2);
        QCOMPARE(map->data()->valueSize(), 2);
        storage::RunStore store(db().toStdString());
        double stored = std::nan("");
        for (const auto& [name, values] : store.taskMetrics(id))
            if (name == "prompt_use_t2_p2") stored = values.at(1);
        QVERIFY(stored >= 0.0 && stored <= 1.0);
        // In percent, as the numbers in the cells and the colour bar say.
        QCOMPARE(map->data()->cell(1, 1), 100.0 * stored);
        QVERIFY(std::abs(map->data()->cell(0, 1) + map->data()->cell(1, 1) - 100.0) < 1e-9);
        QCOMPARE(map->dataRange().upper, 100.0);
        QVERIFY(map->colorScale()->axis()->label().contains("%"));
        // Reopened from the history: the same histograms; the box shows an earlier one.
        w.openRun(id);
        QTRY_VERIFY(!w.session()->isRunning());  // replayed in the training thread
        QCOMPARE(use->evaluations(), 2);
        QVERIFY(!use->isHidden());
        auto* after = use->findChild<QComboBox*>(QStringLiteral("promptUseAfter"));
        QVERIFY(after);
        QCOMPARE(after->count(), 2);
        Q_EMIT after->activated(0);
        QCOMPARE(use->shown(), 0);
        map = qobject_cast<QCPColorMap*>(use->plot()->plottable(0));
        QCOMPARE(map->data()->valueSize(), 1);     // after task 1: one task tested
        QCOMPARE(map->data()->cell(0, 0), 100.0);  // its images all chose task 1's E-prompt
        // A method without prompts hides it.
        w.configForm()->setConfig(tinyConfig(1));
        w.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 120000);
        QCOMPARE(use->evaluations(), 0);
        QVERIFY(use->isHidden());
    }

    // `pfstudio bench --history`: the store it fills holds the runs asked for, the filter
    // narrows them as named, and every timing is measured.
    void historyBenchFillsAndTimesTheViews() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        const devtools::HistoryBenchResult r = devtools::benchmarkHistory(path, 120, 6, 1);
        QCOMPARE(r.runs, 120);
        QCOMPARE(r.compared, 6);
        const auto runs = storage::RunStore(path.toStdString()).listRuns(false);
        QCOMPARE(runs.size(), std::size_t{120});
        // "bench run 1" and its 19 copies; runs 2-6 and theirs do not match.
        QCOMPARE(r.filterMatches, 20);
        QVERIFY(r.openMs > 0.0 && r.filterMs > 0.0 && r.compareMs > 0.0);
        QVERIFY(r.storeBytes > 0);
        // The complete runs carry fmnist-seen-cil-sized curves: 5 x 936 steps.
        storage::RunStore store(path.toStdString());
        std::size_t withCurves = 0;
        for (const auto& run : runs)
            if (store.stepSeries(run.id, "fusion_weight").size() == 5 * 936) ++withCurves;
        QCOMPARE(withCurves, std::size_t{6});
    }

    // `pfstudio bench --gui`: a run in the window with the probe timer, then headless.
    void guiBenchProbesTheEventLoopAndComparesThroughput() {
        std::vector<double> ranks;
        for (int i = 1; i <= 100; ++i)
            ranks.push_back(static_cast<double>(101 - i));
        QCOMPARE(devtools::percentile(ranks, 99.0), 99.0);
        QCOMPARE(devtools::percentile(ranks, 50.0), 50.0);
        QCOMPARE(devtools::percentile({}, 99.0), 0.0);
        const devtools::GuiBenchResult r = devtools::benchmarkGui(tinyConfig(2).dump(), 2);
        QCOMPARE(r.status, std::string("finished"));
        QCOMPARE(r.guiRuns.size(), std::size_t{2});
        QCOMPARE(r.headlessRuns.size(), std::size_t{2});
        QVERIFY(r.guiThreadCpuShare > 0.0 && r.guiThreadCpuShare < 1.5);
        QVERIFY(r.samples > 0);
        QVERIFY(r.p50Ms <= r.p99Ms && r.p99Ms <= r.maxMs);
        QVERIFY(r.guiImagesPerSecond > 0.0 && r.headlessImagesPerSecond > 0.0);
        // Every step's own time, for the like-for-like comparison.
        QCOMPARE(r.guiStepSeconds.size(), r.headlessStepSeconds.size());
        QVERIFY(!r.guiStepSeconds.empty());
        for (double s : r.guiStepSeconds)
            QVERIFY(s > 0.0 && s < 10.0);
    }

    // The machine's two speeds: steps compared within each, weighted by the steps seen.
    void likeForLikeComparesStepsWithinTheMachinesSpeeds() {
        // Fast periods at 8 ms, slow ones at 14 ms; the GUI costs 3% in both, and saw more
        // slow periods than the headless runs did (whole runs would compare a mix).
        std::vector<double> gui, headless;
        auto jitter = [](int i) { return 1.0 + 0.02 * ((i % 7) - 3) / 3.0; };
        for (int i = 0; i < 100; ++i) {
            gui.push_back(0.008 * jitter(i) / 0.97);
            headless.push_back(0.014 * jitter(i));
        }
        for (int i = 0; i < 300; ++i) {
            gui.push_back(0.014 * jitter(i) / 0.97);
            headless.push_back(0.008 * jitter(i));
        }
        const devtools::LikeForLike like = devtools::compareLikeForLike(gui, headless);
        QCOMPARE(like.modes.size(), std::size_t{2});
        QVERIFY(like.thresholdMs > 8.5 && like.thresholdMs < 13.5);
        QCOMPARE(like.modes[0].guiSteps, 100);
        QCOMPARE(like.modes[0].headlessSteps, 300);
        QCOMPARE(like.modes[1].guiSteps, 300);
        QCOMPARE(like.modes[1].headlessSteps, 100);
        for (const devtools::SpeedMode& m : like.modes)
            QVERIFY(std::abs(m.guiOverHeadless - 0.97) < 1e-3);
        QVERIFY(std::abs(like.guiOverHeadless - 0.97) < 1e-3);
        // Whole runs would have said 67%.
        double g = 0.0, h = 0.0;
        for (double s : gui)
            g += s;
        for (double s : headless)
            h += s;
        QVERIFY((h / headless.size()) / (g / gui.size()) < 0.8);

        // One speed: one mode, the plain ratio of the means.
        const devtools::LikeForLike one =
            devtools::compareLikeForLike({0.010, 0.011, 0.010}, {0.010, 0.010});
        QCOMPARE(one.modes.size(), std::size_t{1});
        QCOMPARE(one.thresholdMs, 0.0);
        QVERIFY(std::abs(one.guiOverHeadless - 0.010 / (0.031 / 3.0)) < 1e-9);
        QCOMPARE(devtools::compareLikeForLike({}, {0.01}).modes.size(), std::size_t{0});
    }

    // A run stopped after 1 of 2 tasks says so in the history (Tasks 1/2) and ranks below every
    // complete run by accuracy, however high its one task's figure.
    void anUnfinishedRunNamesItsTasksAndRanksBelowCompleteOnes() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("partial.sqlite"));
        std::int64_t complete = 0, partial = 0;
        {
            storage::RunStore store(path.toStdString());
            auto add = [&](const char* name, int learned, double acc, const char* status) {
                storage::NewRun r;
                r.name = name;
                r.method = "finetune";
                r.dataset = "fmnist";
                r.config = "{}";
                r.tasks = 2;
                r.versions = "{}";
                const auto id = store.createRun(r);
                metrics::AccuracyMatrix m(2);
                for (int t = 0; t < learned; ++t) {
                    std::vector<double> column;
                    for (int i = 0; i <= t; ++i) {
                        m.set(i, t, acc);
                        column.push_back(acc);
                    }
                    store.recordEvaluation(id, t, column, metrics::summarize(m, t), {});
                }
                store.finishRun(id, status, 3.0, "");
                return id;
            };
            complete = add("complete", 2, 0.65, "finished");
            partial = add("partial", 1, 0.987, "stopped");
            QCOMPARE(store.run(partial)->tasksDone, 1);
            QCOMPARE(store.run(complete)->tasksDone, 2);
        }
        ui::MainWindow w(path);
        QTableView* table = w.historyView()->table();
        table->sortByColumn(ui::RunTableModel::Accuracy, Qt::DescendingOrder);
        QAbstractItemModel* model = table->model();
        QCOMPARE(model->index(0, ui::RunTableModel::Id).data().toLongLong(),
                 static_cast<qint64>(complete));
        QCOMPARE(model->index(1, ui::RunTableModel::Id).data().toLongLong(),
                 static_cast<qint64>(partial));
        QCOMPARE(model->index(1, ui::RunTableModel::Tasks).data().toString(),
                 QStringLiteral("1/2"));
        QCOMPARE(model->index(0, ui::RunTableModel::Tasks).data().toString(),
                 QStringLiteral("2/2"));
        QVERIFY(model->index(1, ui::RunTableModel::Accuracy)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains("1 of 2"));
    }

    void historyFiltersEditsExportsAndDeletes() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        std::vector<std::int64_t> ids;
        {
            storage::RunStore store(path.toStdString());
            for (const char* method : {"finetune", "joint", "promptfusion"}) {
                storage::NewRun r;
                r.name = std::string(method) + " run";
                r.method = method;
                r.dataset = "fmnist";
                r.config = nlohmann::json{{"method", method}, {"lr", 0.001}, {"tasks", 2}}.dump();
                r.tasks = 2;
                r.versions = "{}";
                const auto id = store.createRun(r);
                metrics::AccuracyMatrix m(2);
                m.set(0, 0, 0.9);
                store.recordEvaluation(id, 0, {0.9}, metrics::summarize(m, 0), {});
                m.set(0, 1, 0.5);
                m.set(1, 1, 0.8);
                store.recordEvaluation(id, 1, {0.5, 0.8}, metrics::summarize(m, 1), {});
                store.appendSteps(id, {{0, 0, 0, "loss", 2.0}, {1, 1, 0, "loss", 1.0}});
                store.finishRun(id, "finished", 12.0, "");
                ids.push_back(id);
            }
            store.setTags(ids[2], {"demo"});
        }
        ui::MainWindow w(path);
        ui::HistoryView* h = w.historyView();
        QCOMPARE(h->visibleRuns(), 3);
        h->filterEdit()->setText("JOINT");
        QCOMPARE(h->visibleRuns(), 1);
        h->filterEdit()->setText("demo");  // a tag
        QCOMPARE(h->visibleRuns(), 1);
        h->filterEdit()->clear();
        QCOMPARE(h->visibleRuns(), 3);

        h->selectIds({static_cast<qint64>(ids[1])});
        h->renameSelected("renamed; DROP TABLE runs; --");
        h->setTagsOfSelected({"a", "b"});
        h->setNotesOfSelected("it's a note");
        {
            storage::RunStore store(path.toStdString());
            const auto r = store.run(ids[1]);
            QCOMPARE(r->name, std::string("renamed; DROP TABLE runs; --"));
            QCOMPARE(r->tags, (std::vector<std::string>{"a", "b"}));
            QCOMPARE(r->notes, std::string("it's a note"));
        }
        QCOMPARE(h->selectedIds(), (QList<qint64>{static_cast<qint64>(ids[1])}));
        const QString json = dir.filePath(QStringLiteral("run.json"));
        QVERIFY(h->exportSelected(json));
        QFile jf(json);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const auto exported = nlohmann::json::parse(jf.readAll().toStdString());
        QCOMPARE(exported["acc_matrix"][0][1].get<double>(), 0.5);
        QCOMPARE(exported["curves"]["loss"]["value"].size(), std::size_t{2});
        const QString csv = dir.filePath(QStringLiteral("run.csv"));
        QVERIFY(h->exportSelected(csv));
        QFile cf(csv);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(cf.readAll());
        // Every row names its run and method; tasks count from 1, as the GUI shows them; the
        // config is in it.
        QVERIFY(text.startsWith("run_id,method,kind,name,task,after_task,step,epoch,value"));
        const QString run = QStringLiteral("%1,joint,").arg(ids[1]);
        QVERIFY2(text.contains(run + "accuracy,,1,2,,,0.5"), qPrintable(text));
        QVERIFY(text.contains(run + "config,lr,,,,,0.001"));
        QVERIFY(text.contains(run + "step,loss,2,,1,1,1"));

        // Open shows the stored run's curves; compare overlays two.
        w.openRun(ids[0]);
        QTRY_VERIFY(!w.session()->isRunning());  // replayed in the training thread
        QVERIFY(w.currentPage() == ui::MainWindow::Page::Live);
        QCOMPARE(w.livePlots()->accuracyPlot()->graphCount(), 2);
        QCOMPARE(w.livePlots()->accuracyPlot()->graph(0)->dataCount(), 2);
        QCOMPARE(w.livePlots()->lossPlot()->graph(0)->dataCount(), 2);
        QCOMPARE(w.matrixView()->matrix().at(1, 1), 0.8);
        w.compareRuns({static_cast<qint64>(ids[0]), static_cast<qint64>(ids[2])});
        QTableWidget* table = w.compareView()->table();
        QCOMPARE(table->columnCount(), 2);
        bool methodDiffers = false, lrSame = false;
        for (int row = 0; row < table->rowCount(); ++row) {
            const QString key = table->verticalHeaderItem(row)->text();
            if (key == "method") methodDiffers = table->item(row, 0)->data(Qt::UserRole).toBool();
            if (key == "lr") lrSame = !table->item(row, 0)->data(Qt::UserRole).toBool();
        }
        QVERIFY(methodDiffers && lrSame);

        // Delete (the key or the button) names the runs and defaults to No.
        h->selectIds({static_cast<qint64>(ids[0]), static_cast<qint64>(ids[1])});
        AskedBox asked;
        answerNextBox(&w, QMessageBox::No, &asked);
        h->confirmDelete();
        QVERIFY2(
            asked.info.contains("finetune run") && asked.info.contains(QString::number(ids[0])),
            qPrintable(asked.info));
        QVERIFY(asked.noByDefault);
        QCOMPARE(h->visibleRuns(), 3);  // No keeps them
        w.show();
        w.showPage(ui::MainWindow::Page::History);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        answerNextBox(&w, QMessageBox::Yes, &asked);
        h->table()->setFocus();
        QTest::keyClick(h->table(), Qt::Key_Delete);
        QCOMPARE(h->visibleRuns(), 1);
        QCOMPARE(storage::RunStore(path.toStdString()).listRuns().size(), std::size_t{1});
        // Undo (Ctrl+Z) brings both back, as they were; a delete becomes final when the window
        // closes.
        QVERIFY(h->undoBar()->isVisible());
        w.activateWindow();  // back from the dialog
        QVERIFY(QTest::qWaitForWindowActive(&w));
        h->table()->setFocus();
        QTest::keySequence(h->table(), QKeySequence::Undo);
        QCOMPARE(h->visibleRuns(), 3);
        QVERIFY(!h->undoBar()->isVisible());
        QCOMPARE(h->selectedIds().size(), 2);
        {
            storage::RunStore store(path.toStdString());
            QCOMPARE(store.listRuns().size(), std::size_t{3});
            QCOMPARE(store.run(ids[1])->name, std::string("renamed; DROP TABLE runs; --"));
            QCOMPARE(store.accuracyMatrix(ids[1]).at(1, 1), 0.8);
        }
        // Several runs export into one file: a list of runs in JSON, one table in CSV.
        QVERIFY(h->exportSelected(json));
        QFile jf2(json);
        QVERIFY(jf2.open(QIODevice::ReadOnly));
        const auto both = nlohmann::json::parse(jf2.readAll().toStdString());
        QCOMPARE(both["runs"].size(), std::size_t{2});
        QVERIFY(h->exportSelected(csv));
        QFile cf2(csv);
        QVERIFY(cf2.open(QIODevice::ReadOnly));
        const QString table2 = QString::fromUtf8(cf2.readAll());
        QCOMPARE(table2.count("run_id,method,kind"), 1);
        QVERIFY(table2.contains(QStringLiteral("\n%1,finetune,").arg(ids[0])));
        QVERIFY(table2.contains(QStringLiteral("\n%1,joint,").arg(ids[1])));

        h->deleteSelected();
        QCOMPARE(h->visibleRuns(), 1);
        h->finishDeletes();
        QVERIFY(!h->undoBar()->isVisible());
        QVERIFY(!h->undoDelete());  // nothing left to undo
        storage::RunStore store(path.toStdString());
        QVERIFY(store.trashedRuns().empty());
        QCOMPARE(store.listRuns().size(), std::size_t{1});
        QVERIFY(!store.run(ids[0]) && !store.run(ids[1]));
    }

    void pauseHoldsResumeContinuesStopStores() {
        ui::MainWindow w(db());
        w.configForm()->setConfig(tinyConfig(200));
        w.startRun();
        auto* loss = w.livePlots()->lossPlot()->graph(0);
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > 2, 60000);
        w.togglePause();
        QVERIFY(w.pauseAction()->isChecked());
        QTest::qWait(300);  // in-flight step events arrive
        const int held = loss->dataCount();
        QTest::qWait(500);
        QCOMPARE(loss->dataCount(), held);
        w.togglePause();
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > held + 2, 60000);
        // A new learning rate mid-run: from the next step on, and recorded with the steps.
        QVERIFY(!w.applyLearningRate("fast"));
        QTRY_VERIFY(w.findChild<QMessageBox*>("errorDialog") != nullptr);
        QVERIFY(w.applyLearningRate("0.0005"));
        const int changed = loss->dataCount();
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > changed + 15, 60000);  // 2+ epochs later
        w.stopRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
        storage::RunStore store(db().toStdString());
        QCOMPARE(store.run(w.currentRunId())->status, std::string("stopped"));
        const auto lr = store.stepSeries(w.currentRunId(), "lr");
        QCOMPARE(lr.front().value, 0.003);
        QCOMPARE(lr.back().value, 0.0005);
    }

    // A run stopped after its first task (as Stop or a kill leaves it) resumes from the History:
    // its stored task is shown, the two tasks left train live, and it ends finished with no
    // checkpoint left behind. A finished run offers no Resume.
    void stoppedRunResumesFromTheHistory() {
        nlohmann::json c = tinyConfig(2);
        c["tasks"] = 3;
        c["name"] = "resume me";
        const auto config = config::ExperimentConfig::fromJson(c);
        std::int64_t id = 0;
        {
            // Stops as soon as the checkpoint after task 1 is written (the trainer's thread).
            class StopAfterCheckpoint : public training::TrainerObserver {
            public:
                explicit StopAfterCheckpoint(training::RunControl& c) : control(c) {}
                void onCheckpoint(const training::CheckpointEvent&) override {
                    control.requestStop();
                }
                training::RunControl& control;
            };
            storage::RunStore store(db().toStdString());
            id = store.createRun(storage::newRunFor(config));
            training::Experiment experiment(config);
            experiment.setCheckpointFolder(storage::checkpointFolder(store.path(), id));
            training::RunControl control;
            storage::RunRecorder recorder(store, id);
            StopAfterCheckpoint stopper(control);
            training::ObserverList observers;
            observers.add(recorder);
            observers.add(stopper);
            QCOMPARE(experiment.run(observers, control).status, training::RunStatus::Stopped);
        }
        const QString folder =
            QString::fromStdString(storage::checkpointFolder(db().toStdString(), id));
        QVERIFY(storage::hasCheckpoint(folder.toStdString()));

        ui::MainWindow w(db());
        auto* resume = w.historyView()->findChild<QPushButton*>("resumeButton");
        QVERIFY(resume);
        w.historyView()->reload();
        w.historyView()->selectIds({id});
        QVERIFY(resume->isEnabled());
        auto* open = w.historyView()->findChild<QPushButton*>("openButton");
        QVERIFY(open && open->isEnabled());
        resume->click();
        QVERIFY(w.session()->isRunning());
        // While it trains, what would start another job waits.
        QVERIFY(!open->isEnabled());
        QVERIFY(!resume->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 120000);
        QVERIFY2(w.logText().contains(QStringLiteral("resumed after task 1 of 3")),
                 qPrintable(w.logText()));
        QCOMPARE(w.currentRunId(), static_cast<qint64>(id));
        // Task 1's steps from the store, tasks 2 and 3 live: 3 tasks x 2 epochs x 6 steps.
        QCOMPARE(w.livePlots()->lossPlot()->graph(0)->dataCount(), 36);
        QCOMPARE(w.matrixView()->matrix().lastCompleteTask(), 2);
        storage::RunStore store(db().toStdString());
        QCOMPARE(store.run(id)->status, std::string("finished"));
        QCOMPARE(store.stepSeries(id, "loss").size(), std::size_t{36});
        QVERIFY(!QFileInfo::exists(folder));
        w.historyView()->reload();
        w.historyView()->selectIds({id});
        QVERIFY(!resume->isEnabled());
    }

    // The store file deleted while a run trains: a dialog says so, the run trains on, and when
    // it has ended its results are saved whole into a recovery store beside it, as on the
    // command line, and a dialog says where.
    void aStoreDeletedMidRunIsSavedIntoARecoveryStore() {
        const QString fragile = home_.filePath(QStringLiteral("fragile.sqlite"));
        ui::MainWindow w(fragile);
        w.configForm()->setConfig(tinyConfig(200));
        w.startRun();
        auto* loss = w.livePlots()->lossPlot()->graph(0);
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > 2, 60000);
        for (const char* suffix : {"", "-wal", "-shm"})
            QFile::remove(fragile + QString::fromLatin1(suffix));
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QMessageBox*>("errorDialog") != nullptr, 60000);
        QVERIFY(w.findChild<QMessageBox*>("errorDialog")->text().contains("cannot be written"));
        const int atFailure = loss->dataCount();
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > atFailure + 10, 60000);  // trains on
        w.stopRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
        const QString recovered = w.recoveredStore();
        QVERIFY2(QFileInfo(recovered).dir() == QFileInfo(fragile).dir(), qPrintable(recovered));
        QVERIFY(QFileInfo(recovered).fileName().startsWith("fragile-recovered-run"));
        QVERIFY(!w.hasKeptRun());
        bool said = false;
        for (QMessageBox* box : w.findChildren<QMessageBox*>("errorDialog"))
            said = said || box->text().contains(recovered);
        QVERIFY(said);
        QVERIFY(w.logText().contains(recovered));
        storage::RunStore store(recovered.toStdString());
        const auto runs = store.listRuns(false);
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("stopped"));
        QCOMPARE(static_cast<int>(store.stepSeries(runs[0].id, "loss").size()), loss->dataCount());
    }

    // When no recovery store can be written either (the store's folder replaced by a file, no
    // temporary folder), the results stay in memory and Run > Save kept run as... writes them.
    void aRunNoStoreCanTakeIsKeptToSaveElsewhere() {
        const QString folder = home_.filePath(QStringLiteral("gone"));
        const QString fragile = folder + QStringLiteral("/fragile.sqlite");
        const QString blocker = home_.filePath(QStringLiteral("blocker"));
        QVERIFY(QFile(blocker).open(QIODevice::WriteOnly));
        const QByteArray tmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", (blocker + QStringLiteral("/tmp")).toUtf8());
        ui::MainWindow w(fragile);
        w.configForm()->setConfig(tinyConfig(200));
        w.startRun();
        auto* loss = w.livePlots()->lossPlot()->graph(0);
        QTRY_VERIFY_WITH_TIMEOUT(loss->dataCount() > 2, 60000);
        QVERIFY(QDir(folder).removeRecursively());
        QVERIFY(QFile(folder).open(QIODevice::WriteOnly));  // a file where the folder was
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QMessageBox*>("errorDialog") != nullptr, 60000);
        w.stopRun();
        QTRY_VERIFY_WITH_TIMEOUT(!w.session()->isRunning(), 60000);
        qputenv("TMPDIR", tmp);
        QVERIFY(w.recoveredStore().isEmpty());
        QTRY_VERIFY(w.hasKeptRun());
        const QString elsewhere = home_.filePath(QStringLiteral("elsewhere.sqlite"));
        QVERIFY(w.saveKeptRun(elsewhere));
        QVERIFY(!w.hasKeptRun());
        storage::RunStore store(elsewhere.toStdString());
        const auto runs = store.listRuns(false);
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].status, std::string("stopped"));
        QCOMPARE(static_cast<int>(store.stepSeries(runs[0].id, "loss").size()), loss->dataCount());
    }

    void badDataShowsAnErrorAndStoresNothing() {
        ui::MainWindow w(db());
        nlohmann::json c = tinyConfig(1);
        c["data_root"] = "/nonexistent/fashion";
        w.configForm()->setConfig(c);
        const auto before = storage::RunStore(db().toStdString()).listRuns().size();
        QSignalSpy failed(w.session(), &ui::TrainingSession::failed);
        w.startRun();
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.at(0).at(0).toString().contains("/nonexistent/fashion"));
        // The error is shown in a dialog, without blocking the window.
        QTRY_VERIFY(w.findChild<QMessageBox*>("errorDialog") != nullptr);
        QVERIFY(w.findChild<QMessageBox*>("errorDialog")->text().contains("/nonexistent/fashion"));
        QTRY_VERIFY(!w.session()->isRunning());
        QCOMPARE(storage::RunStore(db().toStdString()).listRuns().size(), before);
    }

    void taskPreviewFollowsTheForm() {
        ui::MainWindow w(db());
        w.show();
        // The form's data keys decide the preview; it loads in the background.
        w.configForm()->setConfig(tinyConfig(1));
        QVERIFY(w.previewPending());  // until typing pauses, then while loading
        QTRY_COMPARE_WITH_TIMEOUT(w.taskPreview()->taskCount(), 2, 20000);
        QVERIFY(!w.previewPending() && !w.taskPreview()->loading());
        QVERIFY(w.currentPage() == ui::MainWindow::Page::Tasks);
        const auto& shown = w.taskPreview()->shown();
        QCOMPARE(shown.tasks[1].classes, (QStringList{"Pullover", "Dress"}));
        QCOMPARE(shown.tasks[0].train, qint64{60});
        // Two classes per task: three samples of each, 28-pixel grey images shown enlarged.
        QCOMPARE(shown.tasks[0].images.size(), 6);
        QCOMPARE(shown.tasks[0].images[0].format(), QImage::Format_Grayscale8);
        QCOMPARE(w.taskPreview()->findChildren<QLabel*>("thumbnail").size(), 12);
        QVERIFY(shown.tasks[0].captions[0].startsWith("T-shirt/top"));

        // Domain-incremental: the built-in shifts, one row per domain.
        nlohmann::json dil = tinyConfig(1);
        dil["scenario"] = "domain-il";
        dil["tasks"] = 6;
        w.configForm()->setConfig(dil);
        QVERIFY(w.previewPending());  // pending at once; its loading may pass between two polls
        QTRY_COMPARE_WITH_TIMEOUT(w.taskPreview()->taskCount(), 6, 20000);
        QVERIFY(!w.previewPending());
        QVERIFY(w.taskPreview()->shown().tasks[1].title.contains("inverted"));
        QCOMPARE(w.taskPreview()->shown().tasks[1].classes.size(), 10);

        // A folder that is not there: the reason, in place of the rows.
        nlohmann::json missing = tinyConfig(1);
        missing["data_root"] = "/nonexistent/preview";
        w.configForm()->setConfig(missing);
        QTRY_VERIFY_WITH_TIMEOUT(!w.taskPreview()->shown().error.isEmpty(), 20000);
        QVERIFY(!w.previewPending());  // a failed load has settled too
        QVERIFY(w.taskPreview()->shown().error.contains("/nonexistent/preview"));
        QCOMPARE(w.taskPreview()->findChildren<QLabel*>("thumbnail").size(), 0);
    }

private:
    QString db() const { return home_.filePath(QStringLiteral("gui.sqlite")); }

    /// What a message box asked: its text, informative text, and whether No was its default.
    struct AskedBox {
        QString text, info;
        bool noByDefault = false;
    };
    /// Answers the next modal message box with `button` once it is up (polled: exec() blocks),
    /// noting in `asked` what it said.
    static void answerNextBox(QWidget* owner, QMessageBox::StandardButton button, AskedBox* asked) {
        auto* poll = new QTimer(owner);
        QObject::connect(poll, &QTimer::timeout, poll, [=] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            asked->text = box->text();
            asked->info = box->informativeText();
            asked->noByDefault = box->defaultButton() == box->button(QMessageBox::No);
            poll->deleteLater();
            box->button(button)->click();
        });
        poll->start(10);
    }

    nlohmann::json tinyConfig(int epochs) const {
        return {{"name", "gui test"}, {"data_root", data_.path().toStdString()},
                {"tasks", 2},         {"epochs", epochs},
                {"batch_size", 10},   {"vit_dim", 32},
                {"vit_depth", 1},     {"vit_patch_size", 7},
                {"lr", 0.003},        {"threads", 1}};
    }

    QTemporaryDir home_;
    QTemporaryDir data_;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
