#include "xfx/verify/verify_error.h"

namespace xfx::verify {

std::string_view to_string(VerifyError e) {
  switch (e) {
    case VerifyError::kMalformed:
      return "malformed";
    case VerifyError::kTooLarge:
      return "too_large";
    case VerifyError::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case VerifyError::kKeyMismatch:
      return "key_mismatch";
    case VerifyError::kUnknownKey:
      return "unknown_key";
    case VerifyError::kBadSignature:
      return "bad_signature";
    case VerifyError::kWrongType:
      return "wrong_type";
    case VerifyError::kUnsupportedCritical:
      return "unsupported_critical";
    case VerifyError::kMissingClaim:
      return "missing_claim";
    case VerifyError::kExpired:
      return "expired";
    case VerifyError::kNotYetValid:
      return "not_yet_valid";
    case VerifyError::kIssuedInFuture:
      return "issued_in_future";
    case VerifyError::kWrongIssuer:
      return "wrong_issuer";
    case VerifyError::kWrongAudience:
      return "wrong_audience";
    case VerifyError::kInsufficientScope:
      return "insufficient_scope";
  }
  return "unknown";
}

// Fixed sentences only: these go to the client in error_description (RFC 6750 §3 restricts it to
// %x20-21 / %x23-5B / %x5D-7E, so no quotes or backslashes), and must not help an attacker more
// than the status already does. The token itself is never echoed.
std::string_view description(VerifyError e) {
  switch (e) {
    case VerifyError::kMalformed:
      return "The access token is malformed";
    case VerifyError::kTooLarge:
      return "The access token is too large";
    case VerifyError::kUnsupportedAlgorithm:
      return "The token signing algorithm is not accepted";
    case VerifyError::kKeyMismatch:
      return "The token algorithm does not match its key";
    case VerifyError::kUnknownKey:
      return "The token signing key is unknown";
    case VerifyError::kBadSignature:
      return "The token signature is invalid";
    case VerifyError::kWrongType:
      return "The token type is not accepted";
    case VerifyError::kUnsupportedCritical:
      return "The token uses an unsupported critical header";
    case VerifyError::kMissingClaim:
      return "The token lacks a required claim";
    case VerifyError::kExpired:
      return "The access token expired";
    case VerifyError::kNotYetValid:
      return "The access token is not valid yet";
    case VerifyError::kIssuedInFuture:
      return "The access token was issued in the future";
    case VerifyError::kWrongIssuer:
      return "The token issuer is not trusted";
    case VerifyError::kWrongAudience:
      return "The token is not meant for this API";
    case VerifyError::kInsufficientScope:
      return "The token lacks a required scope";
  }
  return "The access token is invalid";
}

}  // namespace xfx::verify
