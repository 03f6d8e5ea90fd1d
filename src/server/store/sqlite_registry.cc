// The SQLite back end: one connection per Registry, serialized by a mutex (the server's timer
// thread and admin calls share it); several processes share the file through WAL.
//
// Durability: WAL with synchronous=FULL syncs the WAL at every commit, so a committed change
// survives a power loss too. NORMAL would only survive a process crash, and could roll back a
// client whose secret the admin command had already printed (and the operator handed out).
// Registry writes are rare admin actions and the token path never writes, so the fsync per
// commit costs nothing that matters.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "server/store/migrations.h"
#include "server/store/registry.h"
#include "server/store/sqlite_db.h"
#include "server/store/validation.h"

namespace xfx::store {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

xfx::unexpected<StoreFailure> fail(StoreError code, std::string message) {
  return xfx::unexpected(StoreFailure{code, std::move(message)});
}

// Refines a failure's message with the object it concerns (ids are not secrets).
xfx::unexpected<StoreFailure> about(StoreFailure failure, std::string_view what) {
  switch (failure.code) {
    case StoreError::kAlreadyExists:
      failure.message = std::string(what) + " already exists (" + failure.message + ")";
      break;
    case StoreError::kNotFound:
      failure.message = std::string(what) + " not found (" + failure.message + ")";
      break;
    default:
      failure.message = std::string(what) + ": " + failure.message;
      break;
  }
  return xfx::unexpected(std::move(failure));
}

#define XFX_TRY(expr)                                    \
  do {                                                   \
    if (auto xfx_try_result = (expr); !xfx_try_result) { \
      return xfx::unexpected(xfx_try_result.error());    \
    }                                                    \
  } while (false)

constexpr const char* kSelectApis =
    "SELECT identifier, name, scopes, token_lifetime_s, signing_alg, profile, reuse_tokens,"
    " created_at FROM apis ORDER BY identifier";
constexpr const char* kSelectClients =
    "SELECT client_id, name, secret_hash, grant_types, created_at FROM clients"
    " ORDER BY client_id";
constexpr const char* kSelectGrants =
    "SELECT client_id, audience, scopes, created_at FROM grants ORDER BY client_id, audience";

// Sizes a vector before a bulk read: at a million rows, growth by doubling would hold up to
// twice the final memory and move every element several times.
std::size_t row_count(sqlite3* db, const char* count_sql) {
  auto stmt = Statement::prepare(db, count_sql);
  if (!stmt) return 0;
  auto row = stmt->step();
  return row && *row ? static_cast<std::size_t>(stmt->column_int(0)) : 0;
}

StoreResult<std::vector<Api>> read_apis(sqlite3* db) {
  auto stmt = Statement::prepare(db, kSelectApis);
  if (!stmt) return xfx::unexpected(stmt.error());
  std::vector<Api> apis;
  apis.reserve(row_count(db, "SELECT COUNT(*) FROM apis"));
  for (;;) {
    auto row = stmt->step();
    if (!row) return xfx::unexpected(row.error());
    if (!*row) break;
    Api api;
    api.identifier = stmt->column_text(0);
    api.name = stmt->column_text(1);
    api.scopes = split_tokens(stmt->column_text(2));
    api.token_lifetime_s = stmt->column_int(3);
    api.signing_alg = stmt->column_text(4);
    auto profile = parse_token_profile(stmt->column_text(5));
    if (!profile) {
      return fail(StoreError::kCorrupt, "api " + api.identifier + " has unknown token profile \"" +
                                            std::string(stmt->column_text(5)) + "\"");
    }
    api.profile = *profile;
    api.reuse_tokens = stmt->column_int(6) != 0;
    api.created_at = stmt->column_int(7);
    apis.push_back(std::move(api));
  }
  return apis;
}

StoreResult<std::vector<Client>> read_clients(sqlite3* db) {
  auto stmt = Statement::prepare(db, kSelectClients);
  if (!stmt) return xfx::unexpected(stmt.error());
  std::vector<Client> clients;
  clients.reserve(row_count(db, "SELECT COUNT(*) FROM clients"));
  for (;;) {
    auto row = stmt->step();
    if (!row) return xfx::unexpected(row.error());
    if (!*row) break;
    Client client;
    client.client_id = stmt->column_text(0);
    client.name = stmt->column_text(1);
    client.secret_hash = stmt->column_blob(2);
    if (client.secret_hash.size() != 32) {
      return fail(StoreError::kCorrupt, "client " + client.client_id + " has a secret hash of " +
                                            std::to_string(client.secret_hash.size()) +
                                            " bytes, expected 32");
    }
    const auto grant_types = stmt->column_text(3);
    // The overwhelmingly common value: skip the split (the default already holds it).
    if (grant_types != "client_credentials") client.grant_types = split_tokens(grant_types);
    client.created_at = stmt->column_int(4);
    clients.push_back(std::move(client));
  }
  return clients;
}

StoreResult<std::vector<Grant>> read_grants(sqlite3* db) {
  auto stmt = Statement::prepare(db, kSelectGrants);
  if (!stmt) return xfx::unexpected(stmt.error());
  std::vector<Grant> grants;
  grants.reserve(row_count(db, "SELECT COUNT(*) FROM grants"));
  for (;;) {
    auto row = stmt->step();
    if (!row) return xfx::unexpected(row.error());
    if (!*row) break;
    Grant grant;
    grant.client_id = stmt->column_text(0);
    grant.audience = stmt->column_text(1);
    grant.scopes = split_tokens(stmt->column_text(2));
    grant.created_at = stmt->column_int(3);
    grants.push_back(std::move(grant));
  }
  return grants;
}

StoreResult<std::uint64_t> read_revision(sqlite3* db) {
  auto stmt = Statement::prepare(db, "SELECT revision FROM registry_revision WHERE id = 1");
  if (!stmt) return xfx::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return xfx::unexpected(row.error());
  if (!*row) return fail(StoreError::kCorrupt, "registry_revision has no row");
  return static_cast<std::uint64_t>(stmt->column_int(0));
}

// Runs a DELETE/UPDATE keyed by the bound parameters; kNotFound when it touched no row.
StoreResult<void> run_expecting_a_row(Statement& stmt, std::string_view what) {
  if (auto ok = stmt.run(); !ok) return about(ok.error(), what);
  if (stmt.changes() == 0) return fail(StoreError::kNotFound, std::string(what) + " not found");
  return {};
}

class SqliteRegistry final : public Registry {
 public:
  explicit SqliteRegistry(sqlite::Db db) : db_(std::move(db)) {}

