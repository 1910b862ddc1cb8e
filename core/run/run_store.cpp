#include "run/run_store.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/error.h"
#include "io/sqlite.h"

namespace pf::storage {
namespace {

// Each entry brings the schema from version (index) to version (index + 1). Never edit an
// entry that has shipped: add a new one.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE runs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT NOT NULL,
        method          TEXT NOT NULL,
        dataset         TEXT NOT NULL,
        status          TEXT NOT NULL,
        config          TEXT NOT NULL,
        seed            INTEGER NOT NULL,
        tasks           INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        finished_at     TEXT,
        seconds         REAL,
        final_avg_acc   REAL,
        final_forgetting REAL,
        versions        TEXT NOT NULL DEFAULT '{}',
        notes           TEXT NOT NULL DEFAULT '',
        error           TEXT NOT NULL DEFAULT '',
        host            TEXT NOT NULL DEFAULT '',
        pid             INTEGER,
        pid_start       INTEGER
    );
    CREATE INDEX runs_by_created ON runs(created_at);
    CREATE TABLE run_tags (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag     TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID;
    CREATE TABLE step_metrics (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        step    INTEGER NOT NULL,
        task    INTEGER NOT NULL,
        epoch   INTEGER NOT NULL,
        value   REAL,
        PRIMARY KEY (run_id, name, step)
    ) WITHOUT ROWID;
    CREATE TABLE epochs (
        run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task      INTEGER NOT NULL,
        epoch     INTEGER NOT NULL,
        mean_loss REAL,
        seconds   REAL,
        PRIMARY KEY (run_id, task, epoch)
    ) WITHOUT ROWID;
    CREATE TABLE accuracies (
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        after_task INTEGER NOT NULL,
        task       INTEGER NOT NULL,
        accuracy   REAL NOT NULL,
        PRIMARY KEY (run_id, after_task, task)
    ) WITHOUT ROWID;
    CREATE TABLE task_metrics (
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        after_task INTEGER NOT NULL,
        name       TEXT NOT NULL,
        value      REAL,
        PRIMARY KEY (run_id, after_task, name)
    ) WITHOUT ROWID;
    )sql",
    // 2: the task sequence of each run (scenario, domains, classes, sample counts).
    R"sql(
    ALTER TABLE runs ADD COLUMN scenario TEXT NOT NULL DEFAULT 'class-il';
    CREATE TABLE run_tasks (
        run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task          INTEGER NOT NULL,
        domain        TEXT NOT NULL DEFAULT '',
        class_ids     TEXT NOT NULL,
        class_names   TEXT NOT NULL,
        train_samples INTEGER NOT NULL,
        test_samples  INTEGER NOT NULL,
        PRIMARY KEY (run_id, task)
    ) WITHOUT ROWID;
    )sql",
    // 3: runs deleted from the GUI stay, hidden, until their deletion is final (undo).
    R"sql(
    ALTER TABLE runs ADD COLUMN deleted_at TEXT;
    )sql",
    // 4: every run's identity across stores (import); migrate() fills it for the runs there.
    R"sql(
    ALTER TABLE runs ADD COLUMN uid TEXT;
    CREATE UNIQUE INDEX runs_by_uid ON runs(uid);
    )sql",
};
constexpr int kSchemaVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

std::string uidText(std::uint64_t high, std::uint64_t low) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32),
                  static_cast<unsigned long long>((high >> 16) & 0xffff),
                  static_cast<unsigned long long>(high & 0xffff),
                  static_cast<unsigned long long>(low >> 48),
                  static_cast<unsigned long long>(low & 0xffffffffffffULL));
    return buf;
}

// A new run's uid: 122 random bits in the layout of a version-4 UUID.
std::string newUid() {
    std::random_device entropy;
    auto draw64 = [&] {
        return (static_cast<std::uint64_t>(entropy()) << 32) ^
               static_cast<std::uint64_t>(entropy());
    };
    const std::uint64_t high = (draw64() & ~0xf000ULL) | 0x4000ULL;
    const std::uint64_t low = (draw64() & ~(3ULL << 62)) | (2ULL << 62);
    return uidText(high, low);
}

