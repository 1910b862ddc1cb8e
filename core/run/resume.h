#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiment/experiment_config.h"

/// Going on with a stored run from its checkpoint: what the command line (`pfstudio run
/// --resume ID`) and the GUI (History > Resume) share. Torch-free.
namespace pf::storage {
class RunStore;
}

namespace pf::training {

/// A stored run that can go on.
struct ResumePlan {
    std::int64_t runId = 0;
    std::string folder;               ///< its checkpoint folder
    config::ExperimentConfig config;  ///< its stored config, overrides applied
};

/// True for the statuses a run can resume from: interrupted, stopped, failed.
bool resumableStatus(const std::string& status);

/// Checks that run `runId` of `store` can resume - it exists, it was interrupted, stopped or
/// failed, its checkpoint is there - and reads its stored config with `overrides` ("key=value":
/// device, threads, ...) applied. Throws pf::InputError saying why not; changes nothing.
ResumePlan planResume(storage::RunStore& store, std::int64_t runId,
                      const std::vector<std::string>& overrides = {});

}  // namespace pf::training
