// A data directory: the registry database and the master key beside it. The server and the
// admin CLI open the same directory, concurrently.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "server/secrets/master_key.h"
#include "server/secrets/sealed_box.h"
#include "server/secrets/secret_hash.h"
#include "server/store/registry.h"

namespace xfx::authd {

struct DataDir {
  std::filesystem::path path;
  std::unique_ptr<store::Registry> registry;
  secrets::SecretHasher hasher;
  secrets::SealedBox key_box;
};

// Creates the directory (0700) when missing, the master key and the database on first use.
// Throws std::runtime_error with one clear line when anything is wrong.
DataDir open_data_dir(const std::filesystem::path& path);

// The same without the registry (left null): what the server needs before its store is
// reachable. open_registry() completes it.
DataDir prepare_data_dir(const std::filesystem::path& path);
store::StoreResult<std::unique_ptr<store::Registry>> open_registry(
    const std::filesystem::path& dir);

// $XFX_DATA_DIR, else ./var/data.
std::filesystem::path default_data_dir();

}  // namespace xfx::authd
