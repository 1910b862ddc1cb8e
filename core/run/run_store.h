#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "metrics/accuracy_matrix.h"

/// The run store: every run, its config, its per-step curves and its evaluations, in one SQLite
/// file. Torch-free, shared by the command line and the GUI.
namespace pf::storage {

namespace sql {
class Database;
}

/// One row of the history.
struct RunRecord {
    std::int64_t id = 0;
    std::string name;
    std::string method;
    std::string dataset;
    std::string status;  ///< running, finished, stopped, failed, diverged, interrupted
    std::string config;  ///< the complete config as JSON text
    std::int64_t seed = 0;
    int tasks = 0;
    std::string createdAt;              ///< ISO 8601, UTC
    std::string finishedAt;             ///< ISO 8601, UTC; empty while running
    double seconds = 0.0;               ///< wall time; NaN while running
    double finalAverageAccuracy = 0.0;  ///< NaN until the first task is evaluated
    double finalForgetting = 0.0;       ///< NaN until the second task is evaluated
    std::string versions;               ///< JSON: app, LibTorch, OpenCV, SQLite, BLAS
    std::string notes;
    std::string error;  ///< why it failed or diverged
    std::vector<std::string> tags;
    /// Tasks learned and evaluated so far: below `tasks`, the final figures are those of an
    /// unfinished sequence.
    int tasksDone = 0;
    /// The run's identity across stores: given once when the run is created and kept by every
    /// import, so a run imported twice is found the second time (RunStore::importRuns).
    std::string uid;
};

/// What starts a run.
struct NewRun {
    std::string name;
    std::string method;
    std::string dataset;
    std::string config;  ///< complete config JSON
    std::int64_t seed = 0;
    int tasks = 0;
    std::string versions;  ///< JSON
};

/// One task of a run's sequence, as stored.
struct TaskRecord {
    std::string domain;
    std::vector<int> classIds;
    std::vector<std::string> classNames;
    std::int64_t trainSamples = 0;
    std::int64_t testSamples = 0;
};

/// One value of a per-step curve.
struct StepValue {
    std::int64_t step = 0;
    int task = 0;
    int epoch = 0;
    std::string name;  ///< "loss", "lr", or a learner's scalar
    double value = 0.0;
};

/// One point of a stored curve.
struct StepPoint {
    std::int64_t step = 0;
    int task = 0;
    int epoch = 0;
    double value = 0.0;
};

/// One epoch's summary.
struct EpochRecord {
    int task = 0;
    int epoch = 0;
    double meanLoss = 0.0;
    double seconds = 0.0;
};

/// What RunStore::importRuns did with the runs of one store.
struct ImportResult {
    std::string source;
    std::vector<std::int64_t> imported;  ///< the new ids, in the source's order
    int alreadyHere = 0;                 ///< runs with a uid this store holds (trash included)
    int stillRunning = 0;                ///< left out: they have not ended where they run
};

class RunStore {
public:
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// Parent folders are created. Throws StorageError naming the path.
    explicit RunStore(const std::string& path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    /// The schema version this build writes.
    static int currentSchemaVersion();
    /// The schema version of the open file.
    int schemaVersion();
    const std::string& path() const;

    /// Inserts a run with status "running", owned by this process; returns its id.
    std::int64_t createRun(const NewRun& run);
    /// Appends curve values in one transaction.
    void appendSteps(std::int64_t runId, const std::vector<StepValue>& values);
    void recordEpoch(std::int64_t runId, const EpochRecord& epoch);
    /// Stores acc(i, afterTask) for every i and the derived figures, in one transaction; also
    /// updates the run's final accuracy and forgetting so far.
    void recordEvaluation(std::int64_t runId, int afterTask, const std::vector<double>& accuracies,
                          const metrics::TaskSummary& summary,
                          const std::vector<std::pair<std::string, double>>& figures = {});
    /// Stores the zero-shot accuracy of each task (task_metrics rows named "zero_shot", with
    /// after_task holding the task tested).
    void recordZeroShot(std::int64_t runId, const std::vector<double>& accuracies);
    /// Stores the run's scenario and task sequence (its classes, domains and sizes).
    void recordSequence(std::int64_t runId, const std::string& scenario,
                        const std::vector<TaskRecord>& tasks);
    /// The task sequence stored with a run (empty for runs stored before it was recorded).
    std::vector<TaskRecord> sequence(std::int64_t runId);
    /// Sets the final status, wall time and error text.
    void finishRun(std::int64_t runId, const std::string& status, double seconds,
                   const std::string& error);

    /// Copies run `runId` `copies` times in one transaction - its row (the copies named
    /// "<name> #k"), accuracy matrix, per-task figures, tags and sequence, not its per-step curves
    /// - and returns the new ids: large histories for `pfstudio bench --history` and tests.
    std::vector<std::int64_t> cloneRun(std::int64_t runId, int copies);

    /// Reopens run `runId` to go on after task `completedTask` (0-based), in one transaction:
    /// drops what was recorded of later tasks (curves, epochs, evaluations; zero-shot figures
    /// stay), recomputes its final accuracy and forgetting, and marks it "running", owned by this
    /// process. Returns the wall time of the tasks kept (their training and evaluation seconds).
    double reopenRun(std::int64_t runId, int completedTask);

    /// Marks runs left "running" by a process of this host that no longer exists as
    /// "interrupted". Returns how many were marked.
    int markInterruptedRuns();
    /// Throws StorageError when the store's path no longer names the file this store opened
    /// (deleted or replaced while open: SQLite would go on writing into the unlinked file, and
    /// everything written after would be lost with it).
    void checkFile() const;
    /// SQLite's `PRAGMA integrity_check`: "ok", or the problems it lists, one per line.
    std::string integrityCheck();

    /// Copies every run of the store at `source` that this store does not hold yet (by uid)
    /// and that has ended: its row, curves, epochs, accuracy matrix, figures, tags and
    /// sequence, all in one transaction. Runs in the source's trash stay out. The source is
    /// only read: an older schema is brought up to date in a temporary copy first. Throws
    /// InputError naming the file when it is missing, damaged, of a newer schema, another
    /// program's database or this store itself; then nothing is imported.
    ImportResult importRuns(const std::string& source);
    /// Why importRuns(`source`) would refuse the file, or "" when it would not: the checks it
    /// makes first (an import of several stores checks them all before importing any).
    std::string whyNotImportable(const std::string& source) const;

    /// Why the file at `path` is not a run store this app may open, or "" when it is one (or
    /// is missing or empty: opening creates one). Reads it only: a foreign SQLite database is
    /// never given the store's tables.
    static std::string whyNotARunStore(const std::string& path);

    /// Every run not deleted, newest first, tags included (two queries). Without `withConfig`
    /// the config is left empty and the versions hold only a data-parallel run's world size,
    /// `{"world_size": N}` (the history list needs no more).
    std::vector<RunRecord> listRuns(bool withConfig = true);
    /// A run, or nothing when there is none with that id or it is in the trash.
    std::optional<RunRecord> run(std::int64_t runId);
    metrics::AccuracyMatrix accuracyMatrix(std::int64_t runId);
    std::vector<StepPoint> stepSeries(std::int64_t runId, const std::string& name);
    /// Names of the curves stored for a run.
    std::vector<std::string> stepSeriesNames(std::int64_t runId);
    std::vector<EpochRecord> epochs(std::int64_t runId);
    /// Derived figures stored after each task (name -> value per task), e.g. "stability".
    std::vector<std::pair<std::string, std::vector<double>>> taskMetrics(std::int64_t runId);

    void rename(std::int64_t runId, const std::string& name);
    void setNotes(std::int64_t runId, const std::string& notes);
    void setTags(std::int64_t runId, const std::vector<std::string>& tags);
    /// Deletes a run and everything recorded for it.
    void deleteRun(std::int64_t runId);
    /// Moves a run to the trash: hidden from listRuns() and run(), everything kept, until
    /// restoreRun() brings it back or emptyTrash() deletes it (the GUI's Delete and its undo).
    void trashRun(std::int64_t runId);
    void restoreRun(std::int64_t runId);
    /// Ids of the runs in the trash, lowest first.
    std::vector<std::int64_t> trashedRuns();
    /// Deletes every run in the trash, in one transaction; returns their ids.
    std::vector<std::int64_t> emptyTrash();

private:
    void migrate();
    void requireRun(std::int64_t runId);
    std::unique_ptr<sql::Database> db_;
    std::uint64_t device_ = 0, inode_ = 0;  // the file opened
};

}  // namespace pf::storage
