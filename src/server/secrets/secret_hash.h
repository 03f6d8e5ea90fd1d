// Client secrets are server-generated with >= 256 bits of entropy, so a keyed fast hash
// (HMAC-SHA256 under a key derived from the master key) is as strong as any password hash for
// them, and costs microseconds instead of the ~100 ms a password hash must cost per token
// request. The key is not in the database, so a stolen database alone is useless for offline
// checks.
#pragma once

#include <memory>
#include <string>
#include <string_view>

typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace xfx::secrets {

class SecretHasher {
 public:
  static constexpr std::size_t kHashSize = 32;

  // key: typically MasterKey::derive(kSecretHashLabel). Throws std::invalid_argument if empty.
  explicit SecretHasher(std::string key);
  SecretHasher(const SecretHasher&) = default;
  SecretHasher& operator=(const SecretHasher&) = default;
  ~SecretHasher();

  // HMAC-SHA256(key, secret): 32 raw bytes.
  std::string hash(std::string_view secret) const;
  // Constant-time (CRYPTO_memcmp) for a stored hash of the right length; false otherwise.
  bool matches(std::string_view secret, std::string_view stored_hash) const;

 private:
  std::string key_;
  // HMAC keyed once; each hash() duplicates it. One-shot HMAC() looks the algorithm up by name
  // and re-derives the key pads on every call, which showed in profiles of the token endpoint.
  // Duplicating a context that is never modified is safe from many threads.
  std::shared_ptr<EVP_MAC_CTX> keyed_;
};

}  // namespace xfx::secrets
