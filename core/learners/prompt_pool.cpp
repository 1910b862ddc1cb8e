#include "learners/prompt_pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/backbones.h"
#include "learners/learner_state.h"
#include "learners/optim.h"
#include "learners/step_sync.h"
#include "metrics/flops.h"
#include "metrics/prompt_use.h"

namespace pf::learners {

torch::Tensor keySimilarity(const torch::Tensor& queries, const torch::Tensor& keys) {
    namespace F = torch::nn::functional;
    const auto unit = F::NormalizeFuncOptions().dim(1).eps(1e-12);
    return torch::matmul(F::normalize(queries, unit), F::normalize(keys, unit).t());
}

torch::Tensor matchKeys(const torch::Tensor& queries, const torch::Tensor& keys, int k) {
    TORCH_CHECK(k >= 1 && k <= keys.size(0), "cannot pick ", k, " of ", keys.size(0), " keys");
    return std::get<1>(keySimilarity(queries, keys).topk(k, 1, true, true));
}

torch::Tensor voteKeys(const torch::Tensor& selected, int poolSize, int k) {
    TORCH_CHECK(k >= 1 && k <= poolSize, "cannot vote ", k, " of ", poolSize, " prompts");
    // On the tensors' device (no copy to the host and back every step). Most votes first;
    // among equal counts the lower id: a stable sort keeps the ids' ascending order.
    torch::Tensor counts = torch::bincount(selected.flatten().to(torch::kLong), {}, poolSize);
    // Data-parallel training: the global batch votes, so every rank picks the same prompts.
    if (StepSync* sync = stepSync()) counts = sync->sumCounts(counts);
    return std::get<1>(counts.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true))
        .narrow(0, 0, k);
}

torch::Tensor pullSimilarity(const torch::Tensor& queries, const torch::Tensor& keys,
                             const torch::Tensor& selected) {
    namespace F = torch::nn::functional;
    const auto unit = F::NormalizeFuncOptions().dim(-1).eps(1e-12);
    const torch::Tensor k = F::normalize(keys, unit).index_select(0, selected.flatten());
    const torch::Tensor q =
        F::normalize(queries, unit).repeat_interleave(selected.size(1), 0);  // [B * k, D]
    return (k * q).sum() / static_cast<double>(queries.size(0));
}

PromptPoolLearner::PromptPoolLearner(const LearnerContext& context,
                                     const PromptPoolOptions& options)
    : context_(context), poolOptions_(options) {
    vit_ = loadViTBackbone(options.vitWeights);
    const models::ViTOptions& o = vit_->options();
    requireImageShape("vit_weights", o.imageSize, o.channels, context.imageSize, context.channels,
                      options.vitWeights.empty());
    head_ = torch::nn::Linear(o.dim, context.totalClasses);
    vit_->to(context_.device);
    head_->to(context_.device);
    vit_->eval();  // frozen; and vit_->query() may then run on several threads at once
    split_ = BatchSplit::forExperiment(context_.experiment, context_.device);
}

void PromptPoolLearner::requireBlocks(const std::string& key, int first, int count) const {
    if (first + count > depth())
        throw ConfigError("config key '" + key + "': prompts on blocks " + std::to_string(first) +
                          "-" + std::to_string(first + count - 1) + " need a ViT of at least " +
                          std::to_string(first + count) + " blocks; this one has " +
                          std::to_string(depth()));
}

std::vector<torch::Tensor> PromptPoolLearner::trainable() const {
    std::vector<torch::Tensor> params = promptTensors();
    for (const auto& p : head_->parameters())
        params.push_back(p);
    return params;
}

void PromptPoolLearner::beginTask(const TaskInfo& task) {
    task_ = task;
    prepareTask(task);
    optimizer_ = makeOptimizer(trainable(), context_.experiment.training);
}

torch::Tensor PromptPoolLearner::logits(const torch::Tensor& features) {
    return head_->forward(features).narrow(1, 0, task_.seenClasses);
}

torch::Tensor PromptPoolLearner::lossOn(const data::Batch& batch, const torch::Tensor& query,
                                        const torch::Tensor& choice,
                                        std::vector<NamedScalar>& scalars) {
    Forward f = forward(batch.images, query, true, choice);
    torch::Tensor out = logits(f.features);
    if (poolOptions_.trainMask && task_.firstClass > 0) {
        // Only the current task's classes compete: the older ones' logits are masked out.
        out = torch::cat({torch::full({out.size(0), task_.firstClass},
                                      -std::numeric_limits<float>::infinity(), out.options()),
                          out.narrow(1, task_.firstClass, out.size(1) - task_.firstClass)},
                         1);
    }
    torch::Tensor loss = torch::cross_entropy_loss(out, batch.targets);
    if (f.extraLoss.defined()) {
        scalars.emplace_back(f.extraName, f.extraLoss.item<double>());
        loss = loss + f.extraLoss;
    }
    return loss;
}

StepResult PromptPoolLearner::trainStep(const data::Batch& batch) {
    StepResult result;
    const std::vector<torch::Tensor> params = trainable();
    if (split_) {
        const BatchSplit::Alone alone;
        // The queries in parts too; then what the batch decides as a whole, on this thread.
        const torch::Tensor query =
            torch::cat(split_->map(batch.images.size(0), [&](std::int64_t begin, std::int64_t end) {
                return vit_->query(batch.images.narrow(0, begin, end - begin));
            }));
        const torch::Tensor choice = batchChoice(query);
        // Every part reports the method's term (a mean over its images, or the same in every
        // part for a term of the parameters alone): weighted by the shares, the batch's.
        const double loss = split_->backward(
            batch,
            [&](BatchSplit::Part& part) {
                return lossOn(part.batch, query.narrow(0, part.first, part.batch.images.size(0)),
                              choice, part.scalars);
            },
            params, result);
        applyGradients(loss, *optimizer_, params, context_.experiment.training.gradClip, result);
        return result;
    }
    const torch::Tensor query = vit_->query(batch.images);
    const torch::Tensor loss = lossOn(batch, query, batchChoice(query), result.scalars);
    optimize(loss, *optimizer_, params, context_.experiment.training.gradClip, result);
    return result;
}

