#include "server/secrets/secret_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace xfx::secrets {

SecretHasher::SecretHasher(std::string key) : key_(std::move(key)) {
  if (key_.empty()) throw std::invalid_argument("secret hash key must not be empty");
}

SecretHasher::~SecretHasher() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

std::string SecretHasher::hash(std::string_view secret) const {
  static const unsigned char kEmpty = 0;
  std::string out(kHashSize, '\0');
  unsigned int size = 0;
  const auto* data =
      secret.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(secret.data());
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), data, secret.size(),
           reinterpret_cast<unsigned char*>(out.data()), &size) == nullptr ||
      size != kHashSize) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

bool SecretHasher::matches(std::string_view secret, std::string_view stored_hash) const {
  // The length is not secret (always 32 for a valid row); only the bytes are compared in
  // constant time.
  if (stored_hash.size() != kHashSize) return false;
  const std::string computed = hash(secret);
  return CRYPTO_memcmp(computed.data(), stored_hash.data(), kHashSize) == 0;
}

}  // namespace xfx::secrets
