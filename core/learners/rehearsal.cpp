#include "learners/rehearsal.h"

#include <torch/torch.h>

namespace pf::learners {

std::vector<std::int64_t> withMemory(std::vector<std::int64_t> taskIndices,
                                     const data::RehearsalMemory& memory) {
    const std::vector<std::int64_t> kept = memory.indices();
    taskIndices.insert(taskIndices.end(), kept.begin(), kept.end());
    return taskIndices;
}

void addTaskToMemory(data::RehearsalMemory& memory, const TaskInfo& task, const TaskData& data,
                     const std::function<torch::Tensor(const torch::Tensor&)>& encode) {
    if (memory.capacity() == 0) return;
    data::BatchLoader loader = data.loader(data.indices);
    auto [features, y] = data::encodeAll(loader, encode);
    const torch::Tensor f = features.cpu();
    for (int label = task.firstClass; label < task.firstClass + task.classes; ++label) {
        const torch::Tensor rows = y.eq(label).nonzero().squeeze(1);
        std::vector<std::int64_t> indices;
        indices.reserve(static_cast<std::size_t>(rows.size(0)));
        const auto* r = rows.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < rows.size(0); ++i)
            indices.push_back(data.indices[static_cast<std::size_t>(r[i])]);
        memory.addClass(label, indices, f.index_select(0, rows));
    }
    memory.trim();
}

}  // namespace pf::learners
