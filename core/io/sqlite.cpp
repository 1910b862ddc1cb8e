#include "io/sqlite.h"

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "common/error.h"

namespace pf::storage::sql {
namespace {

// What SQLite's terse messages usually mean to a user, by result code.
std::string withHint(const std::string& message, int code) {
    switch (code & 0xff) {
        case SQLITE_FULL:
            return message + " (the disk is full)";
        case SQLITE_IOERR:
            return message + " (the disk is full, read-only or gone, or a file size limit was hit)";
        case SQLITE_READONLY:
            return message + " (the store or its folder is read-only)";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return message + " (another process has held the store locked for over 10 s)";
        case SQLITE_CANTOPEN:
            return message + " (the folder is missing or not writable)";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return message + " (the file is damaged or not a run store)";
        default:
            return message;
    }
}

}  // namespace

Database::Database(const std::string& path, Mode mode) : path_(path) {
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string msg =
            db_ ? withHint(sqlite3_errmsg(db_), sqlite3_extended_errcode(db_)) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StorageError(path + ": cannot open run store: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process may be writing (two pfstudio instances): wait rather than fail at once.
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA foreign_keys = ON");
    if (mode == Mode::ReadWrite) {
        exec("PRAGMA journal_mode = WAL");
        // WAL keeps committed transactions across a crash; NORMAL skips an fsync per commit
        // at the cost of the last commits on power loss (not on a killed process).
        exec("PRAGMA synchronous = NORMAL");
    }
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

void Database::fail(const std::string& what) const {
    throw StorageError(path_ + ": " + what + ": " +
                       withHint(sqlite3_errmsg(db_), sqlite3_extended_errcode(db_)));
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    // SQLite returns "database is locked" at once, without waiting, where waiting could
    // deadlock: two processes opening a new store at the same moment, one switching it to WAL
    // while the other begins its first transaction. Outside a transaction (the pragmas, BEGIN)
    // and for COMMIT, trying again is safe; give up after the busy timeout.
    const bool retryable = sqlite3_get_autocommit(db_) != 0 || text == "COMMIT";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
        char* err = nullptr;
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        if (rc == SQLITE_OK) return;
        const std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        const int primary = rc & 0xff;
        if (!retryable || (primary != SQLITE_BUSY && primary != SQLITE_LOCKED) ||
            std::chrono::steady_clock::now() >= deadline)
            throw StorageError(path_ + ": " + withHint(msg, rc));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_,
                           nullptr) != SQLITE_OK)
        db.fail("cannot prepare statement");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("bind failed");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = std::isnan(value) ? sqlite3_bind_null(stmt_, index)
                                     : sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) db_.fail("bind failed");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        db_.fail("bind failed");
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("bind failed");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("statement failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return isNull(column) ? std::numeric_limits<double>::quiet_NaN()
                          : sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        char* err = nullptr;
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, &err);
        sqlite3_free(err);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace pf::storage::sql
