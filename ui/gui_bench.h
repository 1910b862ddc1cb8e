#pragma once

#include <string>
#include <vector>

/// `pfstudio bench --gui`: whether training in the GUI costs the user anything. A probe timer
/// in the GUI thread measures how late the event loop answers while a run trains in its worker
/// thread, and the run's training throughput is compared with the same config run headless.
namespace pf::ui {

struct GuiBenchResult {
    int samples = 0;                       ///< probe ticks while the run trained
    double p50Ms = 0.0;                    ///< event-loop lateness, median
    double p99Ms = 0.0;                    ///< 99th percentile
    double maxMs = 0.0;                    ///< worst
    double guiImagesPerSecond = 0.0;       ///< training images / training seconds, in the GUI
    double headlessImagesPerSecond = 0.0;  ///< the same config without a window
    std::vector<double> guiRuns;           ///< images/s of each GUI run (the above: median)
    std::vector<double> headlessRuns;      ///< images/s of each headless run
    double guiThreadCpuShare = 0.0;        ///< GUI thread CPU seconds / wall seconds of the run
    std::string status;                    ///< how the GUI run ended
};

/// Runs `configJson` `repeats` times in a main window (offscreen) on a temporary store with a
/// 10 ms probe timer, each followed by the same config headless (recorded in a store too); the
/// throughputs are medians of the runs' own training seconds. Stops at a GUI run that does not
/// finish (GuiBenchResult::status).
GuiBenchResult benchmarkGui(const std::string& configJson, int repeats = 3);

/// The lateness percentile `p` (0-100) of `samples` (nearest rank).
double percentile(std::vector<double> samples, double p);

/// The command: `pfstudio bench --gui [--preset NAME | --config FILE] [--set key=value]...
/// [--repeats R] [--json]`.
int runGuiBench(int argc, char** argv);

}  // namespace pf::ui
