#pragma once

#include "learners/prompt_pool.h"

namespace pf::learners {

struct DualPromptOptions : PromptPoolOptions {
    int gLength = 5;  ///< g_length: G-prompt prefix length (reference 5)
    int gLayers = 2;  ///< g_layers: G-prompt on blocks 0 .. g_layers-1 (reference 0-1)
    int eLength = 5;  ///< e_length: E-prompt prefix length (reference 5 on CIFAR, 20 ImageNet-R)
    /// e_layers: E-prompts on the next e_layers blocks (reference 2-4 of 12; the tiny ViT has 4
    /// blocks, so 2-3).
    int eLayers = 2;
    double pullWeight = 1.0;  ///< e_pull: weight of the key-query pull loss (reference 1.0)
    /// e_init_previous: each new E-prompt starts as a copy of the previous task's (reference).
    bool initFromPrevious = true;
    static const config::FieldSet<DualPromptOptions>& fields();
    void validate(const data::DatasetInfo&) const {}
};

/// `dualprompt` (Wang et al., ECCV 2022) on the frozen ViT. A G-prompt shared by all tasks is a
/// key/value prefix of the first g_layers blocks; the E-prompts, one per task with a learnable
/// key, are prefixes of the next e_layers blocks. Training uses the task's own E-prompt and
/// pulls its key to the queries (the ViT's class-token feature without prompts); a test image
/// uses the E-prompt whose key is most similar to its query (top-1). The head reads the class
/// token. Deviation: the test-time match is among the tasks learned so far (the reference port
/// also compares the keys of tasks not yet learned, still at their random initialisation).
class DualPromptLearner : public PromptPoolLearner {
public:
    DualPromptLearner(const LearnerContext& context, const DualPromptOptions& options);

    /// Prefixes of one pass: the G-prompt and, per image, the E-prompt `chosen` [B] picks.
    models::PromptInputs prefixes(const torch::Tensor& chosen) const;
    /// The E-prompt each query picks among the tasks learned so far: [B].
    torch::Tensor chooseTask(const torch::Tensor& query) const;
    const std::vector<torch::Tensor>& eKeys() const { return eKeys_; }
    const std::vector<torch::Tensor>& ePrompts() const { return ePrompts_; }

protected:
    void prepareTask(const TaskInfo& task) override;
    Forward forward(const torch::Tensor& images, const torch::Tensor& query, bool training,
                    const torch::Tensor& batchChoice) override;
    std::vector<torch::Tensor> promptTensors() const override;
    void savePrompts(LearnerState& state) const override;
    void loadPrompts(const LearnerState& state, const TaskInfo& lastTask) override;
    std::vector<torch::Tensor> allPromptTensors() const override;
    int histogramSize() const override { return task_.tasks; }
    bool entriesAreTasks() const override { return true; }
    std::vector<std::int64_t> prefixPerBlock() const override;

private:
    DualPromptOptions options_;
    torch::Tensor gPrompt_;                // [g_layers, 2, g_length, D]
    std::vector<torch::Tensor> ePrompts_;  // per task [e_layers, 2, e_length, D]
    std::vector<torch::Tensor> eKeys_;     // per task [D]
};

}  // namespace pf::learners
