#include "xfx/client/auth_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "client/fakes.h"

namespace xfx::client {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeTransport;
using testing::oauth_error;
using testing::token_response;
using testing::transport_error;

class AuthClientTest : public ::testing::Test {
 protected:
  AuthClientTest() {
    config_.client_id = "client-1";
    config_.client_secret = "very-secret";
    config_.token_url = "https://auth.example.test/oauth/token";
    config_.background_refresh = false;
  }

  std::unique_ptr<AuthClient> make() {
    AuthClientHooks hooks;
    hooks.transport = transport_;
    hooks.now = [this] { return clock_.now(); };
    hooks.sleep = [this](std::chrono::milliseconds d) {
      std::lock_guard lock(mu_);
      sleeps_.push_back(d);
    };
    hooks.random = [] { return 0.5; };
    hooks.log = [this](LogLevel, std::string_view line) {
      std::lock_guard lock(mu_);
      logs_.emplace_back(line);
    };
    return std::make_unique<AuthClient>(config_, std::move(hooks));
  }

  std::vector<std::chrono::milliseconds> sleeps() {
    std::lock_guard lock(mu_);
    return sleeps_;
  }

  Config config_;
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  FakeClock clock_;
  std::mutex mu_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::vector<std::string> logs_;
};

TEST_F(AuthClientTest, ReusesTheTokenUntilTheRefreshBuffer) {
  transport_->push(token_response("t1", 3600));
  transport_->push(token_response("t2", 3600));
  auto client = make();

  auto first = client->access_token();
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->value(), "t1");
  EXPECT_EQ(first->expires_in(), 3600s);
  clock_.advance(3600s - 300s - 1ms);
  EXPECT_EQ(client->access_token()->value(), "t1");
  EXPECT_EQ(transport_->calls(), 1);

  clock_.advance(1ms);  // refresh window opens: the first caller refreshes inline
  EXPECT_EQ(client->access_token()->value(), "t2");
  EXPECT_EQ(transport_->calls(), 2);
}

TEST_F(AuthClientTest, ShortLivedTokenBufferIsClampedToHalfItsLifetime) {
  transport_->push(token_response("short", 60));
  transport_->push(token_response("next", 60));
  auto client = make();
  ASSERT_EQ(client->access_token()->value(), "short");
  clock_.advance(29s);
  EXPECT_EQ(client->access_token()->value(), "short");  // reused, not refetched every call
  EXPECT_EQ(transport_->calls(), 1);
  clock_.advance(1s);
  EXPECT_EQ(client->access_token()->value(), "next");
}

TEST_F(AuthClientTest, SendsTheSpecsRequest) {
  transport_->push(token_response("t", 86400));
  auto client = make();
  ASSERT_TRUE(client->access_token());
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].url, "https://auth.example.test/oauth/token");
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr(R"("grant_type":"client_credentials")"));
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr(R"("audience":"https://api.xfx.io/trading")"));
}

TEST_F(AuthClientTest, SingleFlightUnderContention) {
  transport_->set_fallback([](const HttpRequest&) { return token_response("shared", 3600); });
  transport_->close_gate();
  auto client = make();

  constexpr int kThreads = 16;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) {
        auto t = client->access_token();
        if (t && t->value() == "shared") ++ok;
      }
    });
  }
  ASSERT_TRUE(transport_->wait_for_calls(1));
  std::this_thread::sleep_for(50ms);  // let every thread pile up behind the one request
  transport_->open_gate();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * 1000);
  EXPECT_EQ(transport_->calls(), 1);
}

TEST_F(AuthClientTest, RetriesTransportFailuresWithExponentialBackoffAndJitter) {
  transport_->push(transport_error(TransportErrorKind::kConnect));
  transport_->push(transport_error(TransportErrorKind::kTimeout));
  transport_->push(oauth_error(503, "temporarily_unavailable", "store down"));
  transport_->push(token_response("finally", 3600));
  auto client = make();
  auto token = client->access_token();
  ASSERT_TRUE(token) << token.error().message();
  EXPECT_EQ(token->value(), "finally");
  EXPECT_EQ(transport_->calls(), 4);
  // random() = 0.5: half of 200, 400, 800 ms.
  EXPECT_THAT(sleeps(), ::testing::ElementsAre(100ms, 200ms, 400ms));
}

TEST_F(AuthClientTest, HonoursRetryAfter) {
  transport_->push(oauth_error(429, "too_many_requests", "slow down", 7));
  transport_->push(token_response("t", 3600));
  auto client = make();
  ASSERT_TRUE(client->access_token());
  EXPECT_THAT(sleeps(), ::testing::ElementsAre(7000ms));
}

