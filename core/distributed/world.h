#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

/// Who a process is in a data-parallel run: its rank among the world's processes and where
/// they meet. Read from the variables launchers set (torchrun's RANK, WORLD_SIZE, LOCAL_RANK,
/// MASTER_ADDR, MASTER_PORT; Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID and
/// SLURM_STEP_NODELIST under srun) or given on the command line. Torch-free.
namespace pf::distributed {

struct World {
    int rank = 0;
    int size = 1;  ///< 1: an ordinary single-process run
    int localRank = 0;
    /// Where rank 0 listens for the others: loopback unless told otherwise.
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    /// How long any rank waits for the others (to meet, or in a collective) before the run
    /// ends with an error on every rank.
    std::chrono::seconds timeout{300};
    /// Where the world came from: "" (single process), "torchrun", "slurm" or "options".
    std::string source;

    bool distributed() const { return size > 1; }
    /// "rank 1 of 2 (torchrun), master 127.0.0.1:29500".
    std::string describe() const;
};

/// Reads one environment variable (nothing when it is unset).
using Environment = std::function<std::optional<std::string>(const std::string&)>;
/// This process's environment.
Environment processEnvironment();

/// The default master port under Slurm when MASTER_PORT is unset: 20000 + the job id modulo
/// 10000, so that two jobs on one node rarely meet on the same port.
constexpr int kSlurmPortBase = 20000;
/// The default timeout, seconds (PFSTUDIO_DIST_TIMEOUT overrides it).
constexpr int kDefaultTimeoutSeconds = 300;

/// The world the environment describes: torchrun's variables when RANK and WORLD_SIZE are set,
/// else Slurm's when SLURM_PROCID and SLURM_NTASKS are (a step of one task is a single
/// process), else a single process. PFSTUDIO_DIST_TIMEOUT (seconds) sets the timeout. Throws
/// pf::InputError naming the variable whose value is not usable.
World worldFromEnvironment(const Environment& environment);

/// The first host of a Slurm host list ("node[07-09,12],gpu1" -> "node07"). Throws
/// pf::InputError when `nodelist` is not one.
std::string firstHostOf(const std::string& nodelist);

/// Checks a world given by hand (ranks, size, port, timeout in range); throws pf::InputError
/// naming the option at fault (`what` names the source: "--rank", "RANK", ...).
void checkWorld(const World& world);

}  // namespace pf::distributed
