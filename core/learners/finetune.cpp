#include "learners/finetune.h"

#include <torch/torch.h>

#include "common/error.h"
#include "learners/optim.h"

namespace pf::learners {

const config::FieldSet<ViTClassifierOptions>& ViTClassifierOptions::fields() {
    using O = ViTClassifierOptions;
    static const auto set =
        config::FieldSet<O>("model")
            .integer("vit_patch_size", &O::patchSize, {1, 64}, "ViT patch side in pixels")
            .integer("vit_dim", &O::dim, {8, 1024}, "ViT token width")
            .integer("vit_depth", &O::depth, {1, 24}, "ViT transformer blocks")
            .integer("vit_heads", &O::heads, {1, 16}, "ViT attention heads (must divide vit_dim)")
            .real("vit_mlp_ratio", &O::mlpRatio, {0.25, 8.0}, "ViT MLP width over token width");
    return set;
}

void ViTClassifierOptions::validate(const data::DatasetInfo& dataset) const {
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
    o.numClasses = context.totalClasses;
    return o;
}

FinetuneLearner::FinetuneLearner(const LearnerContext& context, const ViTClassifierOptions& options)
    : context_(context), model_(options.vit(context)) {
    model_->to(context_.device);
}

void FinetuneLearner::beginTask(const TaskInfo& task) {
    seenClasses_ = task.seenClasses;
    // A fresh optimizer per task: moment estimates of the previous task would carry its pull.
    optimizer_ = makeOptimizer(model_->parameters(), context_.experiment);
}

StepResult FinetuneLearner::trainStep(const data::Batch& batch) {
    model_->train();
    const torch::Tensor logits = model_->forward(batch.images).narrow(1, 0, seenClasses_);
    const torch::Tensor loss = torch::cross_entropy_loss(logits, batch.targets);
    optimizer_->zero_grad();
    loss.backward();
    clipGradients(model_->parameters(), context_.experiment.gradClip);
    optimizer_->step();
    return {loss.item<double>(), {}};
}

torch::Tensor FinetuneLearner::predict(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    model_->eval();
    return model_->forward(images).narrow(1, 0, seenClasses_);
}

void FinetuneLearner::setLearningRate(double lr) {
    if (optimizer_) learners::setLearningRate(*optimizer_, lr);
}

std::int64_t FinetuneLearner::trainableParameters() const {
    return countParameters(model_->parameters());
}

}  // namespace pf::learners
