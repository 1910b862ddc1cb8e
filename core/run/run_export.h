#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "run/run_store.h"

/// A stored run as one self-contained document: for sharing, for other tools, for the GUI's
/// Export. Torch-free.
namespace pf::storage {

/// Everything stored for run `runId`: the history row, the config and versions (as objects),
/// the task sequence, the accuracy matrix (rows: task tested; null where not evaluated), the
/// figures after each task, every per-step curve and the epochs. Throws pf::StorageError for
/// an unknown run.
nlohmann::json exportRunJson(RunStore& store, std::int64_t runId);

/// The same numbers in one long CSV table (RFC 4180 quoting), one value per row:
/// `run_id,method,kind,name,task,after_task,step,epoch,value` with kind `config` (name: the
/// key), `accuracy` (task, after_task), `task_metric` (name, after_task), `step` (name, task,
/// step, epoch) and `epoch` (task, epoch; name `mean_loss` or `seconds`). Tasks, after_task
/// and epochs count from 1, as the GUI shows them; steps are the global optimizer steps, from
/// 0. Empty fields where a column does not apply.
std::string exportRunCsv(RunStore& store, std::int64_t runId);

}  // namespace pf::storage
