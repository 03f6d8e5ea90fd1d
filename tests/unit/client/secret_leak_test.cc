// The grep test: drive the client through success, refresh, every failure shape, and a server
// that echoes what it was sent, and prove that neither the secret nor a token appears in any log
// line, error message or exception text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/fakes.h"
#include "xfx/client/api_client.h"
#include "xfx/client/auth_client.h"

namespace xfx::client {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeTransport;
using testing::SendResult;

constexpr std::string_view kSecret = "SeCrEt-4f9a1c77e2b0";
constexpr std::string_view kToken = "eyJhbGciOiJSUzI1NiJ9.TOKEN-PAYLOAD-91ab.SIG";

class SecretLeakTest : public ::testing::Test {
 protected:
  void check(std::string_view what, const std::string& text) {
    ++checked_;
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr(std::string(kSecret)))) << what;
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr(std::string(kToken)))) << what;
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("TOKEN-PAYLOAD"))) << what;
    // The Basic credential, base64("client-id:" + kSecret).
    EXPECT_THAT(text,
                ::testing::Not(::testing::HasSubstr("Y2xpZW50LWlkOlNlQ3JFdC00ZjlhMWM3N2UyYjA")))
        << what;
  }
  int checked_ = 0;
};

// A server and a transport that repeat back whatever they were sent: the request body (which
// holds the secret under client_secret_post) and the Authorization header (the Basic credential,
// or the bearer token on API calls).
std::string echo_of(const HttpRequest& r) {
  std::string echo = r.body;
  for (const auto& [name, value] : r.headers) echo += " " + name + ": " + value;
  return echo;
}

std::string json_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

TEST_F(SecretLeakTest, NoSecretOrTokenInLogsOrErrors) {
  auto transport = std::make_shared<FakeTransport>();
  FakeClock clock;
  std::vector<std::string> logs;
  std::mutex mu;
  int n = 0;
  transport->set_fallback([&](const HttpRequest& r) -> SendResult {
    const std::string echo = echo_of(r) + " " + std::string(kToken);
    const bool token_endpoint = r.url.ends_with("/oauth/token");
    switch (n++ % 8) {
      case 0:
        if (token_endpoint) return testing::token_response(std::string(kToken), 600);
        return HttpResponse{401, {}, echo};
      case 1:
        return testing::oauth_error(503, "temporarily_unavailable", json_escaped(echo), 1);
      case 2:
        return testing::oauth_error(401, "invalid_client", json_escaped(echo));
      case 3:
        return testing::transport_error(TransportErrorKind::kConnect, "refused: " + echo);
      case 4:
        return testing::transport_error(TransportErrorKind::kTls, "cert: " + echo);
      case 5:
        return HttpResponse{500, {}, "<pre>" + echo + "</pre>"};
      case 6:
        return HttpResponse{200, {}, R"({"access_token":")" + std::string(kToken) + R"("})"};
      default:
        return HttpResponse{200, {}, "not json " + echo};
    }
  });

  for (int variant = 0; variant < 4; ++variant) {
    Config config;
    config.client_id = "client-id";
    config.client_secret = std::string(kSecret);
    config.token_url = "https://auth.example.test/oauth/token";
    config.background_refresh = variant % 2 == 1;
    config.auth_method =
        variant >= 2 ? ClientAuthMethod::kClientSecretBasic : ClientAuthMethod::kClientSecretPost;
    config.body_format = variant == 3 ? BodyFormat::kForm : BodyFormat::kJson;
    config.retry.max_attempts = 2;
    AuthClientHooks hooks;
    hooks.transport = transport;
    hooks.now = [&] { return clock.now(); };
    hooks.sleep = [](std::chrono::milliseconds) {};
    hooks.log = [&](LogLevel, std::string_view line) {
      std::lock_guard lock(mu);
      logs.emplace_back(line);
    };
    auto auth = std::make_shared<AuthClient>(config, std::move(hooks));
    ApiClient api("https://api.example.test", auth, transport);
    for (int i = 0; i < 24; ++i) {
      auto token = auth->access_token();
      if (!token) {
        check("AuthError::message", token.error().message());
        check("error_description", token.error().error_description);
        check("detail", token.error().detail);
      }
      auto response = api.get("/x");
      if (!response) check("ApiError::message", response.error().message());
      clock.advance(200s);
    }
  }
  std::lock_guard lock(mu);
  for (const auto& line : logs) check("log line", line);
  EXPECT_GT(logs.size(), 10u);
  EXPECT_GT(checked_, 50);
}

TEST_F(SecretLeakTest, ConfigErrorsNameSettingsNotSecrets) {
  Config config;
  config.client_id = "id";
  config.client_secret = std::string(kSecret);
  config.token_url = "http://remote.example.test/oauth/token";
  try {
    config.validate();
    FAIL();
  } catch (const ConfigError& e) {
    check("ConfigError::what", e.what());
  }
}

}  // namespace
}  // namespace xfx::client
