// What an AuthClient needs to know: who it is, where to ask, and how the server wants to be asked.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace xfx::client {

// The spec's tenant and API: what an XFX integrator gets when they set nothing else.
inline constexpr std::string_view kDefaultAuthDomain = "dev-er8o7vv4aka08m70.us.auth0.com";
inline constexpr std::string_view kDefaultAudience = "https://api.xfx.io/trading";

// Auth0 names the API `audience`; RFC 8707 servers call it `resource`.
enum class AudienceParameter { kAudience, kResource };
// RFC 6749 §2.3.1: id and secret in the body (the spec's curl) or in `Authorization: Basic`.
enum class ClientAuthMethod { kClientSecretPost, kClientSecretBasic };
// The spec sends JSON; RFC 6749 servers expect application/x-www-form-urlencoded.
enum class BodyFormat { kJson, kForm };

// A configuration that cannot work. Thrown at construction, never on the hot path. The message
// names the setting, never its value when that value is a secret.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RetryPolicy {
  // Attempts per token fetch (first try included). Only transport failures, 408, 429 and 5xx
  // are retried; OAuth client errors (invalid_client, access_denied, invalid_scope...) never.
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{200};  // full jitter: uniform in [0, cap)
  std::chrono::milliseconds max_backoff{10'000};
  // A Retry-After longer than this is not waited out inside one fetch; the error is returned and
  // the next fetch is spaced out by it instead.
  std::chrono::seconds max_retry_after{30};
  // After a fetch fails as a whole, the next one for the same token waits at least this long,
  // doubling per consecutive failure up to the maximum (or Retry-After, when the server said).
  std::chrono::milliseconds initial_failure_spacing{1'000};
  std::chrono::milliseconds max_failure_spacing{60'000};
};

struct Config {
  std::string client_id;
  std::string client_secret;
  std::string auth_domain =
      std::string(kDefaultAuthDomain);  // token URL https://{domain}/oauth/token
  std::string token_url;                // when set, used instead of auth_domain
  std::string audience = std::string(kDefaultAudience);
  std::string scope;         // space-separated; empty: whatever the grant allows
  std::string api_base_url;  // for ApiClient
  AudienceParameter audience_parameter = AudienceParameter::kAudience;
  ClientAuthMethod auth_method = ClientAuthMethod::kClientSecretPost;
  BodyFormat body_format = BodyFormat::kJson;
  // Refresh this long before expiry (the spec's 5 minutes), clamped to half the token's lifetime
  // so a short-lived token is still reused.
  std::chrono::seconds refresh_buffer{300};
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  std::string ca_file;  // empty: the system trust store; TLS verification is always on
  // Inside the refresh window, return the cached token at once and refresh on a thread the
  // client owns. Off: the first caller in the window refreshes inline, the others are served.
  bool background_refresh = true;
  RetryPolicy retry;

  // token_url, or https://{auth_domain}/oauth/token (a domain given with a scheme keeps it).
  std::string resolved_token_url() const;

  // Throws ConfigError: missing id or secret, a URL that is neither https nor plain http to a
  // loopback host (a secret must not cross a network in clear), nonsensical durations.
  void validate() const;

  // Reads XFX_CLIENT_ID, XFX_CLIENT_SECRET (required), XFX_AUTH_DOMAIN, XFX_TOKEN_URL,
  // XFX_AUDIENCE, XFX_SCOPE, XFX_API_BASE_URL, XFX_CA_FILE, XFX_AUDIENCE_PARAM
  // (audience|resource), XFX_AUTH_METHOD (client_secret_post|client_secret_basic),
  // XFX_BODY_FORMAT (json|form), XFX_REFRESH_BUFFER, XFX_CONNECT_TIMEOUT, XFX_TIMEOUT (durations:
  // "300", "300s", "1500ms", "5m"), XFX_BACKGROUND_REFRESH (true|false). Throws ConfigError naming
  // the missing or malformed variable.
  using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
  static Config from_env();
  static Config from_env(const EnvLookup& lookup);
  // Same, without requiring id and secret (a CLI fills them from flags before validate()).
  static Config from_env_partial(const EnvLookup& lookup);
};

// "300", "300s", "1500ms", "5m" → milliseconds; nullopt if malformed or negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

std::optional<AudienceParameter> parse_audience_parameter(std::string_view text);
std::optional<ClientAuthMethod> parse_auth_method(std::string_view text);
std::optional<BodyFormat> parse_body_format(std::string_view text);

// https, or http to 127.0.0.0/8, ::1 or localhost.
bool is_secure_or_loopback_url(std::string_view url);

}  // namespace xfx::client
