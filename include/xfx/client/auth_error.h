// Why a token could not be had: a value, not an exception.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "xfx/client/transport.h"

namespace xfx::client {

enum class AuthErrorKind {
  kTransport,        // no HTTP response: connect, timeout, TLS, oversized response
  kHttpStatus,       // an HTTP error without an OAuth error body
  kOAuth,            // RFC 6749 §5.2 error body: `error` and `error_description`
  kInvalidResponse,  // 200 whose body is not a usable bearer-token response
  kShutdown,         // the client is being destroyed
};

std::string_view to_string(AuthErrorKind kind);

struct AuthError {
  AuthErrorKind kind = AuthErrorKind::kTransport;
  int http_status = 0;            // 0 when there was no response
  std::string error;              // OAuth error code, e.g. "invalid_client"
  std::string error_description;  // from the server, length-capped, control characters and the
                                  // client secret removed
  TransportErrorKind transport = TransportErrorKind::kOther;  // meaningful for kTransport
  std::string detail;  // transport message or what was wrong with the response
  std::optional<std::chrono::seconds> retry_after;  // from a 429/503
  int attempts = 0;                                 // HTTP attempts made

  // Worth another attempt later: transport failures (except TLS and oversized responses), 408,
  // 429 and 5xx other than 501/505.
  bool retryable() const;

  // One line for a human: never contains the client secret or a token.
  std::string message() const;
};

}  // namespace xfx::client