CostModel PromptPoolLearner::costModel(int) const {
    const models::ViTOptions& o = vit_->options();
    const std::vector<std::int64_t> prefix = prefixPerBlock();
    const metrics::TransformerShape plain = transformerShape(o);
    const double embed = metrics::patchEmbedFlops(o.imageSize, o.patchSize, o.channels, o.dim);
    const double head = metrics::linearFlops(o.dim, std::max(task_.seenClasses, 1));
    // The query pass (no prompts, no gradient), then the prompted pass block by block; the
    // backward pass reaches the prompts of block 0, so it crosses every block (inputs only).
    double prompted = 0.0, backward = 0.0;
    for (std::int64_t b = 0; b < o.depth; ++b) {
        metrics::TransformerShape s = plain;
        s.depth = 1;
        s.tokens = plain.tokens + promptTokens();
        s.prefix =
            b < static_cast<std::int64_t>(prefix.size()) ? prefix[static_cast<std::size_t>(b)] : 0;
        prompted += metrics::transformerForwardFlops(s);
        backward += metrics::transformerBackwardFlops(s, false);
    }
    const double query = embed + metrics::transformerForwardFlops(plain);
    CostModel c;
    c.evalFlops = query + embed + prompted + head;
    c.trainFlops = c.evalFlops + backward + 2.0 * head;
    c.model = {{"vit", o.toJson()},
               {"prompt_tokens", promptTokens()},
               {"prefix_per_block", prefix},
               {"head", {{"in", o.dim}, {"out", context_.totalClasses}}},
               {"seen_classes", task_.seenClasses}};
    return c;
}

std::pair<torch::Tensor, torch::Tensor> PromptPoolLearner::predictPart(
    const torch::Tensor& images) {
    torch::NoGradGuard guard;
    const Forward f = forward(images, vit_->query(images), false, {});
    return {logits(f.features), f.usage.defined() ? f.usage.sum(0) : torch::Tensor()};
}

torch::Tensor PromptPoolLearner::predict(const torch::Tensor& images) {
    torch::Tensor out, used;
    if (split_) {
        // parallel = "batch": the images in parts, one per thread, each predicted alone.
        const BatchSplit::Alone alone;
        const auto parts = split_->map(images.size(0), [&](std::int64_t begin, std::int64_t end) {
            return predictPart(images.narrow(0, begin, end - begin));
        });
        std::vector<torch::Tensor> logits;
        for (const auto& [l, u] : parts) {
            logits.push_back(l);
            if (u.defined()) used = used.defined() ? used + u : u;
        }
        out = torch::cat(logits);
    } else {
        std::tie(out, used) = predictPart(images);
    }
    if (evaluationTask_ >= 0 && used.defined()) {
        const torch::Tensor u64 = used.to(torch::kCPU).to(torch::kDouble).contiguous();
        auto& row = counts_[static_cast<std::size_t>(evaluationTask_)];
        const double* u = u64.data_ptr<double>();
        for (std::size_t j = 0; j < row.size() && j < static_cast<std::size_t>(u64.numel()); ++j)
            row[j] += u[j];
    }
    return out;
}

void PromptPoolLearner::beginEvaluation() {
    counts_.assign(static_cast<std::size_t>(task_.index + 1),
                   std::vector<double>(static_cast<std::size_t>(histogramSize()), 0.0));
    evaluationTask_ = -1;
}

void PromptPoolLearner::beginEvaluationTask(int task) {
    evaluationTask_ = task >= 0 && task < static_cast<int>(counts_.size()) ? task : -1;
}

std::vector<NamedScalar> PromptPoolLearner::endEvaluation() {
    evaluationTask_ = -1;
    std::vector<NamedScalar> out;
    if (histogramSize() == 0) return out;
    double own = 0.0, all = 0.0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        const std::vector<double>& row = counts_[i];
        const double total = std::accumulate(row.begin(), row.end(), 0.0);
        if (total <= 0.0) continue;
        for (std::size_t j = 0; j < row.size(); ++j)
            out.emplace_back(metrics::promptUseName(static_cast<int>(i), static_cast<int>(j)),
                             row[j] / total);
        if (i < row.size()) own += row[i];
        all += total;
    }
    if (entriesAreTasks() && all > 0.0) out.emplace_back("prompt_task_match", own / all);
    return out;
}

void PromptPoolLearner::setLearningRate(double lr) {
    if (optimizer_) learners::setLearningRate(*optimizer_, lr);
}

int PromptPoolLearner::stepParts() const {
    return split_ ? split_->parts() : 1;
}

std::int64_t PromptPoolLearner::trainableParameters() const {
    return countParameters(trainable());
}

std::int64_t PromptPoolLearner::totalParameters() const {
    return countParameters(vit_->parameters()) + countParameters(head_->parameters()) +
           countParameters(allPromptTensors());
}

void PromptPoolLearner::saveState(LearnerState& state) const {
    state.putModule("head", *head_);
    savePrompts(state);
}

void PromptPoolLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    state.loadModule("head", *head_);
    loadPrompts(state, lastTask);
    task_ = lastTask;
}

}  // namespace pf::learners