  StoreResult<void> create_api(const Api& api) override {
    XFX_TRY(validate(api));
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db(),
        "INSERT INTO apis (identifier, name, scopes, token_lifetime_s, signing_alg, profile,"
        " reuse_tokens, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, api.identifier)
        .bind_text(2, api.name)
        .bind_text(3, join_tokens(api.scopes))
        .bind_int(4, api.token_lifetime_s)
        .bind_text(5, api.signing_alg)
        .bind_text(6, to_string(api.profile))
        .bind_int(7, api.reuse_tokens ? 1 : 0)
        .bind_int(8, api.created_at);
    if (auto ok = stmt->run(); !ok) return about(ok.error(), "api " + api.identifier);
    return {};
  }

  StoreResult<std::vector<Api>> list_apis() override {
    std::lock_guard lock(mutex_);
    return read_apis(db());
  }

  StoreResult<void> delete_api(std::string_view identifier) override {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db(), Transaction::Mode::kWrite);
    if (!tx) return xfx::unexpected(tx.error());
    // Explicit, so correctness does not rest on the foreign_keys pragma alone.
    auto grants = Statement::prepare(db(), "DELETE FROM grants WHERE audience = ?1");
    if (!grants) return xfx::unexpected(grants.error());
    grants->bind_text(1, identifier);
    XFX_TRY(grants->run());
    auto stmt = Statement::prepare(db(), "DELETE FROM apis WHERE identifier = ?1");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, identifier);
    XFX_TRY(run_expecting_a_row(*stmt, "api " + std::string(identifier)));
    return tx->commit();
  }

  StoreResult<void> create_client(const Client& client) override {
    XFX_TRY(validate(client));
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db(),
                                   "INSERT INTO clients (client_id, name, secret_hash, grant_types,"
                                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, client.client_id)
        .bind_text(2, client.name)
        .bind_blob(3, client.secret_hash)
        .bind_text(4, join_tokens(client.grant_types))
        .bind_int(5, client.created_at);
    if (auto ok = stmt->run(); !ok) return about(ok.error(), "client " + client.client_id);
    return {};
  }

  StoreResult<std::vector<Client>> list_clients() override {
    std::lock_guard lock(mutex_);
    return read_clients(db());
  }

  StoreResult<void> delete_client(std::string_view client_id) override {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db(), Transaction::Mode::kWrite);
    if (!tx) return xfx::unexpected(tx.error());
    auto grants = Statement::prepare(db(), "DELETE FROM grants WHERE client_id = ?1");
    if (!grants) return xfx::unexpected(grants.error());
    grants->bind_text(1, client_id);
    XFX_TRY(grants->run());
    auto stmt = Statement::prepare(db(), "DELETE FROM clients WHERE client_id = ?1");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, client_id);
    XFX_TRY(run_expecting_a_row(*stmt, "client " + std::string(client_id)));
    return tx->commit();
  }

  StoreResult<void> set_client_secret_hash(std::string_view client_id,
                                           std::string_view secret_hash) override {
    if (secret_hash.size() != 32) {
      return fail(StoreError::kInvalidArgument, "secret hash must be 32 bytes");
    }
    std::lock_guard lock(mutex_);
    auto stmt =
        Statement::prepare(db(), "UPDATE clients SET secret_hash = ?2 WHERE client_id = ?1");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, client_id).bind_blob(2, secret_hash);
    return run_expecting_a_row(*stmt, "client " + std::string(client_id));
  }

  StoreResult<void> create_grant(const Grant& grant) override {
    XFX_TRY(validate(grant));
    std::lock_guard lock(mutex_);
    // Checked inside one write transaction so the answer names exactly what is missing and
    // cannot be invalidated by another process between the check and the insert.
    auto tx = Transaction::begin(db(), Transaction::Mode::kWrite);
    if (!tx) return xfx::unexpected(tx.error());
    auto client = Statement::prepare(db(), "SELECT 1 FROM clients WHERE client_id = ?1");
    if (!client) return xfx::unexpected(client.error());
    client->bind_text(1, grant.client_id);
    auto client_row = client->step();
    if (!client_row) return xfx::unexpected(client_row.error());
    if (!*client_row)
      return fail(StoreError::kNotFound, "client " + grant.client_id + " not found");

    auto api = Statement::prepare(db(), "SELECT scopes FROM apis WHERE identifier = ?1");
    if (!api) return xfx::unexpected(api.error());
    api->bind_text(1, grant.audience);
    auto api_row = api->step();
    if (!api_row) return xfx::unexpected(api_row.error());
    if (!*api_row) return fail(StoreError::kNotFound, "api " + grant.audience + " not found");
    const auto defined = split_tokens(api->column_text(0));
    for (const auto& scope : grant.scopes) {
      if (std::find(defined.begin(), defined.end(), scope) == defined.end()) {
        return fail(StoreError::kInvalidArgument,
                    "scope " + scope + " is not defined by api " + grant.audience);
      }
    }

    auto stmt = Statement::prepare(
        db(),
        "INSERT INTO grants (client_id, audience, scopes, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, grant.client_id)
        .bind_text(2, grant.audience)
        .bind_text(3, join_tokens(grant.scopes))
        .bind_int(4, grant.created_at);
    if (auto ok = stmt->run(); !ok) {
      return about(ok.error(), "grant of " + grant.audience + " to client " + grant.client_id);
    }
    return tx->commit();
  }

  StoreResult<std::vector<Grant>> list_grants() override {
    std::lock_guard lock(mutex_);
    return read_grants(db());
  }

  StoreResult<void> delete_grant(std::string_view client_id, std::string_view audience) override {
    std::lock_guard lock(mutex_);
    auto stmt =
        Statement::prepare(db(), "DELETE FROM grants WHERE client_id = ?1 AND audience = ?2");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, client_id).bind_text(2, audience);
    return run_expecting_a_row(
        *stmt, "grant of " + std::string(audience) + " to client " + std::string(client_id));
  }

  StoreResult<std::vector<SigningKeyRecord>> list_signing_keys() override {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db(),
                                   "SELECT kid, alg, sealed_private_key, state, created_at,"
                                   " retired_at FROM signing_keys ORDER BY created_at, kid");
    if (!stmt) return xfx::unexpected(stmt.error());
    std::vector<SigningKeyRecord> keys;
    for (;;) {
      auto row = stmt->step();
      if (!row) return xfx::unexpected(row.error());
      if (!*row) break;
      SigningKeyRecord key;
      key.kid = stmt->column_text(0);
      key.alg = stmt->column_text(1);
      key.sealed_private_key = stmt->column_blob(2);
      auto state = parse_key_state(stmt->column_text(3));
      if (!state) return fail(StoreError::kCorrupt, "signing key " + key.kid + " has bad state");
      key.state = *state;
      key.created_at = stmt->column_int(4);
      if (!stmt->column_is_null(5)) key.retired_at = stmt->column_int(5);
      keys.push_back(std::move(key));
    }
    return keys;
  }

  StoreResult<void> insert_signing_key(const SigningKeyRecord& key) override {
    XFX_TRY(validate(key));
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db(),
                                   "INSERT INTO signing_keys (kid, alg, sealed_private_key, state,"
                                   " created_at, retired_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, key.kid)
        .bind_text(2, key.alg)
        .bind_blob(3, key.sealed_private_key)
        .bind_text(4, to_string(key.state))
        .bind_int(5, key.created_at);
    if (key.retired_at) {
      stmt->bind_int(6, *key.retired_at);
    } else {
      stmt->bind_null(6);
    }
    if (auto ok = stmt->run(); !ok) return about(ok.error(), "signing key " + key.kid);
    return {};
  }

  StoreResult<void> set_signing_key_state(std::string_view kid, KeyState state,
                                          std::optional<std::int64_t> retired_at) override {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db(), "UPDATE signing_keys SET state = ?2, retired_at = ?3 WHERE kid = ?1");
    if (!stmt) return xfx::unexpected(stmt.error());
    stmt->bind_text(1, kid).bind_text(2, to_string(state));
    if (retired_at) {
      stmt->bind_int(3, *retired_at);
    } else {
      stmt->bind_null(3);
    }
    return run_expecting_a_row(*stmt, "signing key " + std::string(kid));
  }

  StoreResult<std::uint64_t> revision() override {
    std::lock_guard lock(mutex_);
    return read_revision(db());
  }

  StoreResult<std::shared_ptr<const RegistrySnapshot>> load_snapshot() override {
    std::vector<Api> apis;
    std::vector<Client> clients;
    std::vector<Grant> grants;
    std::uint64_t revision = 0;
    {
      std::lock_guard lock(mutex_);
      // One read transaction: the revision and the rows come from the same WAL snapshot, so
      // a snapshot never claims a revision whose changes it lacks.
      auto tx = Transaction::begin(db(), Transaction::Mode::kRead);
      if (!tx) return xfx::unexpected(tx.error());
      auto rev = read_revision(db());
      if (!rev) return xfx::unexpected(rev.error());
      revision = *rev;
      auto a = read_apis(db());
      if (!a) return xfx::unexpected(a.error());
      auto c = read_clients(db());
      if (!c) return xfx::unexpected(c.error());
      auto g = read_grants(db());
      if (!g) return xfx::unexpected(g.error());
      XFX_TRY(tx->commit());
      apis = std::move(*a);
      clients = std::move(*c);
      grants = std::move(*g);
    }
    // Built outside the lock: admin calls need not wait for the sort check.
    return RegistrySnapshot::build(revision, std::move(apis), std::move(clients),
                                   std::move(grants));
  }

 private:
  sqlite3* db() { return db_.get(); }

  std::mutex mutex_;
  sqlite::Db db_;
};

