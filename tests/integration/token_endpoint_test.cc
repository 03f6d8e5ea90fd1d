// CONFORMANCE.md's token request and error tables, against a real xfx-authd over real sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "integration/support/authd_harness.h"
#include "integration/support/token_checks.h"

namespace xfx::testing {
namespace {

constexpr char kAudience[] = "https://api.xfx.io/trading";
constexpr char kJson[] = "application/json";
constexpr char kForm[] = "application/x-www-form-urlencoded";

class TokenEndpointTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new AuthdHarness();
    harness_->create_api(kAudience, "read:orders write:orders admin");
    harness_->create_api("https://other.example/");
    client_ = harness_->create_client("trading bot");
    harness_->grant(client_.client_id, kAudience, "read:orders write:orders");
    disabled_ = harness_->create_client("disabled", {"--grant-types", "authorization_code"});
    harness_->grant(disabled_.client_id, kAudience);
    harness_->start();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(harness_->stop(), 0);
    delete harness_;
  }

  static std::string form(const Credentials& c, const std::string& extra = "") {
    return "grant_type=client_credentials&client_id=" + c.client_id +
           "&client_secret=" + c.client_secret + "&audience=" + kAudience + extra;
  }
  static std::string basic_header(const Credentials& c) {
    return "Basic " + base64(c.client_id + ":" + c.client_secret);
  }

  static void expect_error(const client::HttpResponse& res, int status, std::string_view error) {
    EXPECT_EQ(res.status, status) << res.body;
    auto body = boost::json::parse(res.body).as_object();
    EXPECT_EQ(body.at("error").as_string(), error) << res.body;
    EXPECT_TRUE(body.contains("error_description")) << res.body;
    EXPECT_EQ(res.header("Content-Type").value_or(""), "application/json");
  }

  static AuthdHarness* harness_;
  static Credentials client_;
  static Credentials disabled_;
};

AuthdHarness* TokenEndpointTest::harness_ = nullptr;
Credentials TokenEndpointTest::client_;
Credentials TokenEndpointTest::disabled_;

