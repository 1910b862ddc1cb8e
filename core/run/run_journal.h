#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "metrics/accuracy_matrix.h"
#include "run/run_store.h"

namespace pf::storage {

/// Everything one run reported, kept in memory beside the store as it is written: when the
/// store fails mid-run (a full or read-only disk, the file deleted, a lock held too long) the
/// run trains on, and its results can be written whole into another store afterwards.
struct RunJournal {
    struct Evaluation {
        int afterTask = 0;
        std::vector<double> accuracies;
        metrics::TaskSummary summary;
        std::vector<std::pair<std::string, double>> figures;
    };

    NewRun row;  ///< the run's row as it was created
    std::string scenario;
    std::vector<TaskRecord> sequence;
    std::vector<double> zeroShot;
    std::vector<StepValue> steps;
    std::vector<EpochRecord> epochs;
    std::vector<Evaluation> evaluations;
    std::string status;  ///< empty until the run ended
    double seconds = 0.0;
    std::string error;

    /// Writes the run as a new run of `store` (status included) and returns its id. Throws
    /// StorageError when that store cannot be written either.
    std::int64_t writeTo(RunStore& store) const;
};

}  // namespace pf::storage