// The uid of a run stored before uids were: derived from what makes the row that run and never
// changes (its id, creation time, host and process, method, seed and config; not its name,
// which can be edited), so that two copies of an old store give their runs the same uids when
// each is brought up to date, and importing both keeps one.
std::string derivedUid(const std::string& identity) {
    auto fnv = [&](std::uint64_t hash) {
        for (unsigned char c : identity) {
            hash ^= c;
            hash *= 0x100000001b3ULL;
        }
        return hash;
    };
    return uidText(fnv(0xcbf29ce484222325ULL), fnv(0x84222325cbf29ce4ULL));
}

void deriveMissingUids(sql::Database& db) {
    std::vector<std::pair<std::int64_t, std::string>> rows;
    {
        sql::Statement s(db,
                         "SELECT id, id || '|' || created_at || '|' || host || '|' || "
                         "IFNULL(pid, '') || '|' || IFNULL(pid_start, '') || '|' || method || '|' "
                         "|| seed || '|' || config FROM runs WHERE uid IS NULL");
        while (s.step())
            rows.emplace_back(s.int64(0), derivedUid(s.text(1)));
    }
    sql::Statement u(db, "UPDATE runs SET uid = ? WHERE id = ?");
    for (const auto& [id, uid] : rows) {
        u.bind(1, uid).bind(2, id);
        u.run();
    }
}

std::string hostName() {
    char buf[256] = {};
    if (gethostname(buf, sizeof(buf) - 1) != 0) return {};
    return buf;
}

// Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or -1.
// Together with the pid it identifies a process even after its pid is reused.
long long processStart(long long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');  // the command name may contain spaces and ')'
    if (close == std::string::npos) return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    // After the name: state is field 3; starttime is field 22.
    for (int i = 3; i <= 22; ++i)
        if (!(fields >> field)) return -1;
    try {
        return std::stoll(field);
    } catch (...) {
        return -1;
    }
}

bool processAlive(long long pid, long long start) {
    if (pid <= 0) return false;
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
    return start < 0 || processStart(pid) == start;
}

RunRecord readRun(const sql::Statement& s) {
    RunRecord r;
    r.id = s.int64(0);
    r.name = s.text(1);
    r.method = s.text(2);
    r.dataset = s.text(3);
    r.status = s.text(4);
    r.config = s.text(5);
    r.seed = s.int64(6);
    r.tasks = static_cast<int>(s.int64(7));
    r.createdAt = s.text(8);
    r.finishedAt = s.text(9);
    r.seconds = s.real(10);
    r.finalAverageAccuracy = s.real(11);
    r.finalForgetting = s.real(12);
    r.versions = s.text(13);
    r.notes = s.text(14);
    r.error = s.text(15);
    r.tasksDone = static_cast<int>(s.int64(16));
    r.uid = s.text(17);
    return r;
}

// The tasks learned and evaluated so far (one indexed lookup per run).
#define TASKS_DONE \
    "(SELECT COUNT(DISTINCT after_task) FROM accuracies AS a WHERE a.run_id = runs.id)"
constexpr const char* kRunColumns =
    "id, name, method, dataset, status, config, seed, tasks, created_at, finished_at, seconds, "
    "final_avg_acc, final_forgetting, versions, notes, error, " TASKS_DONE ", uid";
// The same columns without the two large JSON texts, for lists: no config, and of the versions
// only a data-parallel run's world size.
constexpr const char* kRunListColumns =
    "id, name, method, dataset, status, '', seed, tasks, created_at, finished_at, seconds, "
    "final_avg_acc, final_forgetting, "
    "CASE WHEN json_valid(versions) AND json_extract(versions, '$.world_size') IS NOT NULL "
    "THEN json_object('world_size', json_extract(versions, '$.world_size')) ELSE '' END, notes, "
    "error, " TASKS_DONE ", uid";

}  // namespace

RunStore::RunStore(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec)
            throw StorageError(path + ": cannot create folder " + parent.string() + ": " +
                               ec.message());
    }
    db_ = std::make_unique<sql::Database>(path);
    migrate();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        device_ = static_cast<std::uint64_t>(st.st_dev);
        inode_ = static_cast<std::uint64_t>(st.st_ino);
    }
}

