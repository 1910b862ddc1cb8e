#pragma once

#include <string>
#include <vector>

#include "experiment/experiment_config.h"

/// A sweep: one config per (method, seed), each run on its own into a store of its own, on this
/// machine one after another or as a Slurm array job (`pfstudio sweep`); `pfstudio import`
/// brings the stores back into one.
namespace pf::storage {

/// One run of a sweep.
struct SweepEntry {
    std::string name;  ///< "<method>-seed<S>": the file name of its config and its store
    config::ExperimentConfig config;
    std::string configPath;  ///< <folder>/configs/<name>.json
    std::string storePath;   ///< <folder>/stores/<name>.sqlite
};

struct SweepPlan {
    std::string folder;  ///< absolute
    std::vector<SweepEntry> entries;
};

/// The sweep of `base` over `methods` (each with its own default keys but the first, which
/// keeps the keys `base` sets for it when it is base's method) and `seeds` (the `seeds` key's
/// syntax: "0,1,2" or "0-2"; empty: base's seed), method by method, in `folder`. Without a name
/// in `base`, runs are named after `sweepName`. Throws ConfigError naming what is wrong (an
/// unknown method, a bad seed list, a method given twice).
SweepPlan planSweep(const config::ExperimentConfig& base, const std::vector<std::string>& methods,
                    const std::string& seeds, const std::string& folder,
                    const std::string& sweepName);

/// Writes every entry's config (complete JSON, atomically) and creates the stores' and logs'
/// folders. Throws InputError naming the path that cannot be written.
void writeSweepConfigs(const SweepPlan& plan);

/// What an sbatch array script asks of Slurm for each array task (one run).
struct SlurmOptions {
    std::string program;    ///< the pfstudio to run (absolute; shared with the nodes)
    std::string jobName;    ///< --job-name
    std::string partition;  ///< empty: the cluster's default
    std::string time;       ///< a Slurm time limit ("2:00:00", "1-00:00:00"); empty: default
    int cpusPerTask = 1;
    int gpusPerTask = 0;  ///< 0: none asked for
    int maxParallel = 0;  ///< the array's "%N": at most N tasks at once; 0: no limit
    /// Processes per run: more than 1 makes each run data-parallel over that many Slurm tasks
    /// (srun starts them; each reads its rank from Slurm's variables).
    int ranksPerRun = 1;
};

/// Why `time` is not a time limit Slurm takes ("" when it is): minutes, [[D-]H:]M:S, D-H,
/// D-H:M.
std::string whyNotASlurmTime(const std::string& time);

/// The sbatch script of `plan`: one array task per entry, each `srun <program> run --config
/// <its config> --db <its store>` with the compute threads set to the CPUs Slurm gave each of
/// its tasks (`ranksPerRun` tasks, data-parallel when more than one), its output in
/// <folder>/logs/<job>_<task>.out.
std::string slurmArrayScript(const SweepPlan& plan, const SlurmOptions& options);

/// `text` as one word for a POSIX shell (single-quoted where it needs to be).
std::string shellQuoted(const std::string& text);

}  // namespace pf::storage
