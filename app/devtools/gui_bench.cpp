#include "gui_bench.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <thread>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "bench_arguments.h"
#include "common/system_info.h"
#include "experiment/experiment_config.h"
#include "run/run_recorder.h"
#include "run/run_store.h"
#include "training/bench.h"
#include "training/experiment.h"
#include "ui/config_form.h"
#include "ui/main_window.h"

namespace pf::devtools {

using ui::MainWindow;
namespace {

// Counts what the headless run trains, as the store counts it for the GUI run: steps and
// epoch seconds.
class Tally : public training::TrainerObserver {
public:
    void onStep(const training::StepEvent& e) override {
        ++steps;
        stepSeconds.push_back(e.seconds);
    }
    void onEpochEnd(const training::EpochEvent& e) override { seconds += e.seconds; }
    std::int64_t steps = 0;
    double seconds = 0.0;
    std::vector<double> stepSeconds;
};

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0.0;
    std::sort(samples.begin(), samples.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
    return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

LikeForLike compareLikeForLike(const std::vector<double>& gui,
                               const std::vector<double>& headless) {
    LikeForLike out;
    std::vector<double> logs;
    for (const auto* arm : {&gui, &headless})
        for (double s : *arm)
            if (s > 0.0) logs.push_back(std::log(s));
    if (gui.empty() || headless.empty() || logs.empty()) return out;
    // 2-means in one dimension, from the quartiles.
    double lo = percentile(logs, 25.0), hi = percentile(logs, 75.0);
    for (int it = 0; it < 100 && hi > lo; ++it) {
        const double cut = 0.5 * (lo + hi);
        double sumLo = 0.0, sumHi = 0.0;
        int nLo = 0, nHi = 0;
        for (double v : logs) {
            if (v < cut) {
                sumLo += v;
                ++nLo;
            } else {
                sumHi += v;
                ++nHi;
            }
        }
        if (nLo == 0 || nHi == 0) break;
        const double newLo = sumLo / nLo, newHi = sumHi / nHi;
        if (newLo == lo && newHi == hi) break;
        lo = newLo;
        hi = newHi;
    }
    const bool twoModes = hi - lo > std::log(1.25);
    out.thresholdMs = twoModes ? 1e3 * std::exp(0.5 * (lo + hi)) : 0.0;
    const double cut = twoModes ? 0.5 * (lo + hi) : INFINITY;
    double weighted = 0.0, weights = 0.0;
    for (int m = 0; m < (twoModes ? 2 : 1); ++m) {
        SpeedMode mode;
        double guiSum = 0.0, headlessSum = 0.0;
        auto inMode = [&](double s) { return s > 0.0 && ((std::log(s) < cut) == (m == 0)); };
        for (double s : gui)
            if (inMode(s)) guiSum += s, ++mode.guiSteps;
        for (double s : headless)
            if (inMode(s)) headlessSum += s, ++mode.headlessSteps;
        if (mode.guiSteps == 0 || mode.headlessSteps == 0) continue;
        mode.guiMs = 1e3 * guiSum / mode.guiSteps;
        mode.headlessMs = 1e3 * headlessSum / mode.headlessSteps;
        mode.guiOverHeadless = mode.headlessMs / mode.guiMs;
        // A mode one arm barely saw says little: weights are the harmonic mean of the counts.
        const double w = 2.0 * mode.guiSteps * mode.headlessSteps /
                         static_cast<double>(mode.guiSteps + mode.headlessSteps);
        weighted += w * mode.guiOverHeadless;
        weights += w;
        out.modes.push_back(mode);
    }
    out.guiOverHeadless = weights > 0.0 ? weighted / weights : 0.0;
    return out;
}

GuiBenchResult benchmarkGui(const std::string& configJson, int repeats) {
    GuiBenchResult r;
    const config::ExperimentConfig config =
        config::ExperimentConfig::fromJson(nlohmann::json::parse(configJson));
    const int batch = config.options.training.batchSize;
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("gui-bench.sqlite"));
    std::vector<double> lateness, cpuShare;
    // GUI and headless runs alternate, so that both see the same periods of this machine.
    for (int rep = 0; rep < std::max(1, repeats); ++rep) {
        // In the GUI: a 10 ms probe timer; each tick's lateness is how long the event loop
        // kept the user waiting.
        qint64 runId = 0;
        {
            MainWindow window(db);
            window.show();
            window.resize(1400, 900);  // after the window has fitted itself to the screen
            window.configForm()->setConfig(config.toJson());
            // As a user does, the run starts once the Tasks preview has loaded the data: its
            // thread would otherwise take a core from the run's first second, and that is the
            // cost of editing the config, not of training in the GUI.
            {
                QEventLoop settle;
                QTimer poll;
                QObject::connect(&poll, &QTimer::timeout, &settle, [&] {
                    if (!window.previewPending()) settle.quit();
                });
                QTimer::singleShot(60000, &settle, &QEventLoop::quit);  // a stuck load
                poll.start(20);
                settle.exec();
            }
            QElapsedTimer clock;
            QTimer probe;
            probe.setTimerType(Qt::PreciseTimer);
            probe.setInterval(10);
            qint64 last = 0;
            QObject::connect(&probe, &QTimer::timeout, [&] {
                const qint64 now = clock.nsecsElapsed();
                if (last > 0 && window.isBusy())
                    lateness.push_back(std::max(0.0, (now - last) / 1e6 - 10.0));
                last = now;
            });
            // The application's own kind of event loop: it sleeps until something happens (a
            // loop of processEvents() calls would poll and take a core from training).
            QEventLoop loop;
            QObject::connect(&window, &MainWindow::idle, &loop, &QEventLoop::quit);
            QObject::connect(&window, &MainWindow::runEvent, &loop,
                             [&](const storage::RunEvent& e) {
                                 if (const auto* step = std::get_if<training::StepEvent>(&e))
                                     r.guiStepSeconds.push_back(step->seconds);
                             });
            const double cpuBefore = threadCpuSeconds();
            window.startRun();
            clock.start();
            probe.start();
            if (window.isBusy()) loop.exec();
            probe.stop();
            const double wall = static_cast<double>(clock.nsecsElapsed()) / 1e9;
            if (wall > 0.0) cpuShare.push_back((threadCpuSeconds() - cpuBefore) / wall);
            runId = window.currentRunId();
        }
        storage::RunStore store(db.toStdString());
        const auto record = store.run(runId);
        r.status = record ? record->status : "missing";
        if (r.status != "finished") break;
        double seconds = 0.0;
        for (const storage::EpochRecord& e : store.epochs(runId))
            seconds += e.seconds;
        const auto steps = static_cast<double>(store.stepSeries(runId, "loss").size());
        r.guiRuns.push_back(seconds > 0.0 ? steps * batch / seconds : 0.0);

        // Headless, the same config recorded in a store as `pfstudio run` does, in a thread of
        // its own (its compute threads end with it, as they do when `pfstudio run` exits).
        Tally tally;
        std::exception_ptr error;
        std::thread([&] {
            try {
                training::Experiment experiment(config);
                storage::RunStore headless(
                    dir.filePath(QStringLiteral("headless.sqlite")).toStdString());
                storage::RunRecorder recorder(headless,
                                              headless.createRun(storage::newRunFor(config)));
                training::ObserverList observers;
                observers.add(recorder);
                observers.add(tally);
                training::RunControl control;
                experiment.run(observers, control);
            } catch (...) {
                error = std::current_exception();
            }
        }).join();
        if (error) std::rethrow_exception(error);
        r.headlessStepSeconds.insert(r.headlessStepSeconds.end(), tally.stepSeconds.begin(),
                                     tally.stepSeconds.end());
        r.headlessRuns.push_back(
            tally.seconds > 0.0 ? static_cast<double>(tally.steps) * batch / tally.seconds : 0.0);
    }
    r.guiImagesPerSecond = training::median(r.guiRuns);
    r.headlessImagesPerSecond = training::median(r.headlessRuns);

    r.guiThreadCpuShare = training::median(cpuShare);
    r.samples = static_cast<int>(lateness.size());
    r.p50Ms = percentile(lateness, 50.0);
    r.p99Ms = percentile(lateness, 99.0);
    r.maxMs = lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end());
    return r;
}

int runGuiBench(int argc, char** argv) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pfstudio bench --gui [--preset NAME | --config FILE.json] [--set key=value]... "
        "[--repeats R] [--json]\n"
        "Trains the config (quick by default) in the main window, offscreen, with a 10 ms probe "
        "timer in the GUI thread, then headless, R times (5) in turn: prints the event loop's "
        "lateness (median, 99th percentile, worst) during training, the training throughputs, "
        "the mean step times in the machine's fast and slow periods and the like-for-like ratio "
        "(see the README), and the GUI thread's CPU use."));
    parser.addHelpOption();
    const QCommandLineOption gui(QStringLiteral("gui"), QStringLiteral("This benchmark."));
    const QCommandLineOption preset(QStringLiteral("preset"), QStringLiteral("Preset to run."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption file(QStringLiteral("config"), QStringLiteral("Config file."),
                                  QStringLiteral("FILE.json"));
    const QCommandLineOption set(QStringLiteral("set"), QStringLiteral("Override a key."),
                                 QStringLiteral("key=value"));
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("GUI and headless runs, in turn (5)."),
                                     QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({gui, preset, file, set, repeats, json});
    if (auto code = parseBenchArguments(parser, argc, argv)) return *code;
    int repeatCount = 0;
    if (!wholeNumberOption(parser, repeats, 1, 100, &repeatCount)) return 2;
    std::string configJson;
    try {
        std::vector<std::string> overrides;
        for (const QString& s : parser.values(set))
            overrides.push_back(s.toStdString());
        const config::ExperimentConfig config =
            parser.isSet(file)
                ? config::ExperimentConfig::fromFile(parser.value(file).toStdString(), overrides)
                : config::ExperimentConfig::fromPreset(
                      parser.isSet(preset) ? parser.value(preset).toStdString() : "quick",
                      overrides);
        configJson = config.toJson().dump();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pfstudio: bench: %s\n", e.what());
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    useCallingThreadOnly();  // as the application does in its GUI thread
    try {
        const GuiBenchResult b = benchmarkGui(configJson, repeatCount);
        const LikeForLike like = compareLikeForLike(b.guiStepSeconds, b.headlessStepSeconds);
        if (parser.isSet(json)) {
            nlohmann::json modes = nlohmann::json::array();
            for (const SpeedMode& m : like.modes)
                modes.push_back({{"gui_step_ms", m.guiMs},
                                 {"headless_step_ms", m.headlessMs},
                                 {"gui_steps", m.guiSteps},
                                 {"headless_steps", m.headlessSteps},
                                 {"gui_over_headless", m.guiOverHeadless}});
            std::printf("%s\n",
                        nlohmann::json{{"status", b.status},
                                       {"probe_samples", b.samples},
                                       {"lateness_p50_ms", b.p50Ms},
                                       {"lateness_p99_ms", b.p99Ms},
                                       {"lateness_max_ms", b.maxMs},
                                       {"gui_images_per_second", b.guiImagesPerSecond},
                                       {"headless_images_per_second", b.headlessImagesPerSecond},
                                       {"gui_runs", b.guiRuns},
                                       {"headless_runs", b.headlessRuns},
                                       {"speed_modes", modes},
                                       {"mode_threshold_ms", like.thresholdMs},
                                       {"gui_over_headless", like.guiOverHeadless},
                                       {"gui_thread_cpu_share", b.guiThreadCpuShare}}
                            .dump()
                            .c_str());
        } else {
            auto list = [](const std::vector<double>& values) {
                std::string out;
                for (double v : values)
                    out += (out.empty() ? "" : " / ") + std::to_string(std::lround(v));
                return out;
            };
            std::printf(
                "GUI runs %s; event loop lateness while training (%d probes of 10 ms): median "
                "%.1f ms, 99th percentile %.1f ms, worst %.1f ms\n"
                "Training, median images/s: %.0f in the GUI (%s), %.0f headless (%s)\n",
                b.status.c_str(), b.samples, b.p50Ms, b.p99Ms, b.maxMs, b.guiImagesPerSecond,
                list(b.guiRuns).c_str(), b.headlessImagesPerSecond, list(b.headlessRuns).c_str());
            for (std::size_t m = 0; m < like.modes.size(); ++m) {
                const SpeedMode& mode = like.modes[m];
                std::printf(
                    "%s: mean step %.2f ms in the GUI (%d steps), %.2f ms headless (%d "
                    "steps): %.1f%%\n",
                    like.modes.size() == 1 ? "All steps"
                    : m == 0               ? "Steps in the machine's fast periods"
                                           : "Steps in its slow periods",
                    mode.guiMs, mode.guiSteps, mode.headlessMs, mode.headlessSteps,
                    100.0 * mode.guiOverHeadless);
            }
            std::printf(
                "GUI / headless, like for like: %.1f%%\n"
                "The GUI thread used %.1f%% of a core while training\n",
                100.0 * like.guiOverHeadless, 100.0 * b.guiThreadCpuShare);
        }
        return b.status == "finished" ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pfstudio: bench: %s\n", e.what());
        return 1;
    }
}

}  // namespace pf::devtools
