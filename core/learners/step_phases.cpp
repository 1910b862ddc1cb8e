#include "learners/step_phases.h"

#include <atomic>

namespace pf::learners {
namespace {
std::atomic<StepPhaseListener*> gListener{nullptr};
}

StepPhaseListener* setStepPhaseListener(StepPhaseListener* listener) {
    return gListener.exchange(listener);
}

void endPhase(StepPhase phase) {
    if (StepPhaseListener* l = gListener.load(std::memory_order_acquire)) l->phaseEnded(phase);
}

}  // namespace pf::learners
