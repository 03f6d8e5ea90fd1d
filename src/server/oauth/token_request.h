// The token request (RFC 6749 §4.4.2) parsed from HTTP, before anything is looked up.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/oauth/oauth_error.h"
#include "xfx/expected.h"

namespace xfx::oauth {

enum class ClientAuthMethod { kNone, kSecretPost, kSecretBasic };

struct TokenRequest {
  std::string grant_type;
  ClientAuthMethod auth_method = ClientAuthMethod::kNone;
  std::string client_id;
  std::string client_secret;  // secret: never log, never echo
  std::string audience;       // from "audience" (Auth0) or "resource" (RFC 8707); empty if neither
  std::optional<std::string> scope;  // nullopt when not requested
};

// Caps on what a request may carry, beyond the HTTP layer's body limit.
inline constexpr std::size_t kMaxParameters = 32;
inline constexpr std::size_t kMaxParameterBytes = 4096;

using Parameters = std::vector<std::pair<std::string, std::string>>;

// Body parsers: a flat JSON object of strings, or application/x-www-form-urlencoded.
expected<Parameters, OAuthError> parse_json_parameters(std::string_view body);
expected<Parameters, OAuthError> parse_form_parameters(std::string_view body);

// The whole request: Content-Type picks the body parser; `authorization` is the raw
// Authorization header value, empty when absent.
expected<TokenRequest, OAuthError> parse_token_request(std::string_view content_type,
                                                       std::string_view body,
                                                       std::string_view authorization);

}  // namespace xfx::oauth
