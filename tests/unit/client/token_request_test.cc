#include "client/token_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "client/fakes.h"

namespace xfx::client::detail {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

Config base_config() {
  Config c;
  c.client_id = "id:with/odd&chars";
  c.client_secret = "s3cr3t+/=";
  return c;
}

TEST(TokenRequest, JsonClientSecretPostAsInTheSpec) {
  const auto r =
      build_token_request(base_config(), "https://a/oauth/token", "https://api.xfx.io/trading", "");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://a/oauth/token");
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("grant_type"), "client_credentials");
  EXPECT_EQ(body.at("client_id"), "id:with/odd&chars");
  EXPECT_EQ(body.at("client_secret"), "s3cr3t+/=");
  EXPECT_EQ(body.at("audience"), "https://api.xfx.io/trading");
  EXPECT_FALSE(body.contains("scope"));
  HttpResponse headers_only;
  headers_only.headers = r.headers;
  EXPECT_EQ(headers_only.header("content-type"), "application/json");
  EXPECT_FALSE(headers_only.header("Authorization"));
}

TEST(TokenRequest, FormBodyWithResourceAndScope) {
  Config c = base_config();
  c.body_format = BodyFormat::kForm;
  c.audience_parameter = AudienceParameter::kResource;
  const auto r = build_token_request(c, "https://a/oauth/token", "https://api/x", "read write");
  EXPECT_EQ(r.body,
            "grant_type=client_credentials&client_id=id%3Awith%2Fodd%26chars&client_secret="
            "s3cr3t%2B%2F%3D&resource=https%3A%2F%2Fapi%2Fx&scope=read+write");
  HttpResponse h;
  h.headers = r.headers;
  EXPECT_EQ(h.header("Content-Type"), "application/x-www-form-urlencoded");
}

TEST(TokenRequest, ClientSecretBasicEncodesEachPartFirst) {
  Config c = base_config();
  c.auth_method = ClientAuthMethod::kClientSecretBasic;
  c.body_format = BodyFormat::kForm;
  const auto r = build_token_request(c, "https://a/oauth/token", "aud", "");
  EXPECT_THAT(r.body, Not(HasSubstr("client_secret")));
  EXPECT_THAT(r.body, Not(HasSubstr("client_id")));
  HttpResponse h;
  h.headers = r.headers;
  // base64("id%3Awith%2Fodd%26chars:s3cr3t%2B%2F%3D")
  EXPECT_EQ(h.header("Authorization"),
            "Basic " + base64_encode("id%3Awith%2Fodd%26chars:s3cr3t%2B%2F%3D"));
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(TokenResponse, ParsesTheSpecsResponse) {
  auto r = interpret_token_response(testing::token_response("eyJ.x.y", 86400, "read"), "s");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_token, "eyJ.x.y");
  EXPECT_EQ(r->token_type, "Bearer");
  EXPECT_EQ(r->expires_in, 86400s);
  EXPECT_EQ(r->scope, "read");
}

TEST(TokenResponse, ToleratesCommonVariations) {
  HttpResponse resp;
  resp.status = 200;
  resp.body = R"({"access_token":"t","token_type":"bearer","expires_in":"120"})";
  auto r = interpret_token_response(resp, "s");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expires_in, 120s);
  resp.body = R"({"access_token":"t","token_type":"Bearer"})";
  r = interpret_token_response(resp, "s");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->expires_in, kAssumedLifetime);
}

TEST(TokenResponse, RejectsUnusableSuccessBodies) {
  HttpResponse resp;
  resp.status = 200;
  for (const char* body : {"not json", "[]", R"({"token_type":"Bearer","expires_in":1})",
                           R"({"access_token":"t","token_type":"mac","expires_in":1})",
                           R"({"access_token":"t","token_type":"Bearer","expires_in":-5})",
                           R"({"access_token":"t","token_type":"Bearer","expires_in":true})"}) {
    resp.body = body;
    auto r = interpret_token_response(resp, "s");
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, AuthErrorKind::kInvalidResponse) << body;
  }
}

TEST(TokenResponse, OAuthErrorsAreTyped) {
  auto r = interpret_token_response(
      testing::oauth_error(403, "access_denied", "Service not enabled within domain: x"),
      "a-realistic-secret");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AuthErrorKind::kOAuth);
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_EQ(r.error().error, "access_denied");
  EXPECT_EQ(r.error().error_description, "Service not enabled within domain: x");
  EXPECT_EQ(r.error().message(),
            "token request failed: HTTP 403 access_denied: Service not enabled within domain: x");
}

TEST(TokenResponse, NonOAuthErrorBodiesAreNotRepeated) {
  HttpResponse resp;
  resp.status = 502;
  resp.body = "<html>upstream said something with s3cr3t in it</html>";
  auto r = interpret_token_response(resp, "s3cr3t");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AuthErrorKind::kHttpStatus);
  EXPECT_EQ(r.error().message(), "token request failed: HTTP 502");
  EXPECT_TRUE(r.error().retryable());
}

TEST(TokenResponse, SecretEchoedByAServerIsScrubbed) {
  auto r = interpret_token_response(
      testing::oauth_error(401, "invalid_client", "bad secret s3cr3t for client\\nx"), "s3cr3t");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error_description, "bad secret [redacted] for client x");
}

TEST(RetryAfter, SecondsAndHttpDate) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37
  EXPECT_EQ(parse_retry_after("120", now), 120s);
  EXPECT_EQ(parse_retry_after(" 0 ", now), 0s);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), 60s);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:40:37 GMT", now), 0s);
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("-1", now));
  EXPECT_FALSE(parse_retry_after("12abc", now));
}

TEST(Retryable, ClassifiesStatuses) {
  AuthError e;
  e.kind = AuthErrorKind::kHttpStatus;
  for (int s : {408, 429, 500, 502, 503, 504}) {
    e.http_status = s;
    EXPECT_TRUE(e.retryable()) << s;
  }
  for (int s : {400, 401, 403, 404, 413, 501, 505}) {
    e.http_status = s;
    EXPECT_FALSE(e.retryable()) << s;
  }
}

}  // namespace
}  // namespace xfx::client::detail
