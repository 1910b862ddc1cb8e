#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/nn/modules/linear.h>
#include <torch/optim/optimizer.h>

#include "data/catalog.h"
#include "learners/batch_split.h"
#include "learners/cost_model.h"
#include "learners/learner.h"
#include "models/vit.h"

/// What the rehearsal-free prompt methods (L2P, DualPrompt, CODA-Prompt) share: the frozen
/// pretrained ViT, whose class-token feature without prompts is the query that picks or weighs
/// prompts; a linear head over all classes; training with the logits of classes outside the
/// current task masked; and, at evaluation, how often each prompt (or group of prompt
/// components) is chosen for the test images of each task - the per-task selection histogram.
namespace pf::learners {

/// Keys every prompt-pool learner has.
struct PromptPoolOptions {
    std::string vitWeights;  ///< vit_weights: timm ViT checkpoint; "" = built-in tiny ViT
    /// train_mask: while training, only the current task's classes compete (the reference
    /// implementations' default); off = all classes seen so far.
    bool trainMask = true;

    template <class O>
    static config::FieldSet<O>& addFields(config::FieldSet<O>& set);
};

/// Cosine similarity of every query to every key: [B, D] x [P, D] -> [B, P].
torch::Tensor keySimilarity(const torch::Tensor& queries, const torch::Tensor& keys);

/// The `k` keys most similar to each query, most similar first: [B, k] indices into the keys.
torch::Tensor matchKeys(const torch::Tensor& queries, const torch::Tensor& keys, int k);

/// L2P's batch-wise voting: the `k` prompt ids chosen most often in `selected` ([B, k']),
/// ties broken towards the lower id; [k] indices. Ids never chosen fill up the list (lowest
/// first) when fewer than `k` distinct ids were chosen.
torch::Tensor voteKeys(const torch::Tensor& selected, int poolSize, int k);

/// The surrogate (pull) term: sum over the batch and the chosen keys of cos(key, query), divided
/// by the batch size. The methods subtract it, times their weight, from the loss, pulling the
/// chosen keys towards the queries. `selected` [B, k] indexes `keys`.
torch::Tensor pullSimilarity(const torch::Tensor& queries, const torch::Tensor& keys,
                             const torch::Tensor& selected);

/// The base of the three prompt methods. A method supplies its prompted feature and its
/// trainable tensors; this class owns the ViT, the head, the optimizer, the masked loss and the
/// selection histogram.
class PromptPoolLearner : public Learner, public CostModelled {
public:
    PromptPoolLearner(const LearnerContext& context, const PromptPoolOptions& options);

    void beginTask(const TaskInfo& task) override;
    StepResult trainStep(const data::Batch& batch) override;
    torch::Tensor predict(const torch::Tensor& images) override;
    void beginEvaluation() override;
    void beginEvaluationTask(int task) override;
    std::vector<NamedScalar> endEvaluation() override;
    void setLearningRate(double lr) override;
    int stepParts() const override;
    std::int64_t trainableParameters() const override;
    std::int64_t totalParameters() const override;
    CostModel costModel(int batchSize) const override;
    /// The head and the method's prompts and keys (the ViT stays frozen).
    void saveState(LearnerState& state) const final;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) final;

    /// Selection counts of the evaluation in progress (or the last one): [test task][entry].
    const std::vector<std::vector<double>>& selectionCounts() const { return counts_; }

protected:
    /// What a method's forward pass returns.
    struct Forward {
        torch::Tensor features;   ///< [B, D]: what the head reads
        torch::Tensor extraLoss;  ///< added to the cross-entropy (e.g. -weight x pull); optional
        std::string extraName;    ///< its name among the step's scalars
        /// [B, histogramSize()]: how much each entry was used per image (rows sum to 1), or
        /// undefined when the method does not report selections.
        torch::Tensor usage;
    };

    /// Called by beginTask before the optimizer is made: add this task's prompts, keys, ...
    virtual void prepareTask(const TaskInfo& task) = 0;
    /// The prompted feature of `images` given their query ([B, D], no gradient); `training`:
    /// the training pass of the current task (selection rules differ), with `batchChoice`
    /// what batchChoice() decided for the whole batch (the images may be a part of it).
    /// Changes no state in training: the parts of a split batch run it at once.
    virtual Forward forward(const torch::Tensor& images, const torch::Tensor& query, bool training,
                            const torch::Tensor& batchChoice) = 0;
    /// What a training batch decides as a whole from its queries (L2P's batch-wise vote);
    /// undefined: nothing.
    virtual torch::Tensor batchChoice(const torch::Tensor& query) const {
        (void)query;
        return {};
    }
    /// The method's tensors trained in the current task (the head is added by this class).
    virtual std::vector<torch::Tensor> promptTensors() const = 0;
    /// Every prompt, key and component tensor held, trained or frozen.
    virtual std::vector<torch::Tensor> allPromptTensors() const = 0;
    /// The method's prompts and keys into and out of a checkpoint.
    virtual void savePrompts(LearnerState& state) const = 0;
    virtual void loadPrompts(const LearnerState& state, const TaskInfo& lastTask) = 0;
    /// Entries of the selection histogram (prompts of the pool, tasks' E-prompts, ...); 0 = none.
    virtual int histogramSize() const = 0;
    /// True when entry j belongs to task j (DualPrompt's E-prompts, CODA's per-task component
    /// groups): the evaluation then also reports "prompt_task_match", the share of test images
    /// (attention mass for CODA) that went to their own task's entry.
    virtual bool entriesAreTasks() const { return false; }
    /// Prompt tokens a prompted pass adds to the sequence (L2P's), and the key/value prefix
    /// tokens per block (DualPrompt's, CODA-Prompt's): for the cost model.
    virtual std::int64_t promptTokens() const { return 0; }
    virtual std::vector<std::int64_t> prefixPerBlock() const { return {}; }

    /// The ViT's depth, to check the blocks a method puts prompts on.
    int depth() const { return vit_->options().depth; }
    int width() const { return vit_->options().dim; }
    /// Throws ConfigError naming `key` when blocks [first, first + count) do not exist.
    void requireBlocks(const std::string& key, int first, int count) const;

    LearnerContext context_;
    PromptPoolOptions poolOptions_;
    TaskInfo task_;
    models::VisionTransformer vit_{nullptr};
    torch::nn::Linear head_{nullptr};

private:
    std::vector<torch::Tensor> trainable() const;
    torch::Tensor logits(const torch::Tensor& features);
    /// The masked cross-entropy of a training batch (or part) plus the method's term, whose
    /// value goes to `scalars`.
    torch::Tensor lossOn(const data::Batch& batch, const torch::Tensor& query,
                         const torch::Tensor& choice, std::vector<NamedScalar>& scalars);
    /// Logits of `images` and the selections' usage summed over them (undefined: none).
    std::pair<torch::Tensor, torch::Tensor> predictPart(const torch::Tensor& images);

    std::unique_ptr<BatchSplit> split_;  // parallel = "batch" (or "auto")

    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    std::vector<std::vector<double>> counts_;  // [test task][entry]
    int evaluationTask_ = -1;                  // -1: predictions outside a counted evaluation
};

template <class O>
config::FieldSet<O>& PromptPoolOptions::addFields(config::FieldSet<O>& set) {
    return set.group("model")
        .text("vit_weights", &O::vitWeights, "timm ViT checkpoint (empty: built-in tiny ViT)")
        .group("method")
        .boolean("train_mask", &O::trainMask,
                 "While training, mask the logits of classes outside the current task");
}

}  // namespace pf::learners
