// The registry: APIs, clients, grants and signing keys, behind an interface so back ends
// (SQLite now, PostgreSQL later) and tests can be swapped.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/error.h"
#include "server/store/model.h"
#include "server/store/snapshot.h"
#include "xfx/expected.h"

namespace xfx::store {

// Safe to use from several threads. Several processes may share one store (the admin CLI writes
// while the server runs); revision() is how they notice each other's changes.
class Registry {
 public:
  virtual ~Registry() = default;

  // Validates: identifier non-empty; kMinTokenLifetime <= lifetime <= kMaxTokenLifetime; each
  // scope a non-empty token without spaces, quotes, backslashes or control characters; alg one
  // of RS256 | PS256 | ES256 | EdDSA. kAlreadyExists when the identifier is taken.
  virtual StoreResult<void> create_api(const Api& api) = 0;
  virtual StoreResult<std::vector<Api>> list_apis() = 0;
  // Deletes the API's grants too. kNotFound when absent.
  virtual StoreResult<void> delete_api(std::string_view identifier) = 0;

  // Validates: client_id non-empty; secret_hash 32 bytes; grant_types valid tokens.
  virtual StoreResult<void> create_client(const Client& client) = 0;
  virtual StoreResult<std::vector<Client>> list_clients() = 0;
  // Deletes the client's grants too. kNotFound when absent.
  virtual StoreResult<void> delete_client(std::string_view client_id) = 0;
  virtual StoreResult<void> set_client_secret_hash(std::string_view client_id,
                                                   std::string_view secret_hash) = 0;

  // kNotFound if the client or API is missing; kInvalidArgument if a scope is not one of the
  // API's scopes; kAlreadyExists if the grant is present.
  virtual StoreResult<void> create_grant(const Grant& grant) = 0;
  virtual StoreResult<std::vector<Grant>> list_grants() = 0;
  virtual StoreResult<void> delete_grant(std::string_view client_id, std::string_view audience) = 0;

  virtual StoreResult<std::vector<SigningKeyRecord>> list_signing_keys() = 0;
  virtual StoreResult<void> insert_signing_key(const SigningKeyRecord& key) = 0;
  virtual StoreResult<void> set_signing_key_state(std::string_view kid, KeyState state,
                                                  std::optional<std::int64_t> retired_at) = 0;

  // A counter that changes whenever clients, APIs or grants change (from any process).
  // Cheap: one indexed read.
  virtual StoreResult<std::uint64_t> revision() = 0;
  // Everything the token endpoint needs, read in one transaction, with its revision.
  virtual StoreResult<std::shared_ptr<const RegistrySnapshot>> load_snapshot() = 0;
};

struct SqliteOptions {
  std::filesystem::path path;
  std::chrono::milliseconds busy_timeout{5000};
};

// Creates the file (mode 0600; an existing file readable by group/other is chmod-ed to 0600)
// and applies pending migrations.
StoreResult<std::unique_ptr<Registry>> open_sqlite_registry(const SqliteOptions& options);

}  // namespace xfx::store
