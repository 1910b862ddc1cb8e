// PromptFusion's fusion of the two parts' logits (the learned weight lambda) and the weight
// mask that balances old classes against new ones.

#include <cmath>

#include <torch/torch.h>

#include "learners/promptfusion.h"

namespace pf::learners {

torch::Tensor maskWeights(const torch::Tensor& alpha, const torch::Tensor& beta, int firstNew,
                          int taskIndex) {
    const double theta = taskIndex / 2.0;
    const auto seen = alpha.size(0);
    const torch::Tensor old = theta / torch::sigmoid(beta.narrow(0, 0, firstNew));
    const torch::Tensor fresh = torch::sigmoid(alpha.narrow(0, firstNew, seen - firstNew));
    return torch::cat({old, fresh});
}

double maskRateFactor(const torch::Tensor& shares, int firstClass, int classes) {
    if (classes <= 0) return 1.0;
    return std::sqrt(shares.narrow(0, firstClass, classes).mean().item<double>());
}

torch::Tensor maskedLoss(const torch::Tensor& logits, const torch::Tensor& targets,
                         const torch::Tensor& weights) {
    return torch::nll_loss(torch::log_softmax(logits, 1) * weights.unsqueeze(0), targets);
}

torch::Tensor fuse(const torch::Tensor& stabilizer, const torch::Tensor& booster,
                   const torch::Tensor& w) {
    return (1.0 - w) * stabilizer + w * booster;
}

double PromptFusionLearner::fusionWeight() const {
    if (options_.fusionWeight >= 0.0) return options_.fusionWeight;
    return lambda_.defined() ? torch::sigmoid(lambda_).item<double>() : 0.0;
}

void PromptFusionLearner::applyLearningRates() {
    if (!optimizer_) return;
    auto& groups = optimizer_->param_groups();
    groups[0].options().set_lr(learningRate_);
    if (groups.size() < 3) return;
    double newRate = 1.0, oldRate = 1.0;
    if (options_.maskRate == "reference" && classCounts_.defined() &&
        classCounts_.sum().item<double>() > 0.0) {
        const torch::Tensor shares = classCounts_ / classCounts_.sum();
        newRate = maskRateFactor(shares, task_.firstClass, task_.classes);
        oldRate = maskRateFactor(shares, 0, task_.firstClass);
    }
    groups[1].options().set_lr(learningRate_ * newRate);
    groups[2].options().set_lr(learningRate_ * oldRate);
}

torch::Tensor PromptFusionLearner::fusedLogits(const torch::Tensor& images,
                                               const torch::Tensor& currentText,
                                               StepResult* result) {
    const torch::Tensor w = lambda_.defined()
                                ? torch::sigmoid(lambda_)
                                : torch::full({}, options_.fusionWeight, images.options());
    const torch::Tensor logits =
        fuse(stabilizerLogits(images, true, currentText), boosterLogits(images), w);
    if (result) result->scalars.emplace_back("fusion_weight", w.item<double>());
    return logits;
}

std::vector<Prediction> PromptFusionLearner::fusedPrediction(const torch::Tensor& images) {
    const torch::Tensor s = stabilizerLogits(images, false), b = boosterLogits(images);
    const torch::Tensor w = torch::full({}, fusionWeight(), s.options());
    return {{"fused", fuse(s, b, w)}, {"stabilizer", s}, {"booster", b}};
}

}  // namespace pf::learners
