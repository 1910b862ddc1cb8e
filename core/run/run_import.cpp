// RunStore::importRuns: whole runs from other stores (a sweep's, a cluster's) into this one.

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.h"
#include "io/sqlite.h"
#include "run/run_store.h"

namespace pf::storage {
namespace {

namespace fs = std::filesystem;

// A file of our own in the temporary folder, removed with its WAL companions.
class TemporaryStore {
public:
    // In `folder`: beside the store it feeds, where its size is no surprise (not a small
    // /tmp).
    explicit TemporaryStore(const fs::path& folder) {
        std::string name = (folder / ".pfstudio-import-XXXXXX").string();
        const int fd = mkstemp(name.data());
        if (fd < 0)
            throw StorageError("cannot create a temporary file in " + folder.string() +
                               " to import from");
        ::close(fd);
        path_ = name;
    }
    ~TemporaryStore() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(path_ + suffix, ec);
    }
    TemporaryStore(const TemporaryStore&) = delete;
    TemporaryStore& operator=(const TemporaryStore&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The columns copied for a run and for each of the tables that belong to it (run_id first).
constexpr const char* kRunCopyColumns =
    "name, method, dataset, status, config, seed, tasks, created_at, finished_at, seconds, "
    "final_avg_acc, final_forgetting, versions, notes, error, host, scenario, uid";
struct ChildTable {
    const char* name;
    const char* columns;  // without run_id
};
constexpr ChildTable kChildTables[] = {
    {"run_tags", "tag"},
    {"step_metrics", "name, step, task, epoch, value"},
    {"epochs", "task, epoch, mean_loss, seconds"},
    {"accuracies", "after_task, task, accuracy"},
    {"task_metrics", "after_task, name, value"},
    {"run_tasks", "task, domain, class_ids, class_names, train_samples, test_samples"},
};

}  // namespace

std::string RunStore::whyNotImportable(const std::string& source) const {
    std::error_code ec;
    if (!fs::exists(source, ec)) return source + ": no such file";
    if (fs::is_directory(source, ec)) return source + ": is a folder, not a run store";
    if (fs::file_size(source, ec) == 0) return source + ": an empty file, not a run store";
    if (fs::equivalent(source, path(), ec))
        return source + ": is the store the runs would be imported into";
    if (std::string why = whyNotARunStore(source); !why.empty()) return why;
    try {
        sql::Database from(source, sql::Database::Mode::ReadOnly);
        sql::Statement check(from, "PRAGMA quick_check");
        std::string problems;
        while (check.step())
            if (check.text(0) != "ok") problems += (problems.empty() ? "" : "; ") + check.text(0);
        if (!problems.empty()) return source + ": the run store is damaged (" + problems + ")";
    } catch (const StorageError& e) {
        return source + ": cannot be read as a run store (" + e.what() + ")";
    }
    return {};
}

ImportResult RunStore::importRuns(const std::string& source) {
    if (const std::string why = whyNotImportable(source); !why.empty()) throw InputError(why);
    ImportResult result;
    result.source = source;

    // One consistent picture of the source (its WAL included) in a file of our own, which
    // RunStore then brings to this build's schema: the source itself is only read.
    const fs::path folder = fs::path(path()).parent_path();
    TemporaryStore snapshot(folder.empty() ? fs::path(".") : folder);
    try {
        sql::Database from(source, sql::Database::Mode::ReadOnly);
        sql::Statement copy(from, "VACUUM INTO ?");
        copy.bind(1, snapshot.path());
        copy.run();
    } catch (const StorageError& e) {
        throw InputError(source + ": cannot be read as a run store (" + e.what() + ")");
    }
    {
        // Brought up to date; and a run left "running" by a process of this host that has
        // died (killed at a time limit, say) is interrupted, as this store would say of it.
        RunStore upToDate(snapshot.path());
        upToDate.markInterruptedRuns();
    }

    sql::Statement attach(*db_, "ATTACH DATABASE ? AS src");
    attach.bind(1, snapshot.path());
    attach.run();
    struct Detach {
        sql::Database& db;
        ~Detach() {
            try {
                db.exec("DETACH DATABASE src");
            } catch (...) {  // the connection stays usable; the temporary file goes regardless
            }
        }
    } detach{*db_};

    sql::Transaction tx(*db_);
    sql::Statement runs(
        *db_, "SELECT id, uid, status FROM src.runs WHERE deleted_at IS NULL ORDER BY id");
    sql::Statement known(*db_, "SELECT 1 FROM main.runs WHERE uid = ?");
    // The process columns (host's pid) stay empty: the run is not this host's to mark.
    sql::Statement row(*db_, std::string("INSERT INTO main.runs (") + kRunCopyColumns +
                                 ") SELECT " + kRunCopyColumns + " FROM src.runs WHERE id = ?");
    std::vector<std::unique_ptr<sql::Statement>> children;
    for (const ChildTable& t : kChildTables)
        children.push_back(std::make_unique<sql::Statement>(
            *db_, std::string("INSERT INTO main.") + t.name + " (run_id, " + t.columns +
                      ") SELECT ?, " + t.columns + " FROM src." + t.name + " WHERE run_id = ?"));
    while (runs.step()) {
        if (runs.text(2) == "running") {
            ++result.stillRunning;
            continue;
        }
        known.reset();
        known.bind(1, runs.text(1));
        if (known.step()) {
            ++result.alreadyHere;
            continue;
        }
        row.bind(1, runs.int64(0));
        row.run();
        const std::int64_t id = db_->lastInsertId();
        for (const auto& copy : children) {
            copy->bind(1, id).bind(2, runs.int64(0));
            copy->run();
        }
        result.imported.push_back(id);
    }
    tx.commit();
    return result;
}

}  // namespace pf::storage
