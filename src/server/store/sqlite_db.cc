#include "server/store/sqlite_db.h"

#include <algorithm>
#include <string>

namespace xfx::store::sqlite {

StoreFailure failure(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  StoreError code = StoreError::kUnavailable;
  switch (primary) {
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_UNIQUE:
          code = StoreError::kAlreadyExists;
          break;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          code = StoreError::kNotFound;
          break;
        default:  // CHECK, NOT NULL, TRIGGER
          code = StoreError::kInvalidArgument;
          break;
      }
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_ERROR:     // e.g. "no such table": the schema is not what we migrated
    case SQLITE_MISMATCH:  // a column holds a value of the wrong type
      code = StoreError::kCorrupt;
      break;
    default:  // BUSY, LOCKED, IOERR, FULL, CANTOPEN, READONLY, NOMEM, PERM, PROTOCOL, ...
      code = StoreError::kUnavailable;
      break;
  }
  std::string message(what);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection; rc may come from a
  // call (bind, open) that did not set it, so always add the code's own text.
  if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
    message += sqlite3_errmsg(db);
    message += " (";
    message += sqlite3_errstr(rc);
    message += ")";
  } else {
    message += sqlite3_errstr(rc);
  }
  return StoreFailure{code, std::move(message)};
}

StoreResult<void> exec(sqlite3* db, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    // Name the statement by its first line; migrations are long.
    std::string_view text(sql);
    text.remove_prefix(std::min(text.find_first_not_of(" \n"), text.size()));
    return xfx::unexpected(
        failure(db, rc, text.substr(0, std::min<std::size_t>(text.find('\n'), 60))));
  }
  return {};
}

StoreResult<Statement> Statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return xfx::unexpected(failure(db, rc, "prepare"));
  }
  return Statement(db, stmt);
}

void Statement::note(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

namespace {
// SQLite binds NULL for a null pointer; an empty string_view may carry one. Keep it a value.
const char* non_null(std::string_view s) {
  static const char kEmpty = 0;
  return s.data() != nullptr ? s.data() : &kEmpty;
}
}  // namespace

Statement& Statement::bind_text(int index, std::string_view text) {
  note(sqlite3_bind_text64(stmt_.get(), index, non_null(text), text.size(), SQLITE_TRANSIENT,
                           SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  note(sqlite3_bind_blob64(stmt_.get(), index, non_null(bytes), bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  note(sqlite3_bind_int64(stmt_.get(), index, value));
  return *this;
}

Statement& Statement::bind_null(int index) {
  note(sqlite3_bind_null(stmt_.get(), index));
  return *this;
}

StoreResult<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) return xfx::unexpected(failure(db_, bind_rc_, "bind"));
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return xfx::unexpected(failure(db_, rc, "step"));
}

StoreResult<void> Statement::run() {
  auto stepped = step();
  if (!stepped) return xfx::unexpected(stepped.error());
  return {};
}

std::string_view Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_.get(), index);  // after the text conversion
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::string_view Statement::column_blob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_.get(), index);
  if (blob == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_.get(), index);
  return {static_cast<const char*>(blob), static_cast<std::size_t>(size)};
}

StoreResult<Transaction> Transaction::begin(sqlite3* db, Mode mode) {
  auto begun = exec(db, mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!begun) return xfx::unexpected(begun.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

StoreResult<void> Transaction::commit() {
  auto committed = exec(db_, "COMMIT");
  // On failure the destructor rolls back (SQLite may keep the transaction open after BUSY).
  if (committed) db_ = nullptr;
  return committed;
}

}  // namespace xfx::store::sqlite
