#pragma once

#include <vector>

#include "learners/vit_classifier.h"

namespace pf::learners {

struct EwcOptions : ViTClassifierOptions {
    /// ewc_lambda: strength of the quadratic penalty (1e5: best of 1e3..1e6 on the fmnist-seen-cil
    /// validation split with the built-in backbones).
    double lambda = 1e5;
    bool online = false;       ///< ewc_online: one running Fisher (gamma-decayed), not one per task
    double gamma = 1.0;        ///< ewc_gamma: decay of the running Fisher (online only)
    int fisherSamples = 1000;  ///< fisher_samples: training images per task for the Fisher
    static const config::FieldSet<EwcOptions>& fields();
};

/// sum_k sum_i F_k,i (theta_i - theta*_k,i)^2 over the stored tasks k: EWC's penalty without
/// its lambda / 2. `anchors[k]` and `fishers[k]` hold one tensor per parameter of `params`.
torch::Tensor ewcPenalty(const std::vector<torch::Tensor>& params,
                         const std::vector<std::vector<torch::Tensor>>& anchors,
                         const std::vector<std::vector<torch::Tensor>>& fishers);

/// `ewc` (Kirkpatrick et al., 2017): the ViT fully fine-tuned, with a quadratic penalty that
/// holds each parameter near its value after earlier tasks, weighted by the diagonal empirical
/// Fisher information (the mean squared per-image gradient of the log-likelihood of the true
/// label, on up to fisher_samples images of the task). Online EWC (Schwarz et al., 2018) keeps
/// one Fisher, F <- gamma F + F_t, anchored at the latest parameters.
class EwcLearner : public ViTClassifierLearner {
public:
    EwcLearner(const LearnerContext& context, const EwcOptions& options);
    void endTask(const TaskInfo& task, const TaskData& data) override;
    std::vector<NamedScalar> taskScalars() const override;
    /// The classifier's state, and each stored task's anchor and Fisher.
    void saveState(LearnerState& state) const override;
    void loadState(const LearnerState& state, const TaskInfo& lastTask) override;

    /// The diagonal empirical Fisher of the current parameters on `images`/`targets`, one
    /// image at a time (exact, not a batch approximation).
    std::vector<torch::Tensor> fisher(const torch::Tensor& images, const torch::Tensor& targets);

protected:
    std::pair<torch::Tensor, std::string> extraLoss(const data::Batch& batch,
                                                    const torch::Tensor& logits) override;

private:
    EwcOptions options_;
    std::vector<std::vector<torch::Tensor>> anchors_;
    std::vector<std::vector<torch::Tensor>> fishers_;
};

}  // namespace pf::learners
