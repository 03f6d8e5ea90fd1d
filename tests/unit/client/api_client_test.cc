#include "xfx/client/api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/fakes.h"
#include "xfx/client/auth_client.h"

namespace xfx::client {
namespace {

using testing::FakeTransport;
using testing::SendResult;
using testing::token_response;

HttpResponse api_response(int status, std::string body = "{}") {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (status == 401) r.headers = {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}};
  return r;
}

// One fake answers both the token endpoint and the API, counting each.
class ApiClientTest : public ::testing::Test {
 protected:
  ApiClientTest() {
    transport_->set_fallback([this](const HttpRequest& r) -> SendResult {
      if (r.url.ends_with("/oauth/token")) {
        return token_response("token-" + std::to_string(++tokens_issued_), 3600);
      }
      api_requests_.push_back(r);
      return api_status_ == 200 ? api_response(200, R"({"ok":true})") : api_response(api_status_);
    });
    Config config;
    config.client_id = "id";
    config.client_secret = "secret";
    config.token_url = "https://auth.example.test/oauth/token";
    config.background_refresh = false;
    AuthClientHooks hooks;
    hooks.transport = transport_;
    hooks.sleep = [](std::chrono::milliseconds) {};
    auth_ = std::make_shared<AuthClient>(config, std::move(hooks));
  }

  ApiClient api() { return ApiClient("https://api.example.test/", auth_, transport_); }

  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::shared_ptr<AuthClient> auth_;
  int tokens_issued_ = 0;
  int api_status_ = 200;
  std::vector<HttpRequest> api_requests_;
};

std::string header(const HttpRequest& r, std::string_view name) {
  HttpResponse h;
  h.headers = r.headers;
  return std::string(h.header(name).value_or(""));
}

TEST_F(ApiClientTest, AttachesTheBearerTokenAndReusesIt) {
  auto client = api();
  for (int i = 0; i < 5; ++i) {
    auto r = client.get("/v1/orders");
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"ok":true})");
  }
  ASSERT_EQ(api_requests_.size(), 5u);
  EXPECT_EQ(api_requests_[0].url, "https://api.example.test/v1/orders");
  EXPECT_EQ(header(api_requests_[0], "Authorization"), "Bearer token-1");
  EXPECT_EQ(tokens_issued_, 1);
}

TEST_F(ApiClientTest, SendsJsonBodiesWithEachVerb) {
  auto client = api();
  ASSERT_TRUE(client.post("orders", R"({"qty":1})"));
  ASSERT_TRUE(client.put("/orders/1", R"({"qty":2})"));
  ASSERT_TRUE(client.patch("/orders/1", R"({"qty":3})"));
  ASSERT_TRUE(client.del("/orders/1"));
  ASSERT_EQ(api_requests_.size(), 4u);
  EXPECT_EQ(api_requests_[0].method, "POST");
  EXPECT_EQ(api_requests_[0].url, "https://api.example.test/orders");
  EXPECT_EQ(api_requests_[0].body, R"({"qty":1})");
  EXPECT_EQ(header(api_requests_[0], "Content-Type"), "application/json");
  EXPECT_EQ(api_requests_[1].method, "PUT");
  EXPECT_EQ(api_requests_[2].method, "PATCH");
  EXPECT_EQ(api_requests_[3].method, "DELETE");
  EXPECT_EQ(api_requests_[3].body, "");
}

TEST_F(ApiClientTest, RetriesOnceAfterA401WithAFreshToken) {
  api_status_ = 401;
  auto client = api();
  auto r = client.get("/v1/orders");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);  // surfaced after exactly one retry
  ASSERT_EQ(api_requests_.size(), 2u);
  EXPECT_EQ(header(api_requests_[0], "Authorization"), "Bearer token-1");
  EXPECT_EQ(header(api_requests_[1], "Authorization"), "Bearer token-2");
  EXPECT_EQ(tokens_issued_, 2);
}

TEST_F(ApiClientTest, A401ThenSuccessReturnsTheSuccess) {
  int calls = 0;
  transport_->set_fallback([&](const HttpRequest& r) -> SendResult {
    if (r.url.ends_with("/oauth/token")) return token_response("t" + std::to_string(calls), 3600);
    return api_response(++calls == 1 ? 401 : 200);
  });
  auto client = api();
  auto r = client.get("/x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(calls, 2);
}

TEST_F(ApiClientTest, OtherErrorsAreNotRetried) {
  api_status_ = 403;
  auto client = api();
  auto r = client.get("/v1/orders");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(api_requests_.size(), 1u);
}

TEST_F(ApiClientTest, ATokenIsNeverSentToAnotherOrigin) {
  auto client = api();
  EXPECT_TRUE(client.resolve("https://api.example.test/v1/x"));
  EXPECT_TRUE(client.resolve("https://API.example.test:443/v1/x"));
  auto r = client.get("https://evil.example.test/steal");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ApiError::Kind::kBadUrl);
  EXPECT_FALSE(client.resolve("http://api.example.test/v1/x"));
  EXPECT_TRUE(api_requests_.empty());
  EXPECT_EQ(tokens_issued_, 0);
}

TEST_F(ApiClientTest, AuthFailuresAreTyped) {
  transport_->set_fallback([](const HttpRequest&) -> SendResult {
    return testing::oauth_error(401, "invalid_client", "Unauthorized");
  });
  auto client = api();
  auto r = client.get("/x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ApiError::Kind::kAuth);
  EXPECT_EQ(r.error().auth.error, "invalid_client");
}

TEST_F(ApiClientTest, RejectsAnInsecureBaseUrl) {
  EXPECT_THROW(ApiClient("http://api.example.test", auth_, transport_), ConfigError);
}

}  // namespace
}  // namespace xfx::client
