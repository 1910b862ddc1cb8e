#include "learners/er.h"

#include <torch/torch.h>

#include "learners/learner_state.h"
#include "learners/rehearsal.h"

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
