// Thin RAII over the SQLite C API: a statement that binds parameters (never concatenated SQL),
// a transaction that rolls back unless committed, and the one mapping from SQLite result codes
// to StoreError. Internal to the SQLite back end.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "server/store/error.h"

namespace xfx::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

// The single result-code mapping: constraint kinds precisely, transient conditions (busy,
// locked, I/O, full) as kUnavailable, damaged or foreign files as kCorrupt.
StoreFailure failure(sqlite3* db, int rc, std::string_view what);

// Runs fixed SQL with no parameters (pragmas, DDL, BEGIN/COMMIT).
StoreResult<void> exec(sqlite3* db, const char* sql);

class Statement {
 public:
  static StoreResult<Statement> prepare(sqlite3* db, std::string_view sql);

  // Indices are 1-based, as in SQLite. Values are copied, so arguments may be temporaries.
  Statement& bind_text(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_null(int index);

  // true: a row is available; false: done. A bind error surfaces here.
  StoreResult<bool> step();
  // Steps a statement that returns no rows.
  StoreResult<void> run();
  // Rows changed by the last run() on this connection.
  int changes() const { return sqlite3_changes(db_); }

  std::string_view column_text(int index) const;
  std::string_view column_blob(int index) const;
  std::int64_t column_int(int index) const { return sqlite3_column_int64(stmt_.get(), index); }
  bool column_is_null(int index) const {
    return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
  }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void note(int rc);

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int bind_rc_ = SQLITE_OK;  // the first bind failure, reported by step()
};

// BEGIN IMMEDIATE for writes: takes the write lock up front, so a read-then-write transaction
// never hits an unrecoverable SQLITE_BUSY on upgrade, and busy_timeout applies at BEGIN.
// A deferred BEGIN for reads: one consistent WAL snapshot for every statement inside.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  static StoreResult<Transaction> begin(sqlite3* db, Mode mode);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  StoreResult<void> commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;  // null once committed or rolled back
};

}  // namespace xfx::store::sqlite
