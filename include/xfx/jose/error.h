// The one error type of the jose library.
#pragma once

#include <string_view>

namespace xfx::jose {

enum class JoseError {
  kMalformed,             // not exactly three non-empty segments, or over the size cap
  kBadBase64,             // not canonical base64url (padding, whitespace, stray trailing bits)
  kBadJson,               // a header, payload or key that is not the JSON object it must be
  kUnsupportedAlgorithm,  // "none", HMAC, or anything not in Algorithm
  kAlgorithmKeyMismatch,  // e.g. ES256 asked of an RSA key
  kBadSignature,          // the signature does not verify
  kBadKey,                // a JWK or PEM that does not describe a usable key
  kCryptoFailure,         // OpenSSL failed for a reason that is not the input's fault
};

std::string_view to_string(JoseError e);

}  // namespace xfx::jose
