#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "data/rehearsal_memory.h"
#include "learners/learner.h"

/// What the rehearsal learners (er, promptfusion, promptfusion-lite) share of their memory.
namespace pf::learners {

/// A task's training samples followed by the memory's exemplars.
std::vector<std::int64_t> withMemory(std::vector<std::int64_t> taskIndices,
                                     const data::RehearsalMemory& memory);

/// Chooses the exemplars of a finished task's classes into `memory`, from features `encode`
/// computes on the task's own data, then trims the memory. Shared by the rehearsal learners.
void addTaskToMemory(data::RehearsalMemory& memory, const TaskInfo& task, const TaskData& data,
                     const std::function<torch::Tensor(const torch::Tensor&)>& encode);

}  // namespace pf::learners