TEST_F(AuthClientTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  transport_->set_fallback(
      [](const HttpRequest&) { return oauth_error(503, "temporarily_unavailable", "down", 1); });
  auto client = make();
  auto token = client->access_token();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().kind, AuthErrorKind::kOAuth);
  EXPECT_EQ(token.error().http_status, 503);
  EXPECT_EQ(token.error().error, "temporarily_unavailable");
  EXPECT_EQ(token.error().attempts, 4);
  EXPECT_EQ(transport_->calls(), 4);
}

TEST_F(AuthClientTest, DoesNotWaitOutAnAbsurdRetryAfter) {
  transport_->push(oauth_error(429, "too_many_requests", "come back tomorrow", 3600));
  auto client = make();
  auto token = client->access_token();
  ASSERT_FALSE(token);
  EXPECT_EQ(transport_->calls(), 1);
  EXPECT_TRUE(sleeps().empty());
  ASSERT_TRUE(token.error().retry_after);
  EXPECT_EQ(*token.error().retry_after, 3600s);
}

TEST_F(AuthClientTest, DoesNotRetryOAuthClientErrors) {
  for (auto [status, code] :
       std::vector<std::pair<int, std::string>>{{401, "invalid_client"},
                                                {403, "access_denied"},
                                                {400, "invalid_scope"},
                                                {400, "unsupported_grant_type"}}) {
    transport_ = std::make_shared<FakeTransport>();
    transport_->push(oauth_error(status, code, "nope"));
    auto client = make();
    auto token = client->access_token();
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().kind, AuthErrorKind::kOAuth);
    EXPECT_EQ(token.error().error, code);
    EXPECT_EQ(token.error().http_status, status);
    EXPECT_EQ(token.error().error_description, "nope");
    EXPECT_FALSE(token.error().retryable());
    EXPECT_EQ(transport_->calls(), 1) << code;
  }
  EXPECT_TRUE(sleeps().empty());
}

TEST_F(AuthClientTest, DoesNotRetryTlsFailures) {
  transport_->push(transport_error(TransportErrorKind::kTls, "certificate verify failed"));
  auto client = make();
  auto token = client->access_token();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().kind, AuthErrorKind::kTransport);
  EXPECT_EQ(token.error().transport, TransportErrorKind::kTls);
  EXPECT_EQ(transport_->calls(), 1);
}

TEST_F(AuthClientTest, ServesTheStaleButValidTokenWhileTheServerFails) {
  config_.retry.max_attempts = 2;
  transport_->push(token_response("good", 3600));
  transport_->set_fallback(
      [](const HttpRequest&) { return oauth_error(500, "server_error", "x"); });
  auto client = make();
  ASSERT_EQ(client->access_token()->value(), "good");

  clock_.advance(3400s);  // inside the refresh window, 200 s of validity left
  for (int i = 0; i < 100; ++i) {
    auto token = client->access_token();
    ASSERT_TRUE(token) << token.error().message();
    EXPECT_EQ(token->value(), "good");
    clock_.advance(100ms);
  }
  // Over those 10 s, fetches at 0, 0.8, 2.3 and 5.3 s (spacing 0.75, 1.5, 3, 6 s), 2 attempts
  // each: not 100 fetches.
  EXPECT_EQ(transport_->calls(), 1 + 4 * 2);
}

TEST_F(AuthClientTest, FailingRefreshesAreSpacedOut) {
  config_.retry.max_attempts = 1;
  transport_->set_fallback([](const HttpRequest&) { return oauth_error(502, "bad", "gateway"); });
  auto client = make();
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(client->access_token());
  }
  EXPECT_EQ(transport_->calls(), 1);  // the failure is shared until the next slot
  clock_.advance(1s);                 // initial spacing 1 s, jitter 0.5: 750 ms
  EXPECT_FALSE(client->access_token());
  EXPECT_EQ(transport_->calls(), 2);
  clock_.advance(1s);  // second failure: 2 s cap, 1.5 s spacing
  EXPECT_FALSE(client->access_token());
  EXPECT_EQ(transport_->calls(), 2);
  clock_.advance(1s);
  EXPECT_FALSE(client->access_token());
  EXPECT_EQ(transport_->calls(), 3);
}

TEST_F(AuthClientTest, SpacingHonoursRetryAfterAcrossFetches) {
  config_.retry.max_attempts = 1;
  transport_->push(oauth_error(503, "temporarily_unavailable", "later", 20));
  transport_->push(token_response("t", 3600));
  auto client = make();
  EXPECT_FALSE(client->access_token());
  clock_.advance(19s);
  EXPECT_FALSE(client->access_token());
  EXPECT_EQ(transport_->calls(), 1);
  clock_.advance(1s);
  EXPECT_TRUE(client->access_token());
}

