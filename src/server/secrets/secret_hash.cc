#include "server/secrets/secret_hash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>

namespace xfx::secrets {

SecretHasher::SecretHasher(std::string key) : key_(std::move(key)) {
  if (key_.empty()) throw std::invalid_argument("secret hash key must not be empty");
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) throw std::runtime_error("HMAC is not available");
  keyed_.reset(EVP_MAC_CTX_new(mac), EVP_MAC_CTX_free);
  EVP_MAC_free(mac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (!keyed_ || EVP_MAC_init(keyed_.get(), reinterpret_cast<const unsigned char*>(key_.data()),
                              key_.size(), params) != 1) {
    throw std::runtime_error("HMAC-SHA256 key setup failed");
  }
}

SecretHasher::~SecretHasher() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

std::string SecretHasher::hash(std::string_view secret) const {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(keyed_.get()),
                                                                EVP_MAC_CTX_free);
  std::string out(kHashSize, '\0');
  std::size_t size = 0;
  if (!ctx ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size()) != 1 ||
      EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, kHashSize) !=
          1 ||
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
