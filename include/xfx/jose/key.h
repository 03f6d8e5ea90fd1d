// Asymmetric keys (RSA, EC P-256, Ed25519) and key sets, as OpenSSL 3 EVP_PKEYs parsed once.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfx/expected.h"
#include "xfx/jose/algorithm.h"
#include "xfx/jose/error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace xfx::jose {

// An immutable public or private key. Copies share the parsed EVP_PKEY, which OpenSSL 3 allows
// to be used from many threads at once, so signing and verifying never re-parse key material.
class Key {
 public:
  // A fresh private key for `alg` (RSA 2048 for RS256/PS256); its kid is its RFC 7638 thumbprint.
  static expected<Key, JoseError> generate(Algorithm alg);
  // A key from a JWK object: RSA (n, e), EC P-256 (crv, x, y), OKP Ed25519 (crv, x); private
  // members (d, ...) are read when present. "kid" and "alg" are kept when present.
  static expected<Key, JoseError> from_jwk(const boost::json::object& jwk);
  // A private key from PKCS#8 PEM, as private_pem() writes it.
  static expected<Key, JoseError> from_private_pem(std::string_view pem, std::string kid,
                                                   std::optional<Algorithm> alg);

  // PKCS#8 PEM of the private key; empty for a public key. Secret: never log it.
  std::string private_pem() const;
  // The public JWK: kty, kid, use "sig", alg (when known) and the public members only.
  boost::json::object public_jwk() const;
  // RFC 7638 JWK thumbprint (SHA-256, base64url).
  std::string thumbprint() const;

  const std::string& kid() const { return kid_; }
  std::optional<Algorithm> algorithm() const { return alg_; }
  KeyType type() const { return type_; }
  bool has_private() const { return has_private_; }
  EVP_PKEY* native() const { return pkey_.get(); }

 private:
  Key(std::shared_ptr<EVP_PKEY> pkey, KeyType type, bool has_private, std::string kid,
      std::optional<Algorithm> alg);

  std::shared_ptr<EVP_PKEY> pkey_;
  KeyType type_;
  bool has_private_;
  std::string kid_;
  std::optional<Algorithm> alg_;
};

// A JWK Set (RFC 7517 §5): keys looked up by kid, which is an opaque map key and nothing else.
class KeySet {
 public:
  static constexpr std::size_t kDefaultMaxKeys = 64;

  // Parses {"keys":[...]}. Keys of an unsupported kty/crv, or with "use" other than "sig", are
  // skipped (RFC 7517 §5: implementations should ignore keys they do not understand); keys
  // without a kid are skipped too, since xfx looks keys up by kid only. Malformed JSON, a
  // missing "keys" array, a malformed supported key, or more than max_keys keys is an error.
  static expected<KeySet, JoseError> parse(std::string_view json,
                                           std::size_t max_keys = kDefaultMaxKeys);

  void add(Key key);
  const Key* find(std::string_view kid) const;
  const std::vector<Key>& keys() const { return keys_; }
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  // {"keys":[public JWKs...]}; private members never appear.
  std::string to_json() const;

 private:
  std::vector<Key> keys_;
};

}  // namespace xfx::jose
