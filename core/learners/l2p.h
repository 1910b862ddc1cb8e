#pragma once

#include "learners/prompt_pool.h"

namespace pf::learners {

struct L2pOptions : PromptPoolOptions {
    int poolSize = 10;        ///< l2p_pool: prompts in the pool (reference 10)
    int promptLength = 1;     ///< l2p_length: tokens per prompt (reference 5 on 196 patches)
    int topK = 5;             ///< l2p_top_k: prompts chosen per image (reference 5)
    double pullWeight = 0.1;  ///< l2p_pull: weight of the key-query surrogate loss (reference 0.1)
    bool batchVoting = true;  ///< l2p_batch_voting: one vote over the batch while training
    static const config::FieldSet<L2pOptions>& fields();
    void validate(const data::DatasetInfo& dataset) const;
};

/// `l2p`, Learning to Prompt (Wang et al., CVPR 2022), on the frozen ViT: a pool of prompts with
/// learnable keys; each image's query (the class-token feature of the ViT without prompts) picks
/// the top-k keys by cosine similarity; the chosen prompts are prepended to the patch tokens,
/// and the head reads the mean of the outputs at the prompt positions. Training adds
/// -pull x the summed cosine of the chosen keys and the queries (the surrogate loss) and, as the
/// reference PyTorch port does, uses the k prompts most often chosen across the batch for every
/// image of it. Deviation: at test time each image uses its own top-k (the port votes there
/// too, which lets the images of one batch - here, of one task - decide each other's prompts).
class L2pLearner : public PromptPoolLearner {
public:
    L2pLearner(const LearnerContext& context, const L2pOptions& options);

    const torch::Tensor& keys() const { return keys_; }
    const torch::Tensor& prompts() const { return prompts_; }

protected:
    void prepareTask(const TaskInfo& task) override;
    Forward forward(const torch::Tensor& images, const torch::Tensor& query, bool training,
                    const torch::Tensor& batchChoice) override;
    torch::Tensor batchChoice(const torch::Tensor& query) const override;
    std::vector<torch::Tensor> promptTensors() const override { return {prompts_, keys_}; }
    void savePrompts(LearnerState& state) const override;
    void loadPrompts(const LearnerState& state, const TaskInfo& lastTask) override;
    std::vector<torch::Tensor> allPromptTensors() const override { return {prompts_, keys_}; }
    int histogramSize() const override { return options_.poolSize; }
    std::int64_t promptTokens() const override { return options_.topK * options_.promptLength; }

private:
    L2pOptions options_;
    torch::Tensor prompts_;  // [pool, length, D]
    torch::Tensor keys_;     // [pool, D]
};

}  // namespace pf::learners
