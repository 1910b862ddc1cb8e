#include "run/resume.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "io/checkpoint_folder.h"
#include "run/run_store.h"

namespace pf::training {

bool resumableStatus(const std::string& status) {
    return status == "interrupted" || status == "stopped" || status == "failed";
}

ResumePlan planResume(storage::RunStore& store, std::int64_t runId,
                      const std::vector<std::string>& overrides) {
    const std::string name = "run " + std::to_string(runId);
    const std::optional<storage::RunRecord> run = store.run(runId);
    if (!run) throw InputError(name + ": no such run in " + store.path());
    if (!resumableStatus(run->status))
        throw InputError(name + " is " + run->status +
                         "; only an interrupted, stopped or failed run can resume");
    ResumePlan plan;
    plan.runId = runId;
    plan.folder = storage::checkpointFolder(store.path(), runId);
    if (!storage::hasCheckpoint(plan.folder))
        throw InputError(name + " has no checkpoint (" + plan.folder +
                         "): it ended before its first task was learned, or its checkpoint was "
                         "deleted; start it again instead");
    nlohmann::json stored;
    try {
        stored = nlohmann::json::parse(run->config);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(name + ": its stored config is not JSON (" + e.what() + ")");
    }
    plan.config = config::ExperimentConfig::withOverrides(stored, overrides);
    return plan;
}

}  // namespace pf::training
