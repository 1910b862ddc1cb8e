#pragma once

#include "learners/prompt_pool.h"

namespace pf::learners {

struct CodaPromptOptions : PromptPoolOptions {
    /// coda_components: components added per task (reference: a pool of 100 over 10 tasks).
    int componentsPerTask = 10;
    int length = 8;  ///< coda_length: prompt length, split evenly into key and value prefixes
    /// coda_layers: blocks from the first that carry prompts (reference 0-4 of 12; the tiny ViT
    /// has 4 blocks, so all of them).
    int layers = 4;
    /// coda_ortho: weight of the orthogonality penalty on the components, keys and attention
    /// vectors (the reference configurations use 0).
    double orthoWeight = 0.0;
    static const config::FieldSet<CodaPromptOptions>& fields();
    void validate(const data::DatasetInfo& dataset) const;
};

/// Gram-Schmidt on the rows of `vectors` [N, ...] from row `first` on: each is made orthogonal
/// to all rows before it and scaled to unit length (the rows before `first` stay as they are).
/// Where the rows before it already span the whole space (more rows than dimensions) the row
/// is only normalised. Returns the new tensor.
torch::Tensor gramSchmidt(const torch::Tensor& vectors, std::int64_t first);

/// `coda-prompt` (Smith et al., CVPR 2023) on the frozen ViT. Each prompted block holds a pool of
/// prompt components P [N, length, D] with keys K [N, D] and attention vectors A [N, D]; an
/// image's prompt is sum_n alpha_n P_n with alpha_n = cos(q * A_n, K_n), q its query (the ViT's
/// class-token feature without prompts). Its first half is a key prefix, its second a value
/// prefix of the block's attention. Every task adds coda_components components, keys and
/// attention vectors, initialised orthogonal to the earlier ones by Gram-Schmidt; the earlier ones
/// are frozen. The head reads the class token. The selection histogram is the share of the
/// attention mass |alpha| each task's components receive (first prompted block).
class CodaPromptLearner : public PromptPoolLearner {
public:
    CodaPromptLearner(const LearnerContext& context, const CodaPromptOptions& options);

    /// The attention of every image on every component so far of block `layer`: [B, N].
    torch::Tensor attention(const torch::Tensor& query, int layer) const;
    /// Components, keys and attention vectors of block `layer`, all tasks so far, concatenated.
    torch::Tensor components(int layer) const;
    torch::Tensor keys(int layer) const;
    torch::Tensor attentionVectors(int layer) const;

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
    std::vector<std::int64_t> prefixPerBlock() const override {
        return std::vector<std::int64_t>(static_cast<std::size_t>(options_.layers),
                                         options_.length / 2);
    }

private:
    // Per block, per task: that task's slice.
    struct Slices {
        std::vector<torch::Tensor> p;  // [C, length, D]
        std::vector<torch::Tensor> k;  // [C, D]
        std::vector<torch::Tensor> a;  // [C, D]
    };
    CodaPromptOptions options_;
    std::vector<Slices> blocks_;
};

}  // namespace pf::learners