std::string RunStore::whyNotARunStore(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return {};
    if (fs::is_directory(path, ec)) return path + ": is a folder, not a run store";
    try {
        sql::Database db(path, sql::Database::Mode::ReadOnly);
        sql::Statement version(db, "PRAGMA user_version");
        version.step();
        const std::int64_t schema = version.int64(0);
        sql::Statement runs(db,
                            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                            "name = 'runs'");
        runs.step();
        sql::Statement tables(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        tables.step();
        if (schema > kSchemaVersion)
            return path + ": run store has schema version " + std::to_string(schema) +
                   " (this build knows up to " + std::to_string(kSchemaVersion) +
                   "); update PromptFusion Studio";
        if (schema == 0 && tables.int64(0) == 0) return {};  // an empty database
        if (schema == 0 || runs.int64(0) == 0)
            return path + ": an SQLite database of another program, not a run store";
        return {};
    } catch (const std::exception& e) {
        return path + ": not a run store (" + e.what() + ")";
    }
}

void RunStore::checkFile() const {
    struct stat st {};
    if (::stat(path().c_str(), &st) != 0 || static_cast<std::uint64_t>(st.st_dev) != device_ ||
        static_cast<std::uint64_t>(st.st_ino) != inode_)
        throw StorageError(path() +
                           ": the store file was deleted or replaced while this run was being "
                           "written to it");
}

RunStore::~RunStore() = default;

int RunStore::currentSchemaVersion() {
    return kSchemaVersion;
}

const std::string& RunStore::path() const {
    return db_->path();
}

int RunStore::schemaVersion() {
    sql::Statement s(*db_, "PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int64(0));
}

void RunStore::migrate() {
    sql::Transaction tx(*db_);
    const int version = schemaVersion();
    if (version > kSchemaVersion)
        throw StorageError(path() + ": run store has schema version " + std::to_string(version) +
                           ", newer than this build understands (" +
                           std::to_string(kSchemaVersion) + "); update PromptFusion Studio");
    for (int v = version; v < kSchemaVersion; ++v) {
        db_->exec(kMigrations[v]);
        // PRAGMA takes no bound parameters; v + 1 is our own integer.
        db_->exec("PRAGMA user_version = " + std::to_string(v + 1));
    }
    // Every run has a uid: those of an older store get theirs here, and so do runs an older
    // build added while it still had the store open.
    deriveMissingUids(*db_);
    tx.commit();
}

void RunStore::requireRun(std::int64_t runId) {
    sql::Statement s(*db_, "SELECT 1 FROM runs WHERE id = ?");
    s.bind(1, runId);
    if (!s.step()) throw StorageError(path() + ": no run with id " + std::to_string(runId));
}

std::int64_t RunStore::createRun(const NewRun& run) {
    sql::Statement s(*db_,
                     "INSERT INTO runs (name, method, dataset, status, config, seed, tasks, "
                     "created_at, versions, host, pid, pid_start, uid) "
                     "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const long long pid = getpid();
    s.bind(1, run.name).bind(2, run.method).bind(3, run.dataset).bind(4, run.config);
    s.bind(5, run.seed).bind(6, run.tasks).bind(7, utcNow()).bind(8, run.versions);
    s.bind(9, hostName()).bind(10, static_cast<std::int64_t>(pid));
    s.bind(11, static_cast<std::int64_t>(processStart(pid))).bind(12, newUid());
    s.run();
    return db_->lastInsertId();
}

std::vector<std::int64_t> RunStore::cloneRun(std::int64_t runId, int copies) {
    requireRun(runId);
    sql::Transaction tx(*db_);
    sql::Statement row(
        *db_,
        "INSERT INTO runs (name, method, dataset, status, config, seed, tasks, created_at, "
        "finished_at, seconds, final_avg_acc, final_forgetting, versions, notes, error, host, pid, "
        "pid_start, scenario, uid) "
        "SELECT name || ' #' || ?, method, dataset, status, config, seed, tasks, created_at, "
        "finished_at, seconds, final_avg_acc, final_forgetting, versions, notes, error, host, pid, "
        "pid_start, scenario, ? FROM runs WHERE id = ?");
    const char* children[] = {
        "INSERT INTO accuracies (run_id, after_task, task, accuracy) "
        "SELECT ?, after_task, task, accuracy FROM accuracies WHERE run_id = ?",
        "INSERT INTO task_metrics (run_id, after_task, name, value) "
        "SELECT ?, after_task, name, value FROM task_metrics WHERE run_id = ?",
        "INSERT INTO run_tags (run_id, tag) SELECT ?, tag FROM run_tags WHERE run_id = ?",
        "INSERT INTO run_tasks (run_id, task, domain, class_ids, class_names, train_samples, "
        "test_samples) SELECT ?, task, domain, class_ids, class_names, train_samples, "
        "test_samples FROM run_tasks WHERE run_id = ?",
    };
    std::vector<std::unique_ptr<sql::Statement>> copy;
    for (const char* text : children)
        copy.push_back(std::make_unique<sql::Statement>(*db_, text));
    std::vector<std::int64_t> ids;
    for (int k = 1; k <= copies; ++k) {
        row.bind(1, static_cast<std::int64_t>(k)).bind(2, newUid()).bind(3, runId);
        row.run();
        const std::int64_t id = db_->lastInsertId();
        for (const auto& s : copy) {
            s->bind(1, id).bind(2, runId);
            s->run();
        }
        ids.push_back(id);
    }
    tx.commit();
    return ids;
}

void RunStore::appendSteps(std::int64_t runId, const std::vector<StepValue>& values) {
    if (values.empty()) return;
    sql::Transaction tx(*db_);
    sql::Statement s(*db_,
                     "INSERT OR REPLACE INTO step_metrics (run_id, name, step, task, epoch, value) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    for (const StepValue& v : values) {
        s.bind(1, runId).bind(2, v.name).bind(3, v.step).bind(4, v.task).bind(5, v.epoch);
        s.bind(6, v.value);
        s.run();
    }
    tx.commit();
}

void RunStore::recordEpoch(std::int64_t runId, const EpochRecord& e) {
    sql::Statement s(*db_,
                     "INSERT OR REPLACE INTO epochs (run_id, task, epoch, mean_loss, seconds) "
                     "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, runId).bind(2, e.task).bind(3, e.epoch).bind(4, e.meanLoss).bind(5, e.seconds);
    s.run();
}

void RunStore::recordEvaluation(std::int64_t runId, int afterTask,
                                const std::vector<double>& accuracies,
                                const metrics::TaskSummary& summary,
                                const std::vector<std::pair<std::string, double>>& figures) {
    sql::Transaction tx(*db_);
    sql::Statement acc(*db_,
                       "INSERT OR REPLACE INTO accuracies (run_id, after_task, task, accuracy) "
                       "VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < accuracies.size(); ++i) {
        acc.bind(1, runId).bind(2, afterTask).bind(3, static_cast<int>(i)).bind(4, accuracies[i]);
        acc.run();
    }
    sql::Statement m(*db_,
                     "INSERT OR REPLACE INTO task_metrics (run_id, after_task, name, value) "
                     "VALUES (?, ?, ?, ?)");
    const std::pair<const char*, double> derived[] = {
        {"avg_acc", summary.averageAccuracy},
        {"avg_inc_acc", summary.averageIncrementalAccuracy},
        {"forgetting", summary.forgetting},
        {"forgetting_all_tasks", summary.forgettingOverAllTasks},
        {"bwt", summary.backwardTransfer},
        {"plasticity", summary.plasticity},
        {"stability", summary.stability},
    };
    for (const auto& [name, value] : derived) {
        m.bind(1, runId).bind(2, afterTask).bind(3, name).bind(4, value);
        m.run();
    }
    for (const auto& [name, value] : figures) {
        m.bind(1, runId).bind(2, afterTask).bind(3, name).bind(4, value);
        m.run();
    }
    sql::Statement r(*db_, "UPDATE runs SET final_avg_acc = ?, final_forgetting = ? WHERE id = ?");
    r.bind(1, summary.averageAccuracy).bind(2, summary.forgetting).bind(3, runId);
    r.run();
    tx.commit();
}

void RunStore::recordZeroShot(std::int64_t runId, const std::vector<double>& accuracies) {
    sql::Transaction tx(*db_);
    sql::Statement m(*db_,
                     "INSERT OR REPLACE INTO task_metrics (run_id, after_task, name, value) "
                     "VALUES (?, ?, 'zero_shot', ?)");
    for (std::size_t i = 0; i < accuracies.size(); ++i) {
        m.bind(1, runId).bind(2, static_cast<int>(i)).bind(3, accuracies[i]);
        m.run();
    }
    tx.commit();
}

void RunStore::recordSequence(std::int64_t runId, const std::string& scenario,
                              const std::vector<TaskRecord>& tasks) {
    sql::Transaction tx(*db_);
    sql::Statement r(*db_, "UPDATE runs SET scenario = ? WHERE id = ?");
    r.bind(1, scenario).bind(2, runId);
    r.run();
    sql::Statement m(*db_,
                     "INSERT OR REPLACE INTO run_tasks (run_id, task, domain, class_ids, "
                     "class_names, train_samples, test_samples) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const TaskRecord& t = tasks[i];
        m.bind(1, runId)
            .bind(2, static_cast<int>(i))
            .bind(3, t.domain)
            .bind(4, nlohmann::json(t.classIds).dump())
            .bind(5, nlohmann::json(t.classNames).dump())
            .bind(6, t.trainSamples)
            .bind(7, t.testSamples);
        m.run();
    }
    tx.commit();
}

std::vector<TaskRecord> RunStore::sequence(std::int64_t runId) {
    sql::Statement q(*db_,
                     "SELECT domain, class_ids, class_names, train_samples, test_samples FROM "
                     "run_tasks WHERE run_id = ? ORDER BY task");
    q.bind(1, runId);
    std::vector<TaskRecord> out;
    while (q.step()) {
        TaskRecord t;
        t.domain = q.text(0);
        t.classIds = nlohmann::json::parse(q.text(1)).get<std::vector<int>>();
        t.classNames = nlohmann::json::parse(q.text(2)).get<std::vector<std::string>>();
        t.trainSamples = q.int64(3);
        t.testSamples = q.int64(4);
        out.push_back(std::move(t));
    }
    return out;
}

void RunStore::finishRun(std::int64_t runId, const std::string& status, double seconds,
                         const std::string& error) {
    sql::Statement s(*db_,
                     "UPDATE runs SET status = ?, seconds = ?, error = ?, finished_at = ? "
                     "WHERE id = ?");
    s.bind(1, status).bind(2, seconds).bind(3, error).bind(4, utcNow()).bind(5, runId);
    s.run();
}

double RunStore::reopenRun(std::int64_t runId, int completedTask) {
    requireRun(runId);
    sql::Transaction tx(*db_);
    const char* drops[] = {
        "DELETE FROM step_metrics WHERE run_id = ? AND task > ?",
        "DELETE FROM epochs WHERE run_id = ? AND task > ?",
        "DELETE FROM accuracies WHERE run_id = ? AND after_task > ?",
        "DELETE FROM task_metrics WHERE run_id = ? AND after_task > ? AND name <> 'zero_shot'",
    };
    for (const char* drop : drops) {
        sql::Statement d(*db_, drop);
        d.bind(1, runId).bind(2, completedTask);
        d.run();
    }
    double seconds = 0.0;
    {
        sql::Statement q(*db_,
                         "SELECT COALESCE(SUM(value), 0) FROM task_metrics WHERE run_id = ? AND "
                         "name IN ('train_seconds', 'eval_seconds')");
        q.bind(1, runId);
        if (q.step()) seconds = q.real(0);
    }
    const metrics::AccuracyMatrix m = accuracyMatrix(runId);
    const double accuracy = metrics::finalAverageAccuracy(m);
    const double forgetting = metrics::finalForgetting(m);
    sql::Statement u(*db_,
                     "UPDATE runs SET status = 'running', finished_at = NULL, seconds = NULL, "
                     "error = '', final_avg_acc = ?, final_forgetting = ?, host = ?, pid = ?, "
                     "pid_start = ? WHERE id = ?");
    const long long pid = getpid();
    u.bind(1, accuracy)
        .bind(2, forgetting)
        .bind(3, hostName())
        .bind(4, static_cast<std::int64_t>(pid));
    u.bind(5, static_cast<std::int64_t>(processStart(pid))).bind(6, runId);
    u.run();
    tx.commit();
    return seconds;
}

std::string RunStore::integrityCheck() {
    sql::Statement s(*db_, "PRAGMA integrity_check");
    std::string out;
    while (s.step())
        out += (out.empty() ? "" : "\n") + s.text(0);
    return out;
}

int RunStore::markInterruptedRuns() {
    std::vector<std::int64_t> dead;
    {
        sql::Statement s(
            *db_, "SELECT id, pid, pid_start FROM runs WHERE status = 'running' AND host = ?");
        s.bind(1, hostName());
        while (s.step()) {
            const long long start = s.isNull(2) ? -1 : s.int64(2);
            if (!processAlive(s.int64(1), start)) dead.push_back(s.int64(0));
        }
    }
    if (dead.empty()) return 0;
    sql::Transaction tx(*db_);
    sql::Statement u(*db_,
                     "UPDATE runs SET status = 'interrupted', "
                     "error = 'the process running it ended before the run finished' "
                     "WHERE id = ? AND status = 'running'");
    for (std::int64_t id : dead) {
        u.bind(1, id);
        u.run();
    }
    tx.commit();
    return static_cast<int>(dead.size());
}

std::vector<RunRecord> RunStore::listRuns(bool withConfig) {
    std::vector<RunRecord> runs;
    std::map<std::int64_t, std::size_t> byId;
    {
        sql::Statement s(*db_, std::string("SELECT ") +
                                   (withConfig ? kRunColumns : kRunListColumns) +
                                   " FROM runs WHERE deleted_at IS NULL"
                                   " ORDER BY created_at DESC, id DESC");
        while (s.step()) {
            runs.push_back(readRun(s));
            byId[runs.back().id] = runs.size() - 1;
        }
    }
    sql::Statement t(*db_, "SELECT run_id, tag FROM run_tags ORDER BY run_id, tag");
    while (t.step()) {
        auto it = byId.find(t.int64(0));
        if (it != byId.end()) runs[it->second].tags.push_back(t.text(1));
    }
    return runs;
}

std::optional<RunRecord> RunStore::run(std::int64_t runId) {
    sql::Statement s(*db_, std::string("SELECT ") + kRunColumns +
                               " FROM runs WHERE id = ? AND deleted_at IS NULL");
    s.bind(1, runId);
    if (!s.step()) return std::nullopt;
    RunRecord r = readRun(s);
    sql::Statement t(*db_, "SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag");
    t.bind(1, runId);
    while (t.step())
        r.tags.push_back(t.text(0));
    return r;
}

metrics::AccuracyMatrix RunStore::accuracyMatrix(std::int64_t runId) {
    sql::Statement n(*db_, "SELECT tasks FROM runs WHERE id = ?");
    n.bind(1, runId);
    if (!n.step()) throw StorageError(path() + ": no run with id " + std::to_string(runId));
    metrics::AccuracyMatrix m(static_cast<int>(n.int64(0)));
    sql::Statement s(*db_, "SELECT task, after_task, accuracy FROM accuracies WHERE run_id = ?");
    s.bind(1, runId);
    while (s.step()) {
        const int i = static_cast<int>(s.int64(0)), t = static_cast<int>(s.int64(1));
        if (i <= t && t < m.tasks()) m.set(i, t, s.real(2));
    }
    return m;
}

std::vector<StepPoint> RunStore::stepSeries(std::int64_t runId, const std::string& name) {
    sql::Statement s(*db_,
                     "SELECT step, task, epoch, value FROM step_metrics "
                     "WHERE run_id = ? AND name = ? ORDER BY step");
    s.bind(1, runId).bind(2, name);
    std::vector<StepPoint> out;
    while (s.step())
        out.push_back(
            {s.int64(0), static_cast<int>(s.int64(1)), static_cast<int>(s.int64(2)), s.real(3)});
    return out;
}

std::vector<std::string> RunStore::stepSeriesNames(std::int64_t runId) {
    sql::Statement s(*db_, "SELECT DISTINCT name FROM step_metrics WHERE run_id = ? ORDER BY name");
    s.bind(1, runId);
    std::vector<std::string> out;
    while (s.step())
        out.push_back(s.text(0));
    return out;
}

std::vector<EpochRecord> RunStore::epochs(std::int64_t runId) {
    sql::Statement s(*db_,
                     "SELECT task, epoch, mean_loss, seconds FROM epochs WHERE run_id = ? "
                     "ORDER BY task, epoch");
    s.bind(1, runId);
    std::vector<EpochRecord> out;
    while (s.step())
        out.push_back(
            {static_cast<int>(s.int64(0)), static_cast<int>(s.int64(1)), s.real(2), s.real(3)});
    return out;
}

std::vector<std::pair<std::string, std::vector<double>>> RunStore::taskMetrics(std::int64_t runId) {
    sql::Statement s(*db_,
                     "SELECT name, after_task, value FROM task_metrics WHERE run_id = ? "
                     "ORDER BY name, after_task");
    s.bind(1, runId);
    std::vector<std::pair<std::string, std::vector<double>>> out;
    while (s.step()) {
        const std::string name = s.text(0);
        if (out.empty() || out.back().first != name) out.emplace_back(name, std::vector<double>());
        auto& values = out.back().second;
        const auto t = static_cast<std::size_t>(s.int64(1));
        if (values.size() <= t) values.resize(t + 1, std::nan(""));
        values[t] = s.real(2);
    }
    return out;
}

void RunStore::rename(std::int64_t runId, const std::string& name) {
    requireRun(runId);
    sql::Statement s(*db_, "UPDATE runs SET name = ? WHERE id = ?");
    s.bind(1, name).bind(2, runId);
    s.run();
}

void RunStore::setNotes(std::int64_t runId, const std::string& notes) {
    requireRun(runId);
    sql::Statement s(*db_, "UPDATE runs SET notes = ? WHERE id = ?");
    s.bind(1, notes).bind(2, runId);
    s.run();
}

void RunStore::setTags(std::int64_t runId, const std::vector<std::string>& tags) {
    requireRun(runId);
    sql::Transaction tx(*db_);
    sql::Statement d(*db_, "DELETE FROM run_tags WHERE run_id = ?");
    d.bind(1, runId);
    d.run();
    sql::Statement s(*db_, "INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)");
    for (const std::string& tag : tags) {
        if (tag.empty()) continue;
        s.bind(1, runId).bind(2, tag);
        s.run();
    }
    tx.commit();
}

void RunStore::deleteRun(std::int64_t runId) {
    requireRun(runId);
    sql::Statement s(*db_, "DELETE FROM runs WHERE id = ?");
    s.bind(1, runId);
    s.run();
}

void RunStore::trashRun(std::int64_t runId) {
    sql::Statement s(*db_, "UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
    s.bind(1, utcNow());
    s.bind(2, runId);
    s.run();
    if (db_->changes() != 1)
        throw StorageError(path() + ": no run with id " + std::to_string(runId));
}

void RunStore::restoreRun(std::int64_t runId) {
    sql::Statement s(*db_,
                     "UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL");
    s.bind(1, runId);
    s.run();
    if (db_->changes() != 1)
        throw StorageError(path() + ": no deleted run with id " + std::to_string(runId));
}

std::vector<std::int64_t> RunStore::trashedRuns() {
    std::vector<std::int64_t> ids;
    sql::Statement s(*db_, "SELECT id FROM runs WHERE deleted_at IS NOT NULL ORDER BY id");
    while (s.step())
        ids.push_back(s.int64(0));
    return ids;
}

std::vector<std::int64_t> RunStore::emptyTrash() {
    sql::Transaction tx(*db_);
    std::vector<std::int64_t> ids = trashedRuns();
    db_->exec("DELETE FROM runs WHERE deleted_at IS NOT NULL");
    tx.commit();
    return ids;
}

}  // namespace pf::storage
