#include "xfx/client/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace xfx::client {
namespace {

using namespace std::chrono_literals;

Config::EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsAreTheSpecs) {
  const auto c = Config::from_env(env({{"XFX_CLIENT_ID", "id"}, {"XFX_CLIENT_SECRET", "s"}}));
  EXPECT_EQ(c.resolved_token_url(), "https://dev-er8o7vv4aka08m70.us.auth0.com/oauth/token");
  EXPECT_EQ(c.audience, "https://api.xfx.io/trading");
  EXPECT_EQ(c.refresh_buffer, 300s);
  EXPECT_EQ(c.auth_method, ClientAuthMethod::kClientSecretPost);
  EXPECT_EQ(c.body_format, BodyFormat::kJson);
  EXPECT_EQ(c.audience_parameter, AudienceParameter::kAudience);
}

TEST(Config, MissingRequiredVariablesAreNamed) {
  EXPECT_EQ(error_of([] {
              Config::from_env(env({{"XFX_CLIENT_SECRET", "s"}}));
            }),
            "XFX_CLIENT_ID is not set");
  EXPECT_EQ(error_of([] {
              Config::from_env(env({{"XFX_CLIENT_ID", "i"}}));
            }),
            "XFX_CLIENT_SECRET is not set");
}

TEST(Config, ReadsEverySetting) {
  const auto c = Config::from_env(env({{"XFX_CLIENT_ID", "id"},
                                       {"XFX_CLIENT_SECRET", "s"},
                                       {"XFX_AUTH_DOMAIN", "auth.example.test"},
                                       {"XFX_AUDIENCE", "https://api/x"},
                                       {"XFX_SCOPE", "read write"},
                                       {"XFX_API_BASE_URL", "https://api.example.test"},
                                       {"XFX_CA_FILE", "/etc/ca.pem"},
                                       {"XFX_AUDIENCE_PARAM", "resource"},
                                       {"XFX_AUTH_METHOD", "client_secret_basic"},
                                       {"XFX_BODY_FORMAT", "form"},
                                       {"XFX_REFRESH_BUFFER", "2m"},
                                       {"XFX_CONNECT_TIMEOUT", "1500ms"},
                                       {"XFX_TIMEOUT", "10"},
                                       {"XFX_BACKGROUND_REFRESH", "false"}}));
  EXPECT_EQ(c.resolved_token_url(), "https://auth.example.test/oauth/token");
  EXPECT_EQ(c.audience, "https://api/x");
  EXPECT_EQ(c.scope, "read write");
  EXPECT_EQ(c.api_base_url, "https://api.example.test");
  EXPECT_EQ(c.ca_file, "/etc/ca.pem");
  EXPECT_EQ(c.audience_parameter, AudienceParameter::kResource);
  EXPECT_EQ(c.auth_method, ClientAuthMethod::kClientSecretBasic);
  EXPECT_EQ(c.body_format, BodyFormat::kForm);
  EXPECT_EQ(c.refresh_buffer, 120s);
  EXPECT_EQ(c.connect_timeout, 1500ms);
  EXPECT_EQ(c.total_timeout, 10s);
  EXPECT_FALSE(c.background_refresh);
}

TEST(Config, TokenUrlWinsOverDomain) {
  const auto c = Config::from_env(env({{"XFX_CLIENT_ID", "id"},
                                       {"XFX_CLIENT_SECRET", "s"},
                                       {"XFX_AUTH_DOMAIN", "ignored.test"},
                                       {"XFX_TOKEN_URL", "http://127.0.0.1:9000/oauth/token"}}));
  EXPECT_EQ(c.resolved_token_url(), "http://127.0.0.1:9000/oauth/token");
}

TEST(Config, DomainMayCarryAScheme) {
  Config c;
  c.auth_domain = "http://localhost:8080/";
  EXPECT_EQ(c.resolved_token_url(), "http://localhost:8080/oauth/token");
}

TEST(Config, MalformedValuesNameTheVariableNotTheValue) {
  const auto e = error_of([] {
    Config::from_env(
        env({{"XFX_CLIENT_ID", "i"}, {"XFX_CLIENT_SECRET", "s"}, {"XFX_TIMEOUT", "soon"}}));
  });
  EXPECT_THAT(e, ::testing::StartsWith("XFX_TIMEOUT must be a duration"));
  EXPECT_THAT(
      error_of([] {
        Config::from_env(
            env({{"XFX_CLIENT_ID", "i"}, {"XFX_CLIENT_SECRET", "s"}, {"XFX_AUTH_METHOD", "x"}}));
      }),
      ::testing::StartsWith("XFX_AUTH_METHOD must be one of"));
}

TEST(Config, PlainHttpOnlyToLoopback) {
  EXPECT_TRUE(is_secure_or_loopback_url("https://auth.example.test/oauth/token"));
  EXPECT_TRUE(is_secure_or_loopback_url("http://127.0.0.1:8080/oauth/token"));
  EXPECT_TRUE(is_secure_or_loopback_url("http://127.1.2.3/x"));
  EXPECT_TRUE(is_secure_or_loopback_url("http://[::1]:80/x"));
  EXPECT_TRUE(is_secure_or_loopback_url("http://localhost/x"));
  EXPECT_FALSE(is_secure_or_loopback_url("http://auth.example.test/oauth/token"));
  EXPECT_FALSE(is_secure_or_loopback_url("http://127.evil.test/x"));
  EXPECT_FALSE(is_secure_or_loopback_url("ftp://127.0.0.1/x"));
  EXPECT_FALSE(is_secure_or_loopback_url("not a url"));
  Config c;
  c.client_id = "i";
  c.client_secret = "topsecret";
  c.token_url = "http://auth.example.test/oauth/token";
  const auto e = error_of([&] { c.validate(); });
  EXPECT_THAT(e, ::testing::HasSubstr("must be https"));
  EXPECT_THAT(e, ::testing::Not(::testing::HasSubstr("topsecret")));
}

TEST(Duration, Parses) {
  EXPECT_EQ(parse_duration("300"), 300s);
  EXPECT_EQ(parse_duration("300s"), 300s);
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("5m"), 300s);
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("-1"));
  EXPECT_FALSE(parse_duration("5h"));
  EXPECT_FALSE(parse_duration("s"));
}

}  // namespace
}  // namespace xfx::client
