#include "run/sweep.h"

#include <filesystem>
#include <regex>
#include <set>

#include "common/atomic_file.h"
#include "common/error.h"

namespace pf::storage {

namespace fs = std::filesystem;

SweepPlan planSweep(const config::ExperimentConfig& base, const std::vector<std::string>& methods,
                    const std::string& seeds, const std::string& folder,
                    const std::string& sweepName) {
    if (methods.empty()) throw ConfigError("sweep: name at least one method");
    std::set<std::string> seen;
    std::string compared;
    for (std::size_t i = 0; i < methods.size(); ++i) {
        if (methods[i].empty()) throw ConfigError("sweep: an empty method name in the list");
        if (!seen.insert(methods[i]).second)
            throw ConfigError("sweep: method '" + methods[i] + "' is named twice");
        if (i > 0) compared += (compared.size() ? "," : "") + methods[i];
    }
    // The comparison the config keys already express (methods x seeds), split into runs.
    nlohmann::json object = base.toJson();
    std::vector<std::string> overrides{"method=" + methods.front(), "compare_with=" + compared,
                                       "seeds=" + seeds};
    if (base.options.name.empty()) overrides.push_back("name=" + sweepName);
    const std::vector<config::ExperimentConfig> runs =
        config::ExperimentConfig::withOverrides(object, overrides).comparisonRuns();

    SweepPlan plan;
    plan.folder = fs::absolute(folder).lexically_normal().string();
    for (const config::ExperimentConfig& c : runs) {
        SweepEntry e;
        e.name = c.options.method + "-seed" + std::to_string(c.options.seed);
        e.config = c;
        e.configPath = (fs::path(plan.folder) / "configs" / (e.name + ".json")).string();
        e.storePath = (fs::path(plan.folder) / "stores" / (e.name + ".sqlite")).string();
        for (const SweepEntry& other : plan.entries)
            if (other.name == e.name)
                throw ConfigError("sweep: seed " + std::to_string(c.options.seed) + " of " +
                                  c.options.method + " is named twice");
        plan.entries.push_back(std::move(e));
    }
    return plan;
}

void writeSweepConfigs(const SweepPlan& plan) {
    for (const char* sub : {"configs", "stores", "logs"}) {
        const fs::path dir = fs::path(plan.folder) / sub;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw InputError(dir.string() + ": cannot create the folder: " + ec.message());
    }
    for (const SweepEntry& e : plan.entries) {
        try {
            writeFileAtomically(e.configPath, e.config.toJson().dump(2) + "\n");
        } catch (const std::exception& ex) {
            throw InputError(e.configPath + ": cannot write the config: " + ex.what());
        }
    }
}

std::string whyNotASlurmTime(const std::string& time) {
    // sbatch --time: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
    // "days-hours:minutes", "days-hours:minutes:seconds".
    static const std::regex forms(R"(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2})");
    if (std::regex_match(time, forms)) return {};
    return "'" + time +
           "' is not a Slurm time limit (minutes, H:M:S or D-H:M:S, as sbatch --time takes)";
}

std::string shellQuoted(const std::string& text) {
    static const std::regex plain(R"([A-Za-z0-9_@%+=:,./-]+)");
    if (!text.empty() && std::regex_match(text, plain)) return text;
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string slurmArrayScript(const SweepPlan& plan, const SlurmOptions& o) {
    // An #SBATCH line ends at a line break: a name with one cannot be written there (the rest
    // would be a command of the script).
    for (const std::string& text : {plan.folder, o.program, o.partition, o.jobName})
        if (text.find_first_of("\n\r") != std::string::npos)
            throw InputError("sweep: '" + text +
                             "' holds a line break, which an sbatch script cannot take; "
                             "choose another --out folder");
    const std::string logs = (fs::path(plan.folder) / "logs").string();
    // sbatch reads % in --output as a pattern: a folder's own % is written %%.
    std::string logPattern;
    for (char c : logs)
        logPattern += c == '%' ? std::string("%%") : std::string(1, c);
    std::string s = "#!/bin/bash\n";
    s += "# Written by pfstudio sweep: one array task per config in " + plan.folder +
         "/configs,\n# each storing its run in " + plan.folder +
         "/stores.\n# When the job has ended:\n#   " + shellQuoted(o.program) + " import " +
         shellQuoted(plan.folder) + "/stores/*.sqlite\n";
    s += "#SBATCH --job-name=" + shellQuoted(o.jobName) + "\n";
    s += "#SBATCH --array=0-" + std::to_string(plan.entries.size() - 1) +
         (o.maxParallel > 0 ? "%" + std::to_string(o.maxParallel) : "") + "\n";
    s += "#SBATCH --output=" + shellQuoted(logPattern + "/%A_%a.out") + "\n";
    s += "#SBATCH --ntasks=" + std::to_string(o.ranksPerRun) + "\n";
    s += "#SBATCH --cpus-per-task=" + std::to_string(o.cpusPerTask) + "\n";
    if (!o.partition.empty()) s += "#SBATCH --partition=" + shellQuoted(o.partition) + "\n";
    if (!o.time.empty()) s += "#SBATCH --time=" + o.time + "\n";
    if (o.gpusPerTask > 0) s += "#SBATCH --gpus-per-task=" + std::to_string(o.gpusPerTask) + "\n";
    s += "set -euo pipefail\n";
    s += "names=(";
    for (const SweepEntry& e : plan.entries)
        s += "\n  " + shellQuoted(e.name);
    s += "\n)\n";
    s += "name=${names[$SLURM_ARRAY_TASK_ID]}\n";
    s += "sweep=" + shellQuoted(plan.folder) + "\n";
    s += "echo \"pfstudio sweep: $name on $(hostname), array task $SLURM_ARRAY_TASK_ID\"\n";
    s += "exec srun --ntasks=" + std::to_string(o.ranksPerRun) +
         " --cpus-per-task=\"${SLURM_CPUS_PER_TASK:-" + std::to_string(o.cpusPerTask) + "}\" " +
         shellQuoted(o.program) +
         " run --config \"$sweep/configs/$name.json\" --db \"$sweep/stores/$name.sqlite\" "
         "--set \"threads=${SLURM_CPUS_PER_TASK:-" +
         std::to_string(o.cpusPerTask) + "}\"\n";
    return s;
}

}  // namespace pf::storage
