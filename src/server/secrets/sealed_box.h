// Authenticated encryption for secrets at rest (signing private keys in the store):
// AES-256-GCM with a fresh random 12-byte nonce per seal. The aad binds a sealed value to its
// context (e.g. the kid), so a sealed key cannot be swapped onto another row unnoticed.
#pragma once

#include <string>
#include <string_view>

#include "xfx/expected.h"

namespace xfx::secrets {

class SealedBox {
 public:
  static constexpr std::size_t kKeySize = 32;
  static constexpr std::size_t kNonceSize = 12;
  static constexpr std::size_t kTagSize = 16;

  // key32: typically MasterKey::derive(kSigningKeySealLabel). Throws std::invalid_argument
  // unless it is 32 bytes.
  explicit SealedBox(std::string key32);
  SealedBox(const SealedBox&) = default;
  SealedBox& operator=(const SealedBox&) = default;
  ~SealedBox();

  // nonce || ciphertext || tag. Throws std::runtime_error only if OpenSSL itself fails.
  std::string seal(std::string_view plaintext, std::string_view aad) const;
  // The plaintext, or an error on truncation, a wrong key or aad, or any tampering.
  xfx::expected<std::string, std::string> open(std::string_view sealed, std::string_view aad) const;

 private:
  std::string key_;
};

}  // namespace xfx::secrets
