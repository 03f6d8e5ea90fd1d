#include <cstdlib>
#include <iostream>

#include "command.h"

namespace xfx::cli {

namespace {

// name, environment variable it overrides, help.
struct FlagSpec {
  const char* name;
  const char* env;
  const char* help;
};

constexpr FlagSpec kFlags[] = {
    {"--client-id", "XFX_CLIENT_ID", "client id"},
    {"--auth-domain", "XFX_AUTH_DOMAIN", "auth domain; token URL https://DOMAIN/oauth/token"},
    {"--token-url", "XFX_TOKEN_URL", "token endpoint URL (instead of the domain)"},
    {"--audience", "XFX_AUDIENCE", "API identifier the token is for"},
    {"--scope", "XFX_SCOPE", "space-separated scopes"},
    {"--api-base-url", "XFX_API_BASE_URL", "base URL for `xfx call` paths"},
    {"--ca-file", "XFX_CA_FILE", "CA bundle for TLS verification"},
    {"--audience-param", "XFX_AUDIENCE_PARAM", "audience | resource"},
    {"--auth-method", "XFX_AUTH_METHOD", "client_secret_post | client_secret_basic"},
    {"--body-format", "XFX_BODY_FORMAT", "json | form"},
    {"--refresh-buffer", "XFX_REFRESH_BUFFER", "refresh this long before expiry (300s)"},
    {"--connect-timeout", "XFX_CONNECT_TIMEOUT", "connect timeout (5s)"},
    {"--timeout", "XFX_TIMEOUT", "total request timeout (30s)"},
};

}  // namespace

Context::Context(CLI::App& app) {
  for (const auto& spec : kFlags) {
    auto flag = std::make_unique<Flag>();
    flag->name = spec.env;
    flag->option =
        app.add_option(spec.name, flag->value, std::string(spec.help) + " [env " + spec.env + "]");
    flag->option->group("Settings");
    flags_.push_back(std::move(flag));
  }
  app.add_flag("-v,--verbose", verbose_, "log retries and refreshes to stderr");
}

client::Config Context::config() const {
  // Flags are applied as if they were the environment variables they name, so both go through
  // one parser and one set of error messages.
  auto lookup = [this](std::string_view name) -> std::optional<std::string> {
    for (const auto& flag : flags_) {
      if (flag->option->count() > 0 && name == flag->name) return flag->value;
    }
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
  auto config = client::Config::from_env(lookup);
  config.background_refresh = false;  // a CLI run is over before a background refresh would pay
  return config;
}

std::shared_ptr<client::AuthClient> Context::auth_client(const client::Config& config) const {
  client::AuthClientHooks hooks;
  if (verbose_) {
    hooks.log = [](client::LogLevel, std::string_view line) {
      std::cerr << "xfx: " << line << "\n";
    };
  }
  return std::make_shared<client::AuthClient>(config, std::move(hooks));
}

}  // namespace xfx::cli
