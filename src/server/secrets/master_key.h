// One 32-byte master secret per deployment, in <data-dir>/master.key (mode 0600, created on
// first use from RAND_bytes). A file of the wrong size, or readable/writable by group or other,
// is refused with a clear error: a leaked master key defeats every sub-key.
// Sub-keys are derived with HKDF-SHA256 under distinct info labels, so one file guards both
// client-secret hashing and signing-key encryption without reusing a key across purposes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "xfx/expected.h"

namespace xfx::secrets {

// Info labels in use; a new purpose gets a new label, never a reused one.
inline constexpr std::string_view kSecretHashLabel = "xfx-auth client-secret-hmac v1";
inline constexpr std::string_view kSigningKeySealLabel = "xfx-auth signing-key-seal v1";

class MasterKey {
 public:
  static constexpr std::size_t kSize = 32;

  // Loads the file, or creates it (0600, exclusive create) when it does not exist. The parent
  // directory must exist.
  static xfx::expected<MasterKey, std::string> load_or_create(const std::filesystem::path& file);
  // For tests. Throws std::invalid_argument unless bytes.size() == kSize.
  static MasterKey from_bytes(std::string_view bytes);

  MasterKey(const MasterKey&) = default;
  MasterKey(MasterKey&&) noexcept = default;
  MasterKey& operator=(const MasterKey&) = default;
  MasterKey& operator=(MasterKey&&) noexcept = default;
  ~MasterKey();

  // HKDF-SHA256(ikm = master, salt = none, info = label) -> 32 bytes.
  std::string derive(std::string_view label) const;

 private:
  explicit MasterKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace xfx::secrets
