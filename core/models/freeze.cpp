#include "models/freeze.h"

namespace pf::models {

std::vector<torch::Tensor> freezeAllExcept(torch::nn::Module& module,
                                           const std::vector<std::string>& trainable) {
    std::vector<torch::Tensor> kept;
    for (auto& p : module.named_parameters(true)) {
        bool train = false;
        for (const std::string& prefix : trainable)
            if (p.key().compare(0, prefix.size(), prefix) == 0) train = true;
        p.value().set_requires_grad(train);
        if (train) kept.push_back(p.value());
    }
    return kept;
}

std::vector<torch::Tensor> trainableParameters(const torch::nn::Module& module) {
    std::vector<torch::Tensor> out;
    for (const auto& p : module.parameters(true))
        if (p.requires_grad()) out.push_back(p);
    return out;
}

}  // namespace pf::models
