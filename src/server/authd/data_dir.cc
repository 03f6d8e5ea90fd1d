#include "server/authd/data_dir.h"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace xfx::authd {

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("XFX_DATA_DIR"); env && *env) return env;
  return "var/data";
}

DataDir prepare_data_dir(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(path, ec);
    if (ec) {
      throw std::runtime_error("cannot create data directory " + path.string() + ": " +
                               ec.message());
    }
    fs::permissions(path, fs::perms::owner_all, ec);
  } else if (!fs::is_directory(path, ec)) {
    throw std::runtime_error("data directory " + path.string() + " is not a directory");
  }
  auto master = secrets::MasterKey::load_or_create(path / "master.key");
  if (!master) throw std::runtime_error(master.error());
  return DataDir{path, nullptr, secrets::SecretHasher(master->derive(secrets::kSecretHashLabel)),
                 secrets::SealedBox(master->derive(secrets::kSigningKeySealLabel))};
}

store::StoreResult<std::unique_ptr<store::Registry>> open_registry(
    const std::filesystem::path& dir) {
  return store::open_sqlite_registry({.path = dir / "registry.db"});
}

DataDir open_data_dir(const std::filesystem::path& path) {
  DataDir data = prepare_data_dir(path);
  auto registry = open_registry(path);
  if (!registry) {
    throw std::runtime_error("cannot open registry " + (path / "registry.db").string() + ": " +
                             registry.error().message);
  }
  data.registry = std::move(*registry);
  return data;
}

}  // namespace xfx::authd
