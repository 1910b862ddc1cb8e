#pragma once

#include <QString>

/// `pfstudio bench --history N`: how the run history performs with N runs in the store. Needs
/// widgets, so it lives on the GUI side (offscreen, like `pfstudio screenshot`).
namespace pf::devtools {

struct HistoryBenchResult {
    int runs = 0;              ///< runs in the store
    int compared = 0;          ///< runs drawn side by side
    double fillSeconds = 0.0;  ///< writing the store
    double openMs = 0.0;       ///< History view created, listed and shown (median)
    double filterMs = 0.0;     ///< a text filter typed until the table holds its rows (median)
    int filterMatches = 0;     ///< rows the filter left
    double compareMs = 0.0;    ///< Compare view given the runs and redrawn (median)
    long long storeBytes = 0;  ///< size of the store file
};

/// Fills a store at `path` (which must not exist yet) with `runs` runs - `compared` complete
/// ones with fmnist-seen-cil-sized curves (5 tasks x 936 steps of loss, lr and fusion weight, the
/// accuracy matrix, per-task figures), the rest copies of them without curves - then times
/// opening the History view, a text filter and comparing the complete runs, `repeats` times each.
HistoryBenchResult benchmarkHistory(const QString& path, int runs, int compared, int repeats);

/// The command: `pfstudio bench --history N [--compare K] [--repeats R] [--json]`. Checks its
/// arguments before it starts an (offscreen) application.
int runHistoryBench(int argc, char** argv);

}  // namespace pf::devtools
