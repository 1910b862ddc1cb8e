#include "learners/er.h"

#include <torch/torch.h>

#include "learners/learner_state.h"

namespace pf::learners {

const config::FieldSet<ErOptions>& ErOptions::fields() {
    static config::FieldSet<ErOptions> set = [] {
        config::FieldSet<ErOptions> s;
        ViTClassifierOptions::addFields(s);
        s.group("memory").choice("memory_selection", &ErOptions::memorySelection,
                                 {"herding", "random"}, "How exemplars are chosen");
        return s;
    }();
    return set;
}

std::vector<std::int64_t> withMemory(std::vector<std::int64_t> taskIndices,
                                     const data::RehearsalMemory& memory) {
    const std::vector<std::int64_t> kept = memory.indices();
    taskIndices.insert(taskIndices.end(), kept.begin(), kept.end());
    return taskIndices;
}

void addTaskToMemory(data::RehearsalMemory& memory, const TaskInfo& task, const TaskData& data,
                     const std::function<torch::Tensor(const torch::Tensor&)>& encode) {
    if (memory.capacity() == 0) return;
    torch::NoGradGuard guard;
    data::BatchLoader loader = data.loader(data.indices);
    std::vector<torch::Tensor> feats, labels;
    while (auto b = loader.next()) {
        feats.push_back(encode(b->images).cpu());
        labels.push_back(b->targets);
    }
    const torch::Tensor f = torch::cat(feats), y = torch::cat(labels);
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

ErLearner::ErLearner(const LearnerContext& context, const ErOptions& options)
    : ViTClassifierLearner(context, options, true)
    , memory_(context.experiment.memorySize,
              data::RehearsalMemory::parseSelection(options.memorySelection),
              static_cast<std::uint64_t>(context.experiment.seed)) {}

std::vector<std::int64_t> ErLearner::trainingIndices(const data::TaskSequence& sequence,
                                                     int task) const {
    return withMemory(sequence.task(task).train, memory_);
}

void ErLearner::endTask(const TaskInfo& task, const TaskData& data) {
    addTaskToMemory(memory_, task, data,
                    [this](const torch::Tensor& x) { return vit_->query(x.to(context_.device)); });
}

std::vector<NamedScalar> ErLearner::taskScalars() const {
    return {{"memory_used", static_cast<double>(memory_.size())}};
}

}  // namespace pf::learners

namespace pf::learners {

void ErLearner::saveState(LearnerState& state) const {
    ViTClassifierLearner::saveState(state);
    state.putMemory("memory", memory_);
}

void ErLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    ViTClassifierLearner::loadState(state, lastTask);
    state.loadMemory("memory", memory_);
}

}  // namespace pf::learners
