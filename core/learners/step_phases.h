#pragma once

/// Where a training step spends its time, for the benchmark (training/bench.h): the step
/// helpers (optimize, applyGradients, BatchSplit::backward) say when each phase ends, and
/// nothing listens unless a benchmark does. Learners never time anything themselves.
namespace pf::learners {

/// The phases of a step: the forward pass and the loss, the backward pass, and gradient
/// clipping plus the optimizer step.
enum class StepPhase { Forward, Backward, Optimizer };

/// Hears the end of each phase of the steps that follow, on the thread that ends it.
class StepPhaseListener {
public:
    virtual ~StepPhaseListener() = default;
    virtual void phaseEnded(StepPhase phase) = 0;
};

/// Makes `listener` (nullptr: none) hear every step's phases from now on; one for the
/// process. Returns the one it replaces.
StepPhaseListener* setStepPhaseListener(StepPhaseListener* listener);

/// Tells the listener, if any, that `phase` of the current step has ended.
void endPhase(StepPhase phase);

}  // namespace pf::learners
