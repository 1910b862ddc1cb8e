#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

/// A thin RAII layer over the SQLite C API, private to core/storage. Every statement is prepared
/// and takes its values through bound parameters; every failure throws pf::StorageError with
/// SQLite's message and the database path.
namespace pf::storage::sql {

class Database;

/// A prepared statement. Bind with 1-based indices, then step() through the rows.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);  ///< NaN is stored as NULL
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bindNull(int index);

    /// Advances to the next row; false when done.
    bool step();
    /// Runs a statement that returns no rows, then resets it for reuse.
    void run();
    /// Resets for another execution with new bindings.
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;  ///< NULL reads as NaN
    std::string text(int column) const;

private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// An open connection with the project's settings: WAL, a busy timeout, foreign keys.
class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };
    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Executes one or more statements without parameters (schema, pragmas).
    void exec(std::string_view sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    /// Throws StorageError with `what`, SQLite's message and the path.
    [[noreturn]] void fail(const std::string& what) const;

private:
    std::string path_;
    sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without commit().
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace pf::storage::sql
