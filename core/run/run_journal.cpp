#include "run/run_journal.h"

namespace pf::storage {

std::int64_t RunJournal::writeTo(RunStore& store) const {
    const std::int64_t id = store.createRun(row);
    if (!sequence.empty()) store.recordSequence(id, scenario, sequence);
    if (!zeroShot.empty()) store.recordZeroShot(id, zeroShot);
    store.appendSteps(id, steps);
    for (const EpochRecord& e : epochs)
        store.recordEpoch(id, e);
    for (const Evaluation& e : evaluations)
        store.recordEvaluation(id, e.afterTask, e.accuracies, e.summary, e.figures);
    store.finishRun(id, status.empty() ? "interrupted" : status, seconds, error);
    return id;
}

}  // namespace pf::storage
