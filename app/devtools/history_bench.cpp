#include "history_bench.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "bench_arguments.h"
#include "experiment/experiment_config.h"
#include "metrics/accuracy_matrix.h"
#include "run/run_store.h"
#include "training/bench.h"
#include "ui/compare_view.h"
#include "ui/history_view.h"
#include "ui/plot_widget.h"

namespace pf::devtools {

using ui::CompareView;
using ui::HistoryView;
using ui::PlotWidget;
namespace {

// One complete run as a fmnist-seen-cil run stores it: config, sequence, curves, evaluations.
std::int64_t storeCompleteRun(storage::RunStore& store, int k) {
    static const char* methods[] = {"promptfusion", "l2p", "er", "finetune"};
    const std::string method = methods[k % 4];
    const config::ExperimentConfig config =
        config::ExperimentConfig::fromPreset("fmnist-seen-cil", {"method=" + method});
    storage::NewRun run;
    run.name = "bench run " + std::to_string(k + 1);
    run.method = method;
    run.dataset = "fmnist";
    run.config = config.toJson().dump();
    run.seed = k;
    run.tasks = 5;
    run.versions = "{}";
    const std::int64_t id = store.createRun(run);
    std::vector<storage::TaskRecord> tasks(5);
    for (int t = 0; t < 5; ++t) {
        tasks[static_cast<std::size_t>(t)].classIds = {2 * t, 2 * t + 1};
        tasks[static_cast<std::size_t>(t)].classNames = {"class " + std::to_string(2 * t),
                                                         "class " + std::to_string(2 * t + 1)};
        tasks[static_cast<std::size_t>(t)].trainSamples = 10000;
        tasks[static_cast<std::size_t>(t)].testSamples = 2000;
    }
    store.recordSequence(id, "class-il", tasks);
    const int stepsPerTask = 936;
    metrics::AccuracyMatrix matrix(5);
    for (int t = 0; t < 5; ++t) {
        std::vector<storage::StepValue> steps;
        for (int s = 0; s < stepsPerTask; ++s) {
            const std::int64_t step = static_cast<std::int64_t>(t) * stepsPerTask + s;
            const double x = static_cast<double>(s) / stepsPerTask;
            for (const auto& [name, value] :
                 {std::pair<const char*, double>{"loss", 2.0 * (1.0 - x) + 0.1 * (k % 7)},
                  {"lr", 0.005 * (1.0 - x)},
                  {"fusion_weight", 0.5 + 0.1 * t + 0.01 * (k % 5)}})
                steps.push_back({step, t, s * 3 / stepsPerTask, name, value});
        }
        store.appendSteps(id, steps);
        std::vector<double> acc;
        for (int i = 0; i <= t; ++i) {
            acc.push_back(i == t ? 0.98 : 0.9 - 0.05 * (t - i) - 0.01 * (k % 3));
            matrix.set(i, t, acc.back());
        }
        store.recordEvaluation(id, t, acc, metrics::summarize(matrix, t),
                               {{"model_old_acc", 0.8}, {"model_new_acc", 0.98}});
    }
    store.finishRun(id, "finished", 200.0 + k, "");
    return id;
}

}  // namespace

HistoryBenchResult benchmarkHistory(const QString& path, int runs, int compared, int repeats) {
    HistoryBenchResult r;
    compared = std::max(1, std::min(compared, runs));
    QElapsedTimer clock;
    clock.start();
    std::vector<qint64> complete;
    {
        storage::RunStore store(path.toStdString());
        for (int k = 0; k < compared; ++k)
            complete.push_back(storeCompleteRun(store, k));
        // The rest: copies of the complete runs (rows, matrices, figures; no curves).
        const int rest = runs - compared;
        for (int k = 0; k < compared && rest > 0; ++k) {
            const int copies = rest / compared + (k < rest % compared ? 1 : 0);
            store.cloneRun(complete[static_cast<std::size_t>(k)], copies);
        }
    }
    r.fillSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    r.runs = runs;
    r.compared = compared;
    r.storeBytes = QFileInfo(path).size();

    std::vector<double> open, filter, compare;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        clock.restart();
        {
            HistoryView history(path);
            history.resize(1200, 800);
            history.show();
            QApplication::processEvents();
            open.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
            // "bench run 1" matches run 1, its copies and runs 10-19's: a realistic narrowing.
            clock.restart();
            history.filterEdit()->setText(QStringLiteral("bench run 1"));
            QApplication::processEvents();
            filter.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
            r.filterMatches = history.visibleRuns();
        }
        CompareView view(path);
        view.resize(1200, 800);
        view.show();
        QApplication::processEvents();
        QList<qint64> ids(complete.begin(), complete.end());
        clock.restart();
        view.setRuns(ids);
        for (PlotWidget* plot : {view.accuracyPlot(), view.forgettingPlot(), view.fusionPlot()})
            plot->replot();
        QApplication::processEvents();
        compare.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
    }
    r.openMs = training::median(open);
    r.filterMs = training::median(filter);
    r.compareMs = training::median(compare);
    return r;
}

