#pragma once

#include <nlohmann/json.hpp>

/// The benchmark's view of a learner's arithmetic (training/bench.h), apart from the Learner
/// interface: a learner whose cost is modelled also derives from CostModelled.
namespace pf::learners {

/// What one image costs a learner, counted analytically from its model configuration (matrix
/// products only, metrics/flops.h): for the benchmark's achieved GFLOP/s.
struct CostModel {
    double trainFlops = 0.0;  ///< forward + backward of one training image (per-batch work shared)
    double evalFlops = 0.0;   ///< one test image
    /// Every dimension the counts come from (image size and channels, both backbones, prompt
    /// lengths, classes), so another program can rebuild the same shapes.
    nlohmann::json model = nlohmann::json::object();
};

class CostModelled {
public:
    virtual ~CostModelled() = default;
    /// The analytic cost of an image in the current task (`batchSize` spreads per-batch work
    /// such as PromptFusion's text tower).
    virtual CostModel costModel(int batchSize) const = 0;
};

}  // namespace pf::learners
