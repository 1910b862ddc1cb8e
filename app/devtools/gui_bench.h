#pragma once

#include <string>
#include <vector>

/// `pfstudio bench --gui`: whether training in the GUI costs the user anything. A probe timer
/// in the GUI thread measures how late the event loop answers while a run trains in its worker
/// thread, and the run's training throughput is compared with the same config run headless.
namespace pf::devtools {

struct GuiBenchResult {
    int samples = 0;                          ///< probe ticks while the run trained
    double p50Ms = 0.0;                       ///< event-loop lateness, median
    double p99Ms = 0.0;                       ///< 99th percentile
    double maxMs = 0.0;                       ///< worst
    double guiImagesPerSecond = 0.0;          ///< training images / training seconds, in the GUI
    double headlessImagesPerSecond = 0.0;     ///< the same config without a window
    std::vector<double> guiRuns;              ///< images/s of each GUI run (the above: median)
    std::vector<double> headlessRuns;         ///< images/s of each headless run
    std::vector<double> guiStepSeconds;       ///< every training step's own time, in the GUI
    std::vector<double> headlessStepSeconds;  ///< and headless
    double guiThreadCpuShare = 0.0;           ///< GUI thread CPU seconds / wall seconds of the run
    std::string status;                       ///< how the GUI run ended
};

/// Runs `configJson` `repeats` times in a main window (offscreen) on a temporary store with a
/// 10 ms probe timer, each started once the Tasks preview has loaded and followed by the same
/// config headless (recorded in a store too); throughputs come from the runs' own training
/// seconds. Stops at a GUI run that does not finish (GuiBenchResult::status).
GuiBenchResult benchmarkGui(const std::string& configJson, int repeats = 5);

/// Training steps of one speed of the machine, in both arms.
struct SpeedMode {
    double guiMs = 0.0;       ///< mean step time in the GUI
    double headlessMs = 0.0;  ///< and headless
    int guiSteps = 0;
    int headlessSteps = 0;
    double guiOverHeadless = 0.0;  ///< throughput ratio: headlessMs / guiMs
};

/// GUI against headless like for like. This machine switches between two speeds every few
/// seconds (steps take ~1.8x as long in its slow periods, GUI or not), so whole runs compare a
/// mix of both. The pooled step times are split in two at the geometric middle of their two
/// clusters (2-means on log times; one cluster when the centres are within 25%), the mean step
/// times are compared within each, and the ratios are weighted by each cluster's share of all
/// steps.
struct LikeForLike {
    std::vector<SpeedMode> modes;  ///< fast first; one when the machine kept one speed
    double thresholdMs = 0.0;      ///< the split (0 with one mode)
    double guiOverHeadless = 0.0;  ///< the weighted ratio: the figure the target is about
};
LikeForLike compareLikeForLike(const std::vector<double>& guiStepSeconds,
                               const std::vector<double>& headlessStepSeconds);

/// The lateness percentile `p` (0-100) of `samples` (nearest rank).
double percentile(std::vector<double> samples, double p);

/// The command: `pfstudio bench --gui [--preset NAME | --config FILE] [--set key=value]...
/// [--repeats R] [--json]`.
int runGuiBench(int argc, char** argv);

}  // namespace pf::devtools
