#pragma once

#include "data/rehearsal_memory.h"
#include "learners/finetune.h"

namespace pf::learners {

struct ErOptions : ViTClassifierOptions {
    std::string memorySelection = "herding";  ///< memory_selection: herding or random
    static const config::FieldSet<ErOptions>& fields();
};

/// `er`: experience replay. The Booster's ViT, fully fine-tuned on each task together with a
/// rehearsal memory (the same fixed-size, class-balanced memory as PromptFusion's; herding on
/// the current model's class-token features).
class ErLearner : public ViTClassifierLearner {
public:
    ErLearner(const LearnerContext& context, const ErOptions& options);

    std::vector<std::int64_t> trainingIndices(const data::TaskSequence& sequence,
                                              int task) const override;
    void endTask(const TaskInfo& task, const TaskData& data) override;
    std::vector<NamedScalar> taskScalars() const override;
    /// The classifier's state and the memory's exemplars.
    void saveState(LearnerState& state) const override;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) override;

private:
    data::RehearsalMemory memory_;
};

/// A task's training samples followed by the memory's exemplars.
std::vector<std::int64_t> withMemory(std::vector<std::int64_t> taskIndices,
                                     const data::RehearsalMemory& memory);

/// Chooses the exemplars of a finished task's classes into `memory`, from features `encode`
/// computes on the task's own data, then trims the memory. Shared by the rehearsal learners.
void addTaskToMemory(data::RehearsalMemory& memory, const TaskInfo& task, const TaskData& data,
                     const std::function<torch::Tensor(const torch::Tensor&)>& encode);

}  // namespace pf::learners