TEST_F(TokenEndpointTest, SpecJsonRequestGetsAVerifiableBearerToken) {
  auto res = harness_->post("/oauth/token", kJson, spec_token_body(client_, kAudience));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Cache-Control").value_or(""), "no-store");
  EXPECT_EQ(res.header("Pragma").value_or(""), "no-cache");
  auto body = boost::json::parse(res.body).as_object();
  EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
  EXPECT_EQ(body.at("expires_in").to_number<int>(), 86400);
  EXPECT_EQ(body.at("scope").as_string(), "read:orders write:orders");
  auto token = std::string(body.at("access_token").as_string());

  auto jwks = harness_->get("/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  auto checked = check_token(token, jwks.body);
  ASSERT_TRUE(checked.signature_ok) << checked.problem;
  EXPECT_EQ(checked.header.at("alg").as_string(), "RS256");
  EXPECT_EQ(checked.header.at("typ").as_string(), "JWT");
  EXPECT_FALSE(checked.header.at("kid").as_string().empty());
  const auto& c = checked.claims;
  EXPECT_EQ(c.at("iss").as_string(), harness_->base_url() + "/");
  EXPECT_EQ(c.at("sub").as_string(), client_.client_id + "@clients");
  EXPECT_EQ(c.at("aud").as_string(), kAudience);
  EXPECT_EQ(c.at("azp").as_string(), client_.client_id);
  EXPECT_EQ(c.at("gty").as_string(), "client-credentials");
  EXPECT_EQ(c.at("scope").as_string(), "read:orders write:orders");
  EXPECT_EQ(c.at("exp").to_number<std::int64_t>() - c.at("iat").to_number<std::int64_t>(), 86400);
  EXPECT_FALSE(c.at("jti").as_string().empty());
}

TEST_F(TokenEndpointTest, FormBodyAndClientSecretPost) {
  auto res = harness_->post("/oauth/token", kForm, form(client_, "&scope=read:orders"));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(boost::json::parse(res.body).at("scope").as_string(), "read:orders");
}

TEST_F(TokenEndpointTest, ClientSecretBasicWithBothBodyFormats) {
  auto form_res = harness_->post("/oauth/token", kForm,
                                 std::string("grant_type=client_credentials&audience=") + kAudience,
                                 {{"Authorization", basic_header(client_)}});
  EXPECT_EQ(form_res.status, 200) << form_res.body;
  auto json_res = harness_->post(
      "/oauth/token", kJson,
      std::string(R"({"grant_type":"client_credentials","audience":")") + kAudience + "\"}",
      {{"Authorization", basic_header(client_)}});
  EXPECT_EQ(json_res.status, 200) << json_res.body;
}

TEST_F(TokenEndpointTest, ResourceParameterSelectsTheApi) {
  auto res = harness_->post("/oauth/token", kForm,
                            "grant_type=client_credentials&client_id=" + client_.client_id +
                                "&client_secret=" + client_.client_secret +
                                "&resource=https%3A%2F%2Fapi.xfx.io%2Ftrading");
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_F(TokenEndpointTest, TokensAreUnique) {
  auto a = harness_->post("/oauth/token", kJson, spec_token_body(client_, kAudience));
  auto b = harness_->post("/oauth/token", kJson, spec_token_body(client_, kAudience));
  EXPECT_NE(boost::json::parse(a.body).at("access_token"),
            boost::json::parse(b.body).at("access_token"));
}

TEST_F(TokenEndpointTest, MalformedBodyIsInvalidRequest) {
  expect_error(harness_->post("/oauth/token", kJson, "{not json"), 400, "invalid_request");
}

TEST_F(TokenEndpointTest, MissingGrantTypeIsInvalidRequest) {
  expect_error(harness_->post("/oauth/token", kJson, R"({"client_id":"x","client_secret":"y"})"),
               400, "invalid_request");
}

TEST_F(TokenEndpointTest, DuplicateParameterIsInvalidRequest) {
  expect_error(
      harness_->post("/oauth/token", kForm, form(client_, "&audience=https://other.example/")), 400,
      "invalid_request");
  expect_error(
      harness_->post("/oauth/token", kJson,
                     R"({"grant_type":"client_credentials","grant_type":"client_credentials"})"),
      400, "invalid_request");
}

TEST_F(TokenEndpointTest, WrongContentTypeIsInvalidRequest) {
  expect_error(harness_->post("/oauth/token", "text/plain", form(client_)), 400, "invalid_request");
  expect_error(harness_->post("/oauth/token", "multipart/form-data", form(client_)), 400,
               "invalid_request");
}

TEST_F(TokenEndpointTest, OtherGrantTypeIsUnsupported) {
  expect_error(harness_->post("/oauth/token", kForm, "grant_type=password&username=a&password=b"),
               400, "unsupported_grant_type");
}

TEST_F(TokenEndpointTest, UnknownClientAndWrongSecretAreOneAnswer) {
  auto unknown = harness_->post(
      "/oauth/token", kJson, spec_token_body({"nosuchclient", client_.client_secret}, kAudience));
  auto wrong = harness_->post("/oauth/token", kJson,
                              spec_token_body({client_.client_id, "wrong-secret"}, kAudience));
  expect_error(unknown, 401, "invalid_client");
  expect_error(wrong, 401, "invalid_client");
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_FALSE(wrong.header("WWW-Authenticate"));
}

TEST_F(TokenEndpointTest, BasicAuthFailureAddsWwwAuthenticate) {
  auto res = harness_->post("/oauth/token", kForm,
                            std::string("grant_type=client_credentials&audience=") + kAudience,
                            {{"Authorization", basic_header({client_.client_id, "wrong"})}});
  expect_error(res, 401, "invalid_client");
  EXPECT_EQ(res.header("WWW-Authenticate").value_or("").substr(0, 12), "Basic realm=");
}

TEST_F(TokenEndpointTest, ForeignOrMalformedAuthorizationHeaderIs401WithChallenge) {
  // RFC 6749 §5.2: authentication attempted through the header and failed.
  for (const char* header : {"Bearer abc", "Basic !!!!"}) {
    auto res = harness_->post("/oauth/token", kForm,
                              std::string("grant_type=client_credentials&audience=") + kAudience,
                              {{"Authorization", header}});
    expect_error(res, 401, "invalid_client");
    EXPECT_EQ(res.header("WWW-Authenticate").value_or("").substr(0, 12), "Basic realm=") << header;
  }
}

TEST_F(TokenEndpointTest, BothAuthenticationMethodsIsInvalidRequest) {
  expect_error(harness_->post("/oauth/token", kForm, form(client_),
                              {{"Authorization", basic_header(client_)}}),
               400, "invalid_request");
}

TEST_F(TokenEndpointTest, UnknownAudienceIsAccessDenied) {
  auto res =
      harness_->post("/oauth/token", kJson, spec_token_body(client_, "https://nope.example/"));
  expect_error(res, 403, "access_denied");
  EXPECT_EQ(boost::json::parse(res.body).at("error_description").as_string(),
            "Service not enabled within domain: https://nope.example/");
}

TEST_F(TokenEndpointTest, NoGrantForTheApiIsAccessDenied) {
  auto res =
      harness_->post("/oauth/token", kJson, spec_token_body(client_, "https://other.example/"));
  expect_error(res, 403, "access_denied");
  EXPECT_EQ(boost::json::parse(res.body).at("error_description").as_string(),
            "Client is not authorized to access \"https://other.example/\"");
}

TEST_F(TokenEndpointTest, NoAudienceAndNoDefaultIsAccessDenied) {
  expect_error(harness_->post("/oauth/token", kForm,
                              "grant_type=client_credentials&client_id=" + client_.client_id +
                                  "&client_secret=" + client_.client_secret),
               403, "access_denied");
}

TEST_F(TokenEndpointTest, GrantTypeNotAllowedIsUnauthorizedClient) {
  expect_error(harness_->post("/oauth/token", kJson, spec_token_body(disabled_, kAudience)), 403,
               "unauthorized_client");
}

TEST_F(TokenEndpointTest, ScopeNotGrantedIsInvalidScope) {
  expect_error(harness_->post("/oauth/token", kForm, form(client_, "&scope=admin")), 400,
               "invalid_scope");
}

TEST_F(TokenEndpointTest, OversizedBodyIs413) {
  auto res =
      harness_->post("/oauth/token", kForm, form(client_, "&pad=" + std::string(17000, 'a')));
  expect_error(res, 413, "invalid_request");
}

TEST_F(TokenEndpointTest, UnknownPathIs404AndWrongMethodIs405WithJson) {
  auto missing = harness_->get("/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(boost::json::parse(missing.body).as_object().contains("error"));
  auto wrong = harness_->get("/oauth/token");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_TRUE(boost::json::parse(wrong.body).as_object().contains("error"));
  EXPECT_EQ(wrong.header("Allow").value_or(""), "POST");
}

TEST_F(TokenEndpointTest, ServerKeepsServingAfterBadInput) {
  harness_->post("/oauth/token", kJson, std::string(20000, '{'));
  harness_->post("/oauth/token", kJson, "\xff\xfe\x00garbage");
  EXPECT_EQ(harness_->post("/oauth/token", kJson, spec_token_body(client_, kAudience)).status, 200);
}

TEST_F(TokenEndpointTest, HealthAndReadiness) {
  EXPECT_EQ(harness_->get("/healthz").status, 200);
  EXPECT_EQ(harness_->get("/readyz").status, 200);
}

TEST_F(TokenEndpointTest, AccessLogNamesTheClientButNeverTheSecret) {
  harness_->post("/oauth/token", kJson, spec_token_body(client_, kAudience));
  auto line = harness_->process().wait_for_line(
      [&](const std::string& l) {
        return l.find("\"client_id\":\"" + client_.client_id + "\"") != std::string::npos;
      },
      std::chrono::seconds(10));
  EXPECT_TRUE(line);
  for (const auto& l : harness_->process().lines()) {
    EXPECT_EQ(l.find(client_.client_secret), std::string::npos) << l;
    EXPECT_EQ(l.find("eyJ"), std::string::npos) << "a token reached the log: " << l;
  }
}

// Rate limiting and an unavailable store need servers of their own.

TEST(TokenEndpointLimits, RateLimitedClientGets429WithRetryAfter) {
  AuthdHarness h;
  h.create_api(kAudience);
  auto c = h.create_client("greedy");
  h.grant(c.client_id, kAudience);
  h.start({"--rate-limit", "0.01", "--rate-burst", "2"});
  EXPECT_EQ(h.post("/oauth/token", kJson, spec_token_body(c, kAudience)).status, 200);
  EXPECT_EQ(h.post("/oauth/token", kJson, spec_token_body(c, kAudience)).status, 200);
  auto res = h.post("/oauth/token", kJson, spec_token_body(c, kAudience));
  EXPECT_EQ(res.status, 429) << res.body;
  EXPECT_EQ(boost::json::parse(res.body).at("error").as_string(), "too_many_requests");
  EXPECT_GE(std::stoi(std::string(res.header("Retry-After").value_or("0"))), 1);
  EXPECT_EQ(h.stop(), 0);
}

}  // namespace
}  // namespace xfx::testing
