#include "xfx/client/auth_error.h"

#include <string>

namespace xfx::client {

std::string_view to_string(AuthErrorKind kind) {
  switch (kind) {
    case AuthErrorKind::kTransport:
      return "transport";
    case AuthErrorKind::kHttpStatus:
      return "http_status";
    case AuthErrorKind::kOAuth:
      return "oauth";
    case AuthErrorKind::kInvalidResponse:
      return "invalid_response";
    case AuthErrorKind::kShutdown:
      return "shutdown";
  }
  return "unknown";
}

bool AuthError::retryable() const {
  switch (kind) {
    case AuthErrorKind::kTransport:
      return transport != TransportErrorKind::kTls &&
             transport != TransportErrorKind::kResponseTooLarge;
    case AuthErrorKind::kHttpStatus:
    case AuthErrorKind::kOAuth:
      return http_status == 408 || http_status == 429 ||
             (http_status >= 500 && http_status != 501 && http_status != 505);
    case AuthErrorKind::kInvalidResponse:
    case AuthErrorKind::kShutdown:
      return false;
  }
  return false;
}

// Every piece here is either ours or already scrubbed of the secret; a token never reaches an
// AuthError at all.
std::string AuthError::message() const {
  std::string m = "token request failed: ";
  switch (kind) {
    case AuthErrorKind::kTransport:
      m += "transport error (";
      m += to_string(transport);
      m += ")";
      if (!detail.empty()) m += ": " + detail;
      break;
    case AuthErrorKind::kHttpStatus:
      m += "HTTP " + std::to_string(http_status);
      break;
    case AuthErrorKind::kOAuth:
      m += "HTTP " + std::to_string(http_status) + " " + error;
      if (!error_description.empty()) m += ": " + error_description;
      break;
    case AuthErrorKind::kInvalidResponse:
      m += "invalid token response";
      if (!detail.empty()) m += ": " + detail;
      break;
    case AuthErrorKind::kShutdown:
      m += "the client is shutting down";
      break;
  }
  if (retry_after) m += " (retry after " + std::to_string(retry_after->count()) + " s)";
  if (attempts > 1) m += " after " + std::to_string(attempts) + " attempts";
  return m;
}

}  // namespace xfx::client
