// RFC 6750 at the HTTP edge, independent of any HTTP library: take the Authorization header
// out of a request, and map every way authentication can fail to one {status,
// WWW-Authenticate, JSON body} — the single mapping table of the resource server.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "xfx/expected.h"
#include "xfx/verify/verify_error.h"

namespace xfx::verify {

enum class BearerHeaderError {
  kMissing,    // no Authorization header, or one for another scheme (e.g. Basic)
  kMalformed,  // "Bearer" with an empty, spaced or non-token68 credential, or repeated headers
};

// The token of an `Authorization: Bearer <b64token>` value (RFC 6750 §2.1). The scheme is
// case-insensitive and may be followed by one or more spaces (RFC 7235 1*SP); the credential
// must be exactly one b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// nullopt means no header. The view points into `authorization`.
expected<std::string_view, BearerHeaderError> extract_bearer_token(
    std::optional<std::string_view> authorization);
// The same for every Authorization header of a request: none is kMissing, more than one is
// kMalformed (RFC 6750 §3.1: more than one method of including a token).
expected<std::string_view, BearerHeaderError> extract_bearer_token(
    std::span<const std::string_view> authorization_values);

// Why a request is not let through: its header, or its token.
using AuthFailure = std::variant<BearerHeaderError, VerifyError>;

struct HttpRejection {
  int status = 401;
  std::string www_authenticate;  // the WWW-Authenticate header value
  std::string body;              // JSON: {"error":..., "error_description":...}
  static constexpr std::string_view kContentType = "application/json";
};

// RFC 6750 §3:
//   kMissing             401  Bearer realm="…"                      (no error code, §3.1)
//   kMalformed           400  Bearer realm="…", error="invalid_request", error_description="…"
//   kInsufficientScope   403  Bearer realm="…", error="insufficient_scope", scope="a b", …
//   any other VerifyError 401 Bearer realm="…", error="invalid_token", error_description="…"
// `required_scopes` fill the scope attribute of a 403. Descriptions never echo the token.
HttpRejection to_http_rejection(const AuthFailure& failure, std::string_view realm,
                                std::span<const std::string> required_scopes = {});

}  // namespace xfx::verify
