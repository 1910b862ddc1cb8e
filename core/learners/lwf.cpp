#include "learners/lwf.h"

#include <torch/torch.h>

namespace pf::learners {

const config::FieldSet<LwfOptions>& LwfOptions::fields() {
    static config::FieldSet<LwfOptions> set = [] {
        config::FieldSet<LwfOptions> s;
        ViTClassifierOptions::addFields(s);
        s.group("method")
            .real("lwf_alpha", &LwfOptions::alpha, {0.0, 1e6}, "LwF distillation weight")
            .real("lwf_temperature", &LwfOptions::temperature, {0.05, 100.0},
                  "LwF distillation temperature");
        return s;
    }();
    return set;
}

torch::Tensor distillationLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                               double temperature) {
    const torch::Tensor target = torch::softmax(oldLogits / temperature, 1);
    const torch::Tensor logp = torch::log_softmax(newLogits / temperature, 1);
    return -(target * logp).sum(1).mean() * (temperature * temperature);
}

LwfLearner::LwfLearner(const LearnerContext& context, const LwfOptions& options)
    : ViTClassifierLearner(context, options, true), options_(options) {}

void LwfLearner::beginTask(const TaskInfo& task) {
    ViTClassifierLearner::beginTask(task);
    oldClasses_ =
        task.domainIncremental ? (task.index > 0 ? task.seenClasses : 0) : task.firstClass;
    if (oldClasses_ == 0) return;
    // A frozen copy of the model as it was at the end of the previous task.
    torch::NoGradGuard guard;
    oldVit_ = models::VisionTransformer(vit_->options());
    oldHead_ = torch::nn::Linear(head_->options);
    auto copy = [](torch::nn::Module& to, const torch::nn::Module& from) {
        const auto src = from.named_parameters(true);
        for (auto& p : to.named_parameters(true))
            p.value().copy_(src[p.key()]);
        const auto srcBuffers = from.named_buffers(true);
        for (auto& b : to.named_buffers(true))
            b.value().copy_(srcBuffers[b.key()]);
    };
    copy(*oldVit_, *vit_);
    copy(*oldHead_, *head_);
    for (auto& p : oldVit_->parameters())
        p.set_requires_grad(false);
    for (auto& p : oldHead_->parameters())
        p.set_requires_grad(false);
    oldVit_->to(context_.device);
    oldHead_->to(context_.device);
    oldVit_->eval();
}

std::pair<torch::Tensor, std::string> LwfLearner::extraLoss(const data::Batch& batch,
                                                            const torch::Tensor& logits) {
    if (oldClasses_ == 0 || options_.alpha == 0.0) return {};
    torch::Tensor old;
    {
        torch::NoGradGuard guard;
        old = oldHead_->forward(oldVit_->features(batch.images)).narrow(1, 0, oldClasses_);
    }
    return {options_.alpha *
                distillationLoss(logits.narrow(1, 0, oldClasses_), old, options_.temperature),
            "distillation"};
}

}  // namespace pf::learners
