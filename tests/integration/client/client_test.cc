// Issue 3's acceptance against a real xfx-authd on loopback: the SDK's single flight, refresh
// before expiry, per-audience tokens and protocol variants, and the xfx CLI's file cache.
#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "integration/support/authd_harness.h"
#include "xfx/client/auth_client.h"
#include "xfx/jose/base64url.h"

namespace xfx::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr char kAudience[] = "https://api.xfx.io/trading";
constexpr char kOther[] = "https://other.example/";
constexpr char kShort[] = "https://short.example/";

boost::json::object claims_of(std::string_view token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a + 1);
  auto payload = jose::base64url_decode(token.substr(a + 1, b - a - 1));
  EXPECT_TRUE(payload);
  return boost::json::parse(payload.value_or("{}")).as_object();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class ClientIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new AuthdHarness();
    harness_->create_api(kAudience, "read:orders write:orders");
    harness_->create_api(kOther, "read");
    harness_->create_api(kShort, "", {"--token-lifetime", "60"});
    creds_ = harness_->create_client("sdk integration");
    harness_->grant(creds_.client_id, kAudience, "read:orders write:orders");
    harness_->grant(creds_.client_id, kOther, "read");
    harness_->grant(creds_.client_id, kShort);
    harness_->start();
  }
  static void TearDownTestSuite() {
    const int code = harness_->stop();
    EXPECT_EQ(code, 0) << harness_->process().stderr_text();
    delete harness_;
  }

  client::Config config(const std::string& audience = kAudience) const {
    client::Config c;
    c.client_id = creds_.client_id;
    c.client_secret = creds_.client_secret;
    c.token_url = harness_->base_url() + "/oauth/token";
    c.audience = audience;
    return c;
  }

  // The access log is written as requests finish: wait for it to settle.
  static std::size_t token_requests_settled() {
    std::size_t last = harness_->requests_logged("/oauth/token");
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(50ms);
      const std::size_t now = harness_->requests_logged("/oauth/token");
      if (now == last) return now;
      last = now;
    }
    return last;
  }

  static AuthdHarness* harness_;
  static Credentials creds_;
};

AuthdHarness* ClientIntegrationTest::harness_ = nullptr;
Credentials ClientIntegrationTest::creds_;

TEST_F(ClientIntegrationTest, AThousandCallsFromSixteenThreadsMakeOneTokenRequest) {
  const auto before = token_requests_settled();
  client::AuthClient auth(config());
  std::atomic<int> remaining{1000};
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> seen;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      while (remaining.fetch_sub(1) > 0) {
        auto token = auth.access_token();
        if (!token) {
          ADD_FAILURE() << token.error().message();
          continue;
        }
        ++ok;
        std::lock_guard lock(mu);
        seen.insert(std::string(token->value()));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1000);
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(token_requests_settled() - before, 1u);
  const auto claims = claims_of(*seen.begin());
  EXPECT_EQ(claims.at("aud"), kAudience);
  EXPECT_EQ(claims.at("azp").as_string(), creds_.client_id);
}

TEST_F(ClientIntegrationTest, ASecondAudienceGetsItsOwnToken) {
  const auto before = token_requests_settled();
  client::AuthClient auth(config());
  auto first = auth.access_token();
  auto other = auth.access_token(kOther, "");
  auto again = auth.access_token(kOther, "");
  ASSERT_TRUE(first && other && again);
  EXPECT_NE(first->value(), other->value());
  EXPECT_TRUE(other->same_as(*again));
  EXPECT_EQ(claims_of(other->value()).at("aud"), kOther);
  EXPECT_EQ(token_requests_settled() - before, 2u);
}

TEST_F(ClientIntegrationTest, EveryProtocolVariantGetsAToken) {
  for (auto method : {client::ClientAuthMethod::kClientSecretPost,
                      client::ClientAuthMethod::kClientSecretBasic}) {
    for (auto format : {client::BodyFormat::kJson, client::BodyFormat::kForm}) {
      for (auto param :
           {client::AudienceParameter::kAudience, client::AudienceParameter::kResource}) {
        auto c = config();
        c.auth_method = method;
        c.body_format = format;
        c.audience_parameter = param;
        c.scope = "read:orders";
        client::AuthClient auth(c);
        auto token = auth.access_token();
        ASSERT_TRUE(token) << token.error().message();
        EXPECT_EQ(token->scope(), "read:orders");
      }
    }
  }
}

