// Why a bearer token was rejected: one exhaustive enum, no exceptions (the jwt_verify_lib habit).
#pragma once

#include <string_view>

namespace xfx::verify {

enum class VerifyError {
  kMalformed,  // not three canonical base64url segments, or a header/claim of the wrong shape
  kTooLarge,   // longer than the configured maximum token size
  kUnsupportedAlgorithm,  // alg missing, "none", HMAC, or not in the verifier's allow-list
  kKeyMismatch,           // alg does not fit the key's type, or differs from the key's own "alg"
  kUnknownKey,            // no kid, or a kid that is not in the key set
  kBadSignature,          // the signature does not verify
  kWrongType,             // typ is not the one the verifier expects
  kUnsupportedCritical,   // a "crit" header: xfx understands no JWS extensions
  kMissingClaim,          // exp, iss or aud (or an RFC 9068 claim for at+jwt) is absent
  kExpired,               // now is at or after exp + leeway
  kNotYetValid,           // now is before nbf - leeway
  kIssuedInFuture,        // iat is after now + leeway
  kWrongIssuer,           // iss differs from the configured issuer
  kWrongAudience,         // no aud member is one of the configured audiences
  kInsufficientScope,     // a valid token that lacks a scope the request needs
};

// A stable identifier, e.g. "expired", for logs and metrics.
std::string_view to_string(VerifyError e);
// A short sentence safe to send as error_description: it never echoes any part of the token.
std::string_view description(VerifyError e);

}  // namespace xfx::verify
