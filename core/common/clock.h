#pragma once

#include <string>

namespace pf {

/// The current time as ISO 8601 UTC ("2026-11-30T14:53:00Z"): what the run store and the
/// checkpoints write.
std::string utcNow();

}  // namespace pf
