#pragma once

#include <QtTest>
#include <string>

#include <sqlite3.h>

namespace pf::test {

/// Runs `sql` on the SQLite file at `path` with SQLite itself, around the store's own code:
/// what an older build, another program or damage leaves in a store. Fails the test on error.
inline void execSql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, msg.c_str());
}

}  // namespace pf::test
