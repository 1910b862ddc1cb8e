#include "learners/vit_classifier.h"

#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/backbones.h"
#include "learners/learner_state.h"
#include "learners/optim.h"
#include "metrics/flops.h"

namespace pf::learners {

const config::FieldSet<ViTClassifierOptions>& ViTClassifierOptions::fields() {
    static config::FieldSet<ViTClassifierOptions> set = [] {
        config::FieldSet<ViTClassifierOptions> s;
        addFields(s);
        return s;
    }();
    return set;
}

void ViTClassifierOptions::validate(const data::DatasetInfo& dataset) const {
    if (init != "scratch") return;
    if (dim % heads != 0)
        throw ConfigError("config key 'vit_heads': " + std::to_string(heads) +
                          " heads do not divide vit_dim " + std::to_string(dim));
    if (dataset.imageSize % patchSize != 0)
        throw ConfigError("config key 'vit_patch_size': " + std::to_string(patchSize) +
                          " does not divide the " + std::to_string(dataset.imageSize) +
                          "-pixel images of data set '" + dataset.name + "'");
}

models::ViTOptions ViTClassifierOptions::vit(const LearnerContext& context) const {
    models::ViTOptions o;
    o.imageSize = context.imageSize;
    o.channels = context.channels;
    o.patchSize = patchSize;
    o.dim = dim;
    o.depth = depth;
    o.heads = heads;
    o.mlpRatio = mlpRatio;
    o.numClasses = 0;
    return o;
}

ViTClassifierLearner::ViTClassifierLearner(const LearnerContext& context,
                                           const ViTClassifierOptions& options, bool trainBackbone)
    : context_(context), trainBackbone_(trainBackbone) {
    if (options.init == "scratch") {
        vit_ = models::VisionTransformer(options.vit(context));
    } else {
        vit_ = loadViTBackbone(options.vitWeights);
        const models::ViTOptions& o = vit_->options();
        requireImageShape("vit_weights", o.imageSize, o.channels, context.imageSize,
                          context.channels, options.vitWeights.empty());
    }
    for (auto& p : vit_->parameters())
        p.set_requires_grad(trainBackbone_);
    head_ = torch::nn::Linear(vit_->options().dim, context.totalClasses);
    vit_->to(context_.device);
    head_->to(context_.device);
}

std::vector<torch::Tensor> ViTClassifierLearner::trainable() const {
    std::vector<torch::Tensor> params = head_->parameters();
    if (trainBackbone_)
        for (const auto& p : vit_->parameters())
            params.push_back(p);
    return params;
}

void ViTClassifierLearner::beginTask(const TaskInfo& task) {
    task_ = task;
    // A fresh optimizer per task: moment estimates of the previous task would carry its pull.
    optimizer_ = makeOptimizer(trainable(), context_.experiment.training);
}

torch::Tensor ViTClassifierLearner::logits(const torch::Tensor& images) {
    return head_->forward(vit_->features(images)).narrow(1, 0, task_.seenClasses);
}

StepResult ViTClassifierLearner::trainStep(const data::Batch& batch) {
    vit_->train(trainBackbone_);
    const torch::Tensor out = logits(batch.images);
    torch::Tensor loss = torch::cross_entropy_loss(out, batch.targets);
    StepResult result;
    if (auto [extra, name] = extraLoss(batch, out); extra.defined()) {
        result.scalars.emplace_back(name, extra.item<double>());
        loss = loss + extra;
    }
    optimize(loss, *optimizer_, trainable(), context_.experiment.training.gradClip, result);
    return result;
}

CostModel ViTClassifierLearner::costModel(int) const {
    const models::ViTOptions& o = vit_->options();
    const metrics::TransformerShape s = transformerShape(o);
    const double embed = metrics::patchEmbedFlops(o.imageSize, o.patchSize, o.channels, o.dim);
    const double head = metrics::linearFlops(o.dim, std::max(task_.seenClasses, 1));
    CostModel c;
    c.evalFlops = embed + metrics::transformerForwardFlops(s) + head;
    // Backward: the head's weight and input gradients; a trained backbone adds its own (the
    // patch embedding needs only its weight gradient: images take none).
    c.trainFlops = c.evalFlops + (trainBackbone_ ? 2.0 * head : head);
    if (trainBackbone_) c.trainFlops += metrics::transformerBackwardFlops(s, true) + embed;
    c.model = {{"vit", o.toJson()},
               {"vit_trained", trainBackbone_},
               {"head", {{"in", o.dim}, {"out", context_.totalClasses}}},
               {"seen_classes", task_.seenClasses}};
    return c;
}

torch::Tensor ViTClassifierLearner::predict(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    vit_->eval();
    return logits(images);
}

void ViTClassifierLearner::setLearningRate(double lr) {
    if (optimizer_) learners::setLearningRate(*optimizer_, lr);
}

std::int64_t ViTClassifierLearner::trainableParameters() const {
    return countParameters(trainable());
}

void ViTClassifierLearner::saveState(LearnerState& state) const {
    state.putModule("head", *head_);
    if (trainBackbone_) state.putModule("vit", *vit_);
}

void ViTClassifierLearner::loadState(const LearnerState& state, const TaskInfo& lastTask) {
    state.loadModule("head", *head_);
    if (trainBackbone_) state.loadModule("vit", *vit_);
    task_ = lastTask;
}

std::int64_t ViTClassifierLearner::totalParameters() const {
    return countParameters(vit_->parameters()) + countParameters(head_->parameters());
}

}  // namespace pf::learners
