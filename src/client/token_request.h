// The pure core of a token fetch: the HTTP request for a (config, audience, scope), and what a
// response means. No I/O, no clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "xfx/client/auth_error.h"
#include "xfx/client/config.h"
#include "xfx/client/transport.h"
#include "xfx/expected.h"

namespace xfx::client::detail {

HttpRequest build_token_request(const Config& config, std::string_view token_url,
                                std::string_view audience, std::string_view scope);

struct TokenResponse {
  std::string access_token;
  std::string token_type;
  std::string scope;
  std::chrono::seconds expires_in{0};
};

// Servers that omit expires_in (RFC 6749 only RECOMMENDS it) get this lifetime: short enough that
// a token is never trusted long past its real expiry, long enough to be reused.
inline constexpr std::chrono::seconds kAssumedLifetime{60};

// 200 with a bearer token, or the typed error. `secret` is scrubbed from anything the server
// wrote into an error description.
expected<TokenResponse, AuthError> interpret_token_response(const HttpResponse& response,
                                                            std::string_view secret);

AuthError from_transport_error(const TransportError& error, std::string_view secret);

// Retry-After (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date relative to `wall_now`.
std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point wall_now);

// Caps length, replaces control characters, removes every occurrence of `secret`.
std::string scrub(std::string_view text, std::string_view secret, std::size_t max_length = 200);

std::string form_urlencode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace xfx::client::detail
