#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "run/run_store.h"

/// Runs that differ only in their seed are one experiment repeated: grouped, they give a mean
/// and a spread instead of one lucky or unlucky number. Torch-free.
namespace pf::storage {

/// A stored config (JSON text) without what may differ between the seeds of one experiment:
/// `seed`, and the labels `name`, `description`, `seeds`, `compare_with`. Runs whose keys are
/// equal are the same experiment. A config that is not a JSON object is its own group.
std::string seedGroupKey(const std::string& configJson);

/// Indices into `runs`, grouped by seedGroupKey(); groups in the order of their first run,
/// runs in their order within a group.
std::vector<std::vector<std::size_t>> groupSeeds(const std::vector<RunRecord>& runs);

/// Mean and sample standard deviation (n - 1) of values.
struct Spread {
    double mean;  ///< NaN without a finite value
    double std;   ///< NaN for fewer than two finite values
    int n = 0;    ///< finite values counted (NaN marks a value not there)
};
Spread spreadOf(const std::vector<double>& values);

}  // namespace pf::storage
