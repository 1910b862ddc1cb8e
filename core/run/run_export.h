#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

/// The per-task table of a run, wide, one row per task learned: `after_task` (from 1), the
/// accuracy on each task (`task_1` ... `task_N`, empty where not yet learned), then
/// `average_accuracy`, `average_incremental_accuracy`, `forgetting`, `backward_transfer`,
/// `plasticity` and `stability` after that task. Rows stop at the last evaluated task.
std::string taskTableCsv(const metrics::AccuracyMatrix& matrix);

/// Several runs in one table: the header once, then each run's rows in the order given.
std::string exportRunsCsv(RunStore& store, const std::vector<std::int64_t>& runIds);
/// Several runs in one document: `{"runs": [...]}`, each as exportRunJson() gives it.
nlohmann::json exportRunsJson(RunStore& store, const std::vector<std::int64_t>& runIds);

}  // namespace pf::storage