int runHistoryBench(int argc, char** argv) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pfstudio bench --history N [--compare K] [--repeats R] [--db PATH] [--json]\n"
        "Fills a temporary run store with N runs (K complete ones with full curves, the rest "
        "copies without curves) and times opening the History view, a text filter and "
        "comparing the K runs, offscreen. Medians of R repetitions."));
    parser.addHelpOption();
    const QCommandLineOption history(QStringLiteral("history"),
                                     QStringLiteral("Runs in the temporary store."),
                                     QStringLiteral("N"));
    const QCommandLineOption compare(QStringLiteral("compare"),
                                     QStringLiteral("Complete runs to compare (20)."),
                                     QStringLiteral("K"), QStringLiteral("20"));
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("Repetitions; medians are reported (3)."),
                                     QStringLiteral("R"), QStringLiteral("3"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption keep(
        QStringLiteral("db"),
        QStringLiteral("Write the store here and keep it (the file must not exist yet)."),
        QStringLiteral("PATH"));
    parser.addOptions({history, compare, repeats, keep, json});
    if (auto code = parseBenchArguments(parser, argc, argv)) return *code;
    int n = 0, k = 0, r = 0;
    if (!wholeNumberOption(parser, history, 1, 1000000, &n) ||
        !wholeNumberOption(parser, compare, 1, 100, &k) ||
        !wholeNumberOption(parser, repeats, 1, 100, &r))
        return 2;
    if (parser.isSet(keep) && QFileInfo::exists(parser.value(keep))) {
        std::fprintf(stderr, "pfstudio: bench: --db %s exists already; give a new file\n",
                     qPrintable(parser.value(keep)));
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "pfstudio: bench: cannot create a temporary folder\n");
        return 1;
    }
    const QString path =
        parser.isSet(keep) ? parser.value(keep) : dir.filePath(QStringLiteral("history.sqlite"));
    try {
        const HistoryBenchResult b = benchmarkHistory(path, n, k, r);
        if (parser.isSet(json)) {
            const nlohmann::json j{{"runs", b.runs},
                                   {"compared", b.compared},
                                   {"fill_seconds", b.fillSeconds},
                                   {"store_bytes", b.storeBytes},
                                   {"open_ms", b.openMs},
                                   {"filter_ms", b.filterMs},
                                   {"filter_matches", b.filterMatches},
                                   {"compare_ms", b.compareMs},
                                   {"repeats", r}};
            std::printf("%s\n", j.dump().c_str());
        } else {
            std::printf(
                "History of %d runs (%.1f MB store, filled in %.1f s), medians of %d:\n"
                "  open the History view   %8.1f ms\n"
                "  text filter (%d rows)   %8.1f ms\n"
                "  compare %d runs          %8.1f ms\n",
                b.runs, static_cast<double>(b.storeBytes) / 1e6, b.fillSeconds, r, b.openMs,
                b.filterMatches, b.filterMs, b.compared, b.compareMs);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pfstudio: bench: %s\n", e.what());
        return 1;
    }
}

}  // namespace pf::devtools
