#pragma once

#include "data/rehearsal_memory.h"
#include "learners/vit_classifier.h"

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

}  // namespace pf::learners
