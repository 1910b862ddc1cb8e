#pragma once

#include <cmath>

/// Learning-rate schedules shared by continual training and pretraining.
namespace pf {

/// Cosine decay after `done` of `total` steps: `peak` at the start, half of it halfway, 0 at
/// the end.
inline double cosineDecay(double peak, double done, double total) {
    return 0.5 * peak * (1.0 + std::cos(M_PI * done / total));
}

}  // namespace pf