// Creates the file with mode 0600 before SQLite sees it (SQLite would use 0644 & ~umask), and
// tightens an existing file that is readable by others: it holds secret hashes and sealed keys.
// SQLite gives the -wal and -shm files the database file's mode.
StoreResult<void> prepare_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return fail(StoreError::kUnavailable,
                "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  StoreResult<void> result;
  if (::fstat(fd, &st) != 0) {
    result = fail(StoreError::kUnavailable,
                  "cannot stat " + path.string() + ": " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    result = fail(StoreError::kInvalidArgument, path.string() + " is not a regular file");
  } else if ((st.st_mode & 077) != 0 && ::fchmod(fd, 0600) != 0) {
    result = fail(StoreError::kUnavailable,
                  "cannot restrict " + path.string() + " to mode 0600: " + std::strerror(errno));
  }
  ::close(fd);
  return result;
}

}  // namespace

StoreResult<std::unique_ptr<Registry>> open_sqlite_registry(const SqliteOptions& options) {
  if (options.path.empty()) return fail(StoreError::kInvalidArgument, "empty database path");
  XFX_TRY(prepare_file(options.path));

  sqlite3* raw = nullptr;
  // NOMUTEX: SqliteRegistry serializes access itself, so SQLite's own mutex would be redundant.
  const int rc = sqlite3_open_v2(options.path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite::Db db(raw);  // closed on every path, even when open failed
  if (rc != SQLITE_OK) {
    return about(sqlite::failure(raw, rc, "open"), options.path.string());
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), static_cast<int>(options.busy_timeout.count()));

  const std::string where = options.path.string();
  if (auto ok = sqlite::exec(db.get(), "PRAGMA foreign_keys = ON"); !ok) {
    return about(ok.error(), where);
  }
  // journal_mode returns a row; WAL is persistent in the file, so this mostly confirms it.
  {
    auto mode = Statement::prepare(db.get(), "PRAGMA journal_mode = WAL");
    if (!mode) return about(mode.error(), where);
    auto row = mode->step();
    if (!row) return about(row.error(), where);
    if (!*row || mode->column_text(0) != "wal") {
      return fail(StoreError::kUnavailable, where + ": cannot switch to WAL journal mode");
    }
  }
  if (auto ok = sqlite::exec(db.get(), "PRAGMA synchronous = FULL"); !ok) {
    return about(ok.error(), where);
  }
  if (auto ok = sqlite::migrate(db.get()); !ok) return about(ok.error(), where);
  return std::unique_ptr<Registry>(std::make_unique<SqliteRegistry>(std::move(db)));
}

}  // namespace xfx::store