TEST_F(AuthClientTest, NeverHandsOutAnExpiredToken) {
  config_.retry.max_attempts = 1;
  transport_->push(token_response("brief", 100));
  transport_->set_fallback(
      [](const HttpRequest&) { return transport_error(TransportErrorKind::kConnect); });
  auto client = make();
  ASSERT_TRUE(client->access_token());
  // Step through the whole lifetime: every token handed out has time left on it.
  for (int i = 0; i < 200; ++i) {
    clock_.advance(1s);
    auto token = client->access_token();
    if (token) {
      EXPECT_LT(clock_.now(), token->expires_at()) << "at +" << i + 1 << " s";
      EXPECT_EQ(token->value(), "brief");
    } else {
      EXPECT_GE(i + 1, 90) << "the last 10 s are not handed out, but nothing earlier is refused";
    }
  }
}

TEST_F(AuthClientTest, WaitersShareOneFailure) {
  config_.retry.max_attempts = 1;
  transport_->set_fallback(
      [](const HttpRequest&) { return oauth_error(401, "invalid_client", "bad"); });
  transport_->close_gate();
  auto client = make();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (!client->access_token()) ++failures;
    });
  }
  ASSERT_TRUE(transport_->wait_for_calls(1));
  std::this_thread::sleep_for(50ms);
  transport_->open_gate();
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 8);
  EXPECT_EQ(transport_->calls(), 1);
}

TEST_F(AuthClientTest, BackgroundRefreshReturnsTheCurrentTokenAtOnce) {
  config_.background_refresh = true;
  transport_->push(token_response("old", 3600));
  transport_->push(token_response("new", 3600));
  auto client = make();
  ASSERT_EQ(client->access_token()->value(), "old");

  clock_.advance(3400s);
  transport_->close_gate();  // the refresh hangs on the network...
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(client->access_token()->value(), "old");  // ...and nobody waits for it
  }
  ASSERT_TRUE(transport_->wait_for_calls(2));
  transport_->open_gate();
  for (int i = 0; i < 500 && client->access_token()->value() != "new"; ++i) {
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_EQ(client->access_token()->value(), "new");
  EXPECT_EQ(transport_->calls(), 2);
}

TEST_F(AuthClientTest, DestructorStopsABackgroundRefreshThatIsBackingOff) {
  config_.background_refresh = true;
  transport_->push(token_response("old", 3600));
  transport_->set_fallback(
      [](const HttpRequest&) { return oauth_error(503, "temporarily_unavailable", "x", 25); });
  AuthClientHooks hooks;
  hooks.transport = transport_;
  hooks.now = [this] { return clock_.now(); };  // real, interruptible sleep
  auto client = std::make_unique<AuthClient>(config_, std::move(hooks));
  ASSERT_TRUE(client->access_token());
  clock_.advance(3400s);
  ASSERT_TRUE(client->access_token());
  ASSERT_TRUE(transport_->wait_for_calls(2));
  const auto start = std::chrono::steady_clock::now();
  client.reset();  // would wait 25 s if the sleep were not interrupted
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(AuthClientTest, EachAudienceAndScopeHasItsOwnToken) {
  transport_->set_fallback([](const HttpRequest& r) {
    if (r.body.find("https://api.other.test") != std::string::npos) {
      return testing::SendResult(token_response("other", 3600));
    }
    return testing::SendResult(token_response("default", 3600));
  });
  auto client = make();
  EXPECT_EQ(client->access_token()->value(), "default");
  EXPECT_EQ(client->access_token("https://api.other.test", "")->value(), "other");
  EXPECT_EQ(client->access_token("https://api.other.test", "read")->value(), "other");
  EXPECT_EQ(client->access_token()->value(), "default");
  EXPECT_EQ(client->access_token("https://api.other.test", "")->value(), "other");
  EXPECT_EQ(transport_->calls(), 3);
  EXPECT_THAT(transport_->requests()[2].body, ::testing::HasSubstr(R"("scope":"read")"));
}

TEST_F(AuthClientTest, InvalidateDropsOnlyTheRejectedToken) {
  transport_->push(token_response("t1", 3600));
  transport_->push(token_response("t2", 3600));
  auto client = make();
  auto t1 = *client->access_token();
  client->invalidate(t1);
  auto t2 = *client->access_token();
  EXPECT_EQ(t2.value(), "t2");
  client->invalidate(t1);  // a late 401 for the old token must not throw away the new one
  EXPECT_TRUE(client->access_token()->same_as(t2));
  EXPECT_EQ(transport_->calls(), 2);
}

TEST_F(AuthClientTest, ZeroLifetimeTokensAreUsedOnceButNotCached) {
  transport_->push(token_response("once", 0));
  transport_->push(token_response("twice", 0));
  auto client = make();
  EXPECT_EQ(client->access_token()->value(), "once");
  EXPECT_EQ(client->access_token()->value(), "twice");
}

TEST_F(AuthClientTest, RejectsAnInsecureTokenUrl) {
  config_.token_url = "http://auth.example.test/oauth/token";
  EXPECT_THROW(make(), ConfigError);
  config_.token_url = "http://127.0.0.1:8080/oauth/token";
  EXPECT_NO_THROW(make());
}

}  // namespace
}  // namespace xfx::client
