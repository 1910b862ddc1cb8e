#include "distributed/world.h"

#include <cctype>
#include <cstdlib>

#include "common/error.h"

namespace pf::distributed {
namespace {

// A whole number in [low, high] from variable `name`, or InputError naming it.
int wholeNumber(const std::string& name, const std::string& text, int low, int high) {
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || value < low || value > high)
        throw InputError(name + "='" + text + "': expected a whole number from " +
                         std::to_string(low) + " to " + std::to_string(high));
    return static_cast<int>(value);
}

}  // namespace

std::string World::describe() const {
    if (!distributed()) return "a single process";
    return "rank " + std::to_string(rank) + " of " + std::to_string(size) +
           (source.empty() ? "" : " (" + source + ")") + ", master " + masterAddr + ":" +
           std::to_string(masterPort);
}

Environment processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (const char* value = std::getenv(name.c_str())) return std::string(value);
        return std::nullopt;
    };
}

std::string firstHostOf(const std::string& nodelist) {
    // The first entry: up to the first comma outside brackets.
    std::string entry;
    int depth = 0;
    for (char c : nodelist) {
        if (c == '[') ++depth;
        if (c == ']') --depth;
        if (c == ',' && depth == 0) break;
        entry += c;
    }
    auto bad = [&] {
        return InputError("SLURM_STEP_NODELIST='" + nodelist + "': not a Slurm host list");
    };
    if (entry.empty() || depth < 0) throw bad();
    // Each bracketed range list stands for its first value, zero padding kept.
    std::string host;
    for (std::size_t i = 0; i < entry.size(); ++i) {
        if (entry[i] == ']') throw bad();
        if (entry[i] != '[') {
            host += entry[i];
            continue;
        }
        const std::size_t close = entry.find(']', i);
        if (close == std::string::npos) throw bad();
        std::string first;
        for (std::size_t k = i + 1; k < close && std::isdigit(static_cast<unsigned char>(entry[k]));
             ++k)
            first += entry[k];
        if (first.empty()) throw bad();
        host += first;
        i = close;
    }
    return host;
}

void checkWorld(const World& w) {
    if (w.size < 1)
        throw InputError("world size " + std::to_string(w.size) + ": must be 1 or more");
    if (w.rank < 0 || w.rank >= w.size)
        throw InputError("rank " + std::to_string(w.rank) + ": must be from 0 to " +
                         std::to_string(w.size - 1) + " in a world of " + std::to_string(w.size));
    if (w.masterPort < 1 || w.masterPort > 65535)
        throw InputError("master port " + std::to_string(w.masterPort) + ": must be 1 to 65535");
    if (w.masterAddr.empty()) throw InputError("master address: empty");
    if (w.timeout.count() < 1) throw InputError("timeout: must be at least 1 second");
}

World worldFromEnvironment(const Environment& env) {
    World w;
    if (const auto t = env("PFSTUDIO_DIST_TIMEOUT"))
        w.timeout = std::chrono::seconds(wholeNumber("PFSTUDIO_DIST_TIMEOUT", *t, 1, 86400));
    const auto rank = env("RANK"), size = env("WORLD_SIZE");
    if (rank && size) {
        w.source = "torchrun";
        w.size = wholeNumber("WORLD_SIZE", *size, 1, 65536);
        w.rank = wholeNumber("RANK", *rank, 0, w.size - 1);
        if (const auto local = env("LOCAL_RANK"))
            w.localRank = wholeNumber("LOCAL_RANK", *local, 0, w.size - 1);
        if (const auto addr = env("MASTER_ADDR"); addr && !addr->empty()) w.masterAddr = *addr;
        if (const auto port = env("MASTER_PORT"))
            w.masterPort = wholeNumber("MASTER_PORT", *port, 1, 65535);
    } else if (rank || size) {
        throw InputError(std::string(rank ? "RANK" : "WORLD_SIZE") + " is set but " +
                         (rank ? "WORLD_SIZE" : "RANK") + " is not: set both, or neither");
    } else if (const auto procId = env("SLURM_PROCID"), tasks = env("SLURM_NTASKS");
               procId && tasks) {
        w.size = wholeNumber("SLURM_NTASKS", *tasks, 1, 65536);
        if (w.size == 1) return w;  // a step of one task: an ordinary run
        w.source = "slurm";
        w.rank = wholeNumber("SLURM_PROCID", *procId, 0, w.size - 1);
        if (const auto local = env("SLURM_LOCALID"))
            w.localRank = wholeNumber("SLURM_LOCALID", *local, 0, w.size - 1);
        if (const auto addr = env("MASTER_ADDR"); addr && !addr->empty())
            w.masterAddr = *addr;
        else if (const auto nodes = env("SLURM_STEP_NODELIST"))
            w.masterAddr = firstHostOf(*nodes);
        else
            throw InputError(
                "SLURM_NTASKS=" + *tasks +
                " but neither MASTER_ADDR nor SLURM_STEP_NODELIST is set: start the ranks with "
                "srun, or set MASTER_ADDR");
        if (const auto port = env("MASTER_PORT"))
            w.masterPort = wholeNumber("MASTER_PORT", *port, 1, 65535);
        else if (const auto job = env("SLURM_JOB_ID"))
            w.masterPort =
                kSlurmPortBase + wholeNumber("SLURM_JOB_ID", *job, 0, 2147483647) % 10000;
    }
    checkWorld(w);
    return w;
}

}  // namespace pf::distributed
