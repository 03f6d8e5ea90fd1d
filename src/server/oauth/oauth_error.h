// OAuth 2.0 token-endpoint errors (RFC 6749 §5.2) and their one mapping to HTTP.
#pragma once

#include <string>
#include <string_view>

namespace xfx::oauth {

enum class ErrorCode {
  kInvalidRequest,          // 400: malformed, missing or repeated parameter
  kInvalidClient,           // 401: unknown client, wrong secret, no client authentication
  kUnauthorizedClient,      // 403: the client may not use this grant type
  kUnsupportedGrantType,    // 400
  kInvalidScope,            // 400
  kInvalidTarget,           // 400: RFC 8707, resource not an absolute URI
  kAccessDenied,            // 403: unknown audience, or no grant for it
  kPayloadTooLarge,         // 413, reported as invalid_request
  kUnsupportedMediaType,    // 400 invalid_request (CONFORMANCE: anything else → 400)
  kTooManyRequests,         // 429
  kTemporarilyUnavailable,  // 503
  kServerError,             // 500
};

struct OAuthError {
  ErrorCode code = ErrorCode::kInvalidRequest;
  std::string description;  // safe to send: never a secret, never a token
  // The client tried to authenticate with the Authorization header: a 401 then carries
  // WWW-Authenticate (RFC 6749 §5.2).
  bool via_authorization_header = false;
};

// The wire form of an error: the one table every response is built from.
struct WireError {
  unsigned status;
  std::string_view error;  // the RFC 6749 "error" value
};
WireError to_wire(ErrorCode code);

// {"error":"...","error_description":"..."}
std::string to_json_body(const OAuthError& e);

}  // namespace xfx::oauth
