#include "xfx/client/config.h"

#include <boost/url/parse.hpp>

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace xfx::client {

using std::chrono::milliseconds;

std::string Config::resolved_token_url() const {
  if (!token_url.empty()) return token_url;
  std::string domain = auth_domain;
  while (!domain.empty() && domain.back() == '/') domain.pop_back();
  if (domain.find("://") == std::string::npos) domain = "https://" + domain;
  return domain + "/oauth/token";
}

bool is_secure_or_loopback_url(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return false;
  std::string scheme(parsed->scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (parsed->encoded_host().empty()) return false;
  if (scheme == "https") return true;
  if (scheme != "http") return false;
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4:
      return parsed->host_ipv4_address().to_bytes()[0] == 127;
    case boost::urls::host_type::ipv6:
      return parsed->host_ipv6_address().is_loopback();
    case boost::urls::host_type::name:
      return parsed->encoded_host() == "localhost";
    default:
      return false;
  }
}

void Config::validate() const {
  if (client_id.empty()) throw ConfigError("client id is not set (XFX_CLIENT_ID)");
  if (client_secret.empty()) throw ConfigError("client secret is not set (XFX_CLIENT_SECRET)");
  const auto url = resolved_token_url();
  if (!is_secure_or_loopback_url(url)) {
    throw ConfigError("token URL must be https (or http to a loopback address): " + url);
  }
  if (refresh_buffer.count() < 0) throw ConfigError("refresh buffer must not be negative");
  if (connect_timeout.count() <= 0 || total_timeout.count() <= 0) {
    throw ConfigError("timeouts must be positive");
  }
  if (retry.max_attempts < 1) throw ConfigError("retry.max_attempts must be at least 1");
}

std::optional<milliseconds> parse_duration(std::string_view text) {
  long long n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || n < 0) return std::nullopt;
  const std::string_view unit(p, text.data() + text.size() - p);
  if (unit.empty() || unit == "s") return milliseconds{n * 1000};
  if (unit == "ms") return milliseconds{n};
  if (unit == "m") return milliseconds{n * 60'000};
  return std::nullopt;
}

std::optional<AudienceParameter> parse_audience_parameter(std::string_view text) {
  if (text == "audience") return AudienceParameter::kAudience;
  if (text == "resource") return AudienceParameter::kResource;
  return std::nullopt;
}

std::optional<ClientAuthMethod> parse_auth_method(std::string_view text) {
  if (text == "client_secret_post" || text == "post") return ClientAuthMethod::kClientSecretPost;
  if (text == "client_secret_basic" || text == "basic") return ClientAuthMethod::kClientSecretBasic;
  return std::nullopt;
}

std::optional<BodyFormat> parse_body_format(std::string_view text) {
  if (text == "json") return BodyFormat::kJson;
  if (text == "form") return BodyFormat::kForm;
  return std::nullopt;
}

namespace {

template <class T, class Parse>
void read_enum(const Config::EnvLookup& env, const char* name, Parse parse, T& out,
               const char* allowed) {
  if (auto v = env(name)) {
    auto parsed = parse(*v);
    if (!parsed) throw ConfigError(std::string(name) + " must be one of " + allowed);
    out = *parsed;
  }
}

template <class Duration>
void read_duration(const Config::EnvLookup& env, const char* name, Duration& out) {
  if (auto v = env(name)) {
    auto parsed = parse_duration(*v);
    if (!parsed) {
      throw ConfigError(std::string(name) + " must be a duration such as 300, 300s, 1500ms or 5m");
    }
    out = std::chrono::duration_cast<Duration>(*parsed);
  }
}

void read_string(const Config::EnvLookup& env, const char* name, std::string& out) {
  if (auto v = env(name)) out = *v;
}

}  // namespace

Config Config::from_env_partial(const EnvLookup& env) {
  Config c;
  read_string(env, "XFX_CLIENT_ID", c.client_id);
  read_string(env, "XFX_CLIENT_SECRET", c.client_secret);
  read_string(env, "XFX_AUTH_DOMAIN", c.auth_domain);
  read_string(env, "XFX_TOKEN_URL", c.token_url);
  read_string(env, "XFX_AUDIENCE", c.audience);
  read_string(env, "XFX_SCOPE", c.scope);
  read_string(env, "XFX_API_BASE_URL", c.api_base_url);
  read_string(env, "XFX_CA_FILE", c.ca_file);
  read_enum(env, "XFX_AUDIENCE_PARAM", parse_audience_parameter, c.audience_parameter,
            "audience, resource");
  read_enum(env, "XFX_AUTH_METHOD", parse_auth_method, c.auth_method,
            "client_secret_post, client_secret_basic");
  read_enum(env, "XFX_BODY_FORMAT", parse_body_format, c.body_format, "json, form");
  read_duration(env, "XFX_REFRESH_BUFFER", c.refresh_buffer);
  read_duration(env, "XFX_CONNECT_TIMEOUT", c.connect_timeout);
  read_duration(env, "XFX_TIMEOUT", c.total_timeout);
  if (auto v = env("XFX_BACKGROUND_REFRESH")) {
    if (*v == "1" || *v == "true") {
      c.background_refresh = true;
    } else if (*v == "0" || *v == "false") {
      c.background_refresh = false;
    } else {
      throw ConfigError("XFX_BACKGROUND_REFRESH must be true or false");
    }
  }
  return c;
}

Config Config::from_env(const EnvLookup& env) {
  Config c = from_env_partial(env);
  if (c.client_id.empty()) throw ConfigError("XFX_CLIENT_ID is not set");
  if (c.client_secret.empty()) throw ConfigError("XFX_CLIENT_SECRET is not set");
  c.validate();
  return c;
}

Config Config::from_env() {
  return from_env([](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  });
}

}  // namespace xfx::client
