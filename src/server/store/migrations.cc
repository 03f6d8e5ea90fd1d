#include "server/store/migrations.h"

#include <ctime>
#include <string>

#include "server/store/sqlite_db.h"

namespace xfx::store::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// registry_revision is bumped by triggers rather than by each write path, so every writer
// (this code, a future tool, an operator's sqlite3 shell) moves it and no reader misses a change.
// Foreign-key cascades fire the grants triggers too. Signing keys bump it as well so the keys
// module can follow a rotation made by another process with the same cheap read.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE apis (
  identifier       TEXT    NOT NULL PRIMARY KEY,
  name             TEXT    NOT NULL,
  scopes           TEXT    NOT NULL,
  token_lifetime_s INTEGER NOT NULL CHECK (token_lifetime_s BETWEEN 60 AND 2592000),
  signing_alg      TEXT    NOT NULL,
  profile          TEXT    NOT NULL,
  reuse_tokens     INTEGER NOT NULL CHECK (reuse_tokens IN (0, 1)),
  created_at       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE clients (
  client_id   TEXT    NOT NULL PRIMARY KEY,
  name        TEXT    NOT NULL,
  secret_hash BLOB    NOT NULL CHECK (length(secret_hash) = 32),
  grant_types TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE grants (
  client_id  TEXT    NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
  audience   TEXT    NOT NULL REFERENCES apis (identifier) ON DELETE CASCADE,
  scopes     TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, audience)
) WITHOUT ROWID;
-- The cascade from apis looks grants up by audience.
CREATE INDEX grants_by_audience ON grants (audience);

CREATE TABLE signing_keys (
  kid                TEXT    NOT NULL PRIMARY KEY,
  alg                TEXT    NOT NULL,
  sealed_private_key BLOB    NOT NULL,
  state              TEXT    NOT NULL CHECK (state IN ('next', 'current', 'retired')),
  created_at         INTEGER NOT NULL,
  retired_at         INTEGER
) WITHOUT ROWID;

CREATE TABLE registry_revision (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);
INSERT INTO registry_revision (id, revision) VALUES (1, 1);

CREATE TRIGGER apis_ai AFTER INSERT ON apis BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER apis_au AFTER UPDATE ON apis BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER apis_ad AFTER DELETE ON apis BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER clients_ai AFTER INSERT ON clients BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER clients_au AFTER UPDATE ON clients BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER clients_ad AFTER DELETE ON clients BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER grants_ai AFTER INSERT ON grants BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER grants_au AFTER UPDATE ON grants BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER grants_ad AFTER DELETE ON grants BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_ai AFTER INSERT ON signing_keys BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_au AFTER UPDATE ON signing_keys BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_ad AFTER DELETE ON signing_keys BEGIN
  UPDATE registry_revision SET revision = revision + 1 WHERE id = 1; END;
)sql"},
};

}  // namespace

int latest_schema_version() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

StoreResult<void> migrate(sqlite3* db) {
  auto tx = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!tx) return xfx::unexpected(tx.error());
  if (auto ok = exec(db,
                     "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INTEGER NOT NULL PRIMARY KEY,"
                     " applied_at INTEGER NOT NULL)");
      !ok) {
    return ok;
  }
  auto current = Statement::prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!current) return xfx::unexpected(current.error());
  auto row = current->step();
  if (!row) return xfx::unexpected(row.error());
  const auto applied = current->column_int(0);
  if (applied > latest_schema_version()) {
    return xfx::unexpected(StoreFailure{
        StoreError::kCorrupt, "database schema version " + std::to_string(applied) +
                                  " is newer than this build supports (" +
                                  std::to_string(latest_schema_version()) + "); upgrade xfx-auth"});
  }
  for (const auto& migration : kMigrations) {
    if (migration.version <= applied) continue;
    if (auto ok = exec(db, migration.sql); !ok) {
      return xfx::unexpected(StoreFailure{
          ok.error().code,
          "migration " + std::to_string(migration.version) + " failed: " + ok.error().message});
    }
    auto record = Statement::prepare(
        db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
    if (!record) return xfx::unexpected(record.error());
    record->bind_int(1, migration.version)
        .bind_int(2, static_cast<std::int64_t>(std::time(nullptr)));
    if (auto ok = record->run(); !ok) return ok;
  }
  return tx->commit();
}

}  // namespace xfx::store::sqlite