TEST_F(ClientIntegrationTest, OAuthErrorsAreTypedAndNotRetried) {
  const auto before = token_requests_settled();
  auto c = config();
  c.client_secret = "wrong-" + creds_.client_secret;
  client::AuthClient auth(c);
  auto token = auth.access_token();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().kind, client::AuthErrorKind::kOAuth);
  EXPECT_EQ(token.error().http_status, 401);
  EXPECT_EQ(token.error().error, "invalid_client");
  EXPECT_THAT(token.error().message(), ::testing::Not(::testing::HasSubstr(c.client_secret)));
  EXPECT_EQ(token_requests_settled() - before, 1u);

  client::AuthClient unknown_api(config("https://not-registered.example/"));
  auto denied = unknown_api.access_token();
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().http_status, 403);
  EXPECT_EQ(denied.error().error, "access_denied");
}

// 60 s tokens (the server's minimum): the buffer is clamped to 30 s, so the client must refresh
// once within ~35 s, and at no point hand out a token the server already considers expired.
TEST_F(ClientIntegrationTest, ShortLivedTokensAreRefreshedBeforeExpiry) {
  const auto before = token_requests_settled();
  auto c = config(kShort);
  c.background_refresh = true;
  client::AuthClient auth(c);
  std::set<std::string> tokens;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 36s) {
    auto token = auth.access_token();
    ASSERT_TRUE(token) << token.error().message();
    const auto exp = claims_of(token->value()).at("exp").to_number<std::int64_t>();
    ASSERT_GT(exp, unix_now()) << "an expired token was handed out";
    tokens.insert(std::string(token->value()));
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(tokens.size(), 2u);
  EXPECT_EQ(token_requests_settled() - before, 2u);
}

// The CLI, as a user runs it.
class CliIntegrationTest : public ClientIntegrationTest {
 protected:
  void SetUp() override {
    cache_ = fs::temp_directory_path() / ("xfx-cli-it-" + std::to_string(::getpid()));
    fs::remove_all(cache_);
  }
  void TearDown() override { fs::remove_all(cache_); }

  CommandResult xfx(std::vector<std::string> args, const std::string& secret = "") {
    args.insert(args.begin(), XFX_CLI_BIN);
    return run_command(args, {{"XDG_CACHE_HOME", cache_.string()},
                              {"XFX_CLIENT_ID", creds_.client_id},
                              {"XFX_CLIENT_SECRET", secret.empty() ? creds_.client_secret : secret},
                              {"XFX_TOKEN_URL", harness_->base_url() + "/oauth/token"},
                              {"XFX_AUDIENCE", kAudience}});
  }

  fs::path cache_;
};

TEST_F(CliIntegrationTest, TokenTwiceMakesOneRequestWithA0600CacheFile) {
  const auto before = token_requests_settled();
  const auto first = xfx({"token"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second = xfx({"token"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_EQ(token_requests_settled() - before, 1u);
  EXPECT_EQ(claims_of(first.out.substr(0, first.out.size() - 1)).at("aud"), kAudience);

  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(cache_ / "xfx")) {
    struct stat st {};
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST_F(CliIntegrationTest, AWrongSecretIsOneLineWithoutTheSecret) {
  const std::string wrong = "wrong-" + creds_.client_secret;
  const auto r = xfx({"token", "--verbose"}, wrong);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::HasSubstr("invalid_client"));
  EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr(wrong)));
  EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr(creds_.client_secret)));
  EXPECT_EQ(r.out, "");
}

TEST_F(CliIntegrationTest, DecodeShowsTheServersClaimsUnverified) {
  const auto token = xfx({"token", "--no-cache"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const auto r = xfx({"decode", token.out.substr(0, token.out.size() - 1)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith("UNVERIFIED"));
  EXPECT_THAT(r.out, ::testing::HasSubstr(R"("gty": "client-credentials")"));
}

}  // namespace
}  // namespace xfx::testing
