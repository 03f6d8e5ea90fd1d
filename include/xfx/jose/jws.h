// JWS compact serialization (RFC 7515 §7.1): sign and verify, nothing else.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "xfx/expected.h"
#include "xfx/jose/algorithm.h"
#include "xfx/jose/error.h"
#include "xfx/jose/key.h"

namespace xfx::jose {

// Signs JWTs with one private key. The protected header {"alg","typ","kid"} is encoded once at
// construction, so a signature costs one base64url of the payload and the private-key operation.
class Signer {
 public:
  // Fails if the key is not private or does not fit alg. typ is "JWT" or "at+jwt".
  static expected<Signer, JoseError> create(Key key, Algorithm alg, std::string_view typ);

  // header.payload.signature for a payload that is already the JSON text to sign.
  expected<std::string, JoseError> sign(std::string_view payload_json) const;

  const Key& key() const { return key_; }
  Algorithm algorithm() const { return alg_; }

 private:
  Signer(Key key, Algorithm alg, std::string encoded_header);
  Key key_;
  Algorithm alg_;
  std::string encoded_header_;  // base64url of the header, followed by '.'
};

// A token split and decoded, not yet verified. The views point into the caller's token.
struct CompactJws {
  boost::json::object header;
  std::string payload;             // decoded payload bytes
  std::string signature;           // decoded signature bytes
  std::string_view signing_input;  // "header.payload" as it appeared in the token
};

// Strict parsing: at most max_size bytes, exactly three segments (two dots), each canonical
// base64url, header a JSON object. Does not look at any header member.
expected<CompactJws, JoseError> parse_compact(std::string_view token, std::size_t max_size);

// Verifies `signature` over `signing_input` with `key` under `alg`, which the caller chose (never
// the token). A key whose type does not fit alg is kAlgorithmKeyMismatch; ES256 signatures are
// the 64-byte R||S form of RFC 7518 §3.4.
expected<void, JoseError> verify_signature(const Key& key, Algorithm alg,
                                           std::string_view signing_input,
                                           std::string_view signature);

// The raw signature primitive Signer uses, exposed for benchmarks and tests.
expected<std::string, JoseError> sign_bytes(const Key& key, Algorithm alg, std::string_view data);

}  // namespace xfx::jose
