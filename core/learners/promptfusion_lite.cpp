// PromptFusion-Lite: a Gumbel gate on the Stabilizer's image feature decides per image whether
// the Booster runs at all; a usage loss keeps its rate near gate_target, and the frozen copy of
// last task's gate teaches the current one.

#include <torch/torch.h>

#include "learners/promptfusion.h"

namespace pf::learners {

torch::Tensor gateActivationLoss(const torch::Tensor& on, double target, double weight) {
    return weight * (on.mean() - target).pow(2);
}

torch::Tensor gateDistillation(const torch::Tensor& gate, const torch::Tensor& old) {
    const torch::Tensor teacher = torch::softmax(old / 2.0, 1);
    return (teacher * (torch::log_softmax(old / 2.0, 1) - torch::log_softmax(gate / 2.0, 1)))
        .sum(1)
        .mean();
}

void PromptFusionLearner::buildGate() {
    const int d = clip_->options().vision.outputDim;
    gate_ = torch::nn::Sequential(torch::nn::Linear(d, options_.gateHidden), torch::nn::Tanh(),
                                  torch::nn::Linear(options_.gateHidden, 2));
    gate_->to(context_.device);
}

torch::Tensor PromptFusionLearner::gateLogits(const torch::Tensor& imageFeatures, bool frozenCopy) {
    return (frozenCopy ? gateFrozen_ : gate_)->forward(imageFeatures);
}

torch::Tensor PromptFusionLearner::gatedLogits(const torch::Tensor& images, StepResult* result,
                                               torch::Tensor& extraLoss) {
    const torch::Tensor img = stabilizerImageFeatures(images);
    const torch::Tensor s = stabilizerScores(img, trainingTextFeatures());
    // The gate reads the normalised image feature, as in the reference, without pulling on the
    // Stabilizer's prompt.
    const torch::Tensor gateInput = (img / img.norm(2, -1, true)).detach();
    const torch::Tensor g = gateLogits(gateInput, false);
    const torch::Tensor on =
        torch::nn::functional::gumbel_softmax(g, torch::nn::functional::GumbelSoftmaxFuncOptions()
                                                     .tau(options_.gateTemperature)
                                                     .hard(true)
                                                     .dim(-1))
            .select(1, 1);
    const torch::Tensor logits = s + on.unsqueeze(1) * boosterLogits(images);
    extraLoss = gateActivationLoss(on, options_.gateTarget, options_.gateActivationWeight);
    if (gateFrozen_) {
        torch::Tensor old;
        {
            torch::NoGradGuard guard;
            old = gateLogits(gateInput, true);
        }
        extraLoss = extraLoss + options_.gateDistillWeight * gateDistillation(g, old);
    }
    if (result) result->scalars.emplace_back("gate_rate", on.mean().item<double>());
    return logits;
}

std::vector<Prediction> PromptFusionLearner::gatedPrediction(const torch::Tensor& images) {
    const torch::Tensor img = stabilizerImageFeatures(images);
    const torch::Tensor s = stabilizerScores(img, cachedText_);
    // Noise-free at test time: the Booster runs only on the images the gate picks.
    const torch::Tensor picked =
        gateLogits(img / img.norm(2, -1, true), false).argmax(1).eq(1).nonzero().squeeze(1);
    torch::Tensor fused = s.clone();
    if (picked.numel() > 0)
        fused.index_add_(0, picked, boosterLogits(images.index_select(0, picked)));
    gatedImages_ += picked.numel();
    evaluatedImages_ += images.size(0);
    return {{"fused", fused}, {"stabilizer", s}};
}

}  // namespace pf::learners
