#include "server/oauth/token_request.h"

#include <gtest/gtest.h>

namespace xfx::oauth {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kForm = "application/x-www-form-urlencoded";

// "Basic base64(id:secret)" for the given raw header payload.
std::string basic(std::string_view user_colon_pass_b64) {
  return "Basic " + std::string(user_colon_pass_b64);
}

TEST(TokenRequest, SpecJsonBody) {
  auto r = parse_token_request(kJson,
                               R"({"client_id":"abc","client_secret":"s3cret",)"
                               R"("audience":"https://api.xfx.io/trading",)"
                               R"("grant_type":"client_credentials"})",
                               "");
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->grant_type, "client_credentials");
  EXPECT_EQ(r->auth_method, ClientAuthMethod::kSecretPost);
  EXPECT_EQ(r->client_id, "abc");
  EXPECT_EQ(r->client_secret, "s3cret");
  EXPECT_EQ(r->audience, "https://api.xfx.io/trading");
  EXPECT_FALSE(r->scope);
}

TEST(TokenRequest, FormBodyWithCharsetAndPercentEncoding) {
  auto r = parse_token_request("application/x-www-form-urlencoded; charset=UTF-8",
                               "grant_type=client_credentials&client_id=a%2Bb&client_secret=x+y"
                               "&resource=https%3A%2F%2Fapi.example%2F&scope=read%20write",
                               "");
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->client_id, "a+b");
  EXPECT_EQ(r->client_secret, "x y");
  EXPECT_EQ(r->audience, "https://api.example/");
  EXPECT_EQ(*r->scope, "read write");
}

TEST(TokenRequest, ContentTypeIsCaseInsensitive) {
  EXPECT_TRUE(
      parse_token_request("Application/JSON", R"({"grant_type":"client_credentials"})", ""));
}

TEST(TokenRequest, OtherContentTypesAreRefused) {
  for (auto ct : {"text/plain", "", "application/jsonx", "multipart/form-data"}) {
    auto r = parse_token_request(ct, "grant_type=client_credentials", "");
    ASSERT_FALSE(r) << ct;
    EXPECT_EQ(to_wire(r.error().code).status, 400u);
    EXPECT_EQ(to_wire(r.error().code).error, "invalid_request");
  }
}

TEST(TokenRequest, RepeatedParametersAreRefusedInBothFormats) {
  auto form = parse_token_request(kForm, "grant_type=client_credentials&audience=a&audience=b", "");
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(form.error().description.find("audience"), std::string::npos);
  auto json = parse_token_request(
      kJson, R"({"grant_type":"client_credentials","client_id":"a","client_id":"a"})", "");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kInvalidRequest);
}

TEST(TokenRequest, MalformedBodies) {
  for (auto body :
       {"", "{", "[]", "\"x\"", R"({"grant_type":1})", R"({"a":{"b":"c"}})",
        R"({"grant_type":"client_credentials"} trailing)", R"({"a":null})", R"({"a":["x"]})"}) {
    auto r = parse_token_request(kJson, body, "");
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << body;
  }
  auto bad_pct = parse_token_request(kForm, "grant_type=client%ZZcredentials", "");
  ASSERT_FALSE(bad_pct);
  EXPECT_EQ(bad_pct.error().code, ErrorCode::kInvalidRequest);
}

TEST(TokenRequest, GrantType) {
  auto missing = parse_token_request(kJson, R"({"client_id":"a"})", "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidRequest);
  auto empty = parse_token_request(kForm, "grant_type=&client_id=a", "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidRequest);
  auto other = parse_token_request(kJson, R"({"grant_type":"password"})", "");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kUnsupportedGrantType);
  EXPECT_EQ(to_wire(other.error().code).status, 400u);
}

TEST(TokenRequest, BasicAuthenticationDecodesFormEncodedParts) {
  // base64("a%2Bb:x+y%3A") — id "a+b", secret "x y:"
  auto r = parse_token_request(kForm, "grant_type=client_credentials", basic("YSUyQmI6eCt5JTNB"));
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->auth_method, ClientAuthMethod::kSecretBasic);
  EXPECT_EQ(r->client_id, "a+b");
  EXPECT_EQ(r->client_secret, "x y:");
}

TEST(TokenRequest, BasicSchemeIsCaseInsensitive) {
  auto r = parse_token_request(kForm, "grant_type=client_credentials", "basic YTpi");  // a:b
  ASSERT_TRUE(r);
  EXPECT_EQ(r->client_id, "a");
}

TEST(TokenRequest, BothAuthenticationMethodsAtOnceIsInvalidRequest) {
  auto r =
      parse_token_request(kForm, "grant_type=client_credentials&client_secret=b", basic("YTpi"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_TRUE(r.error().via_authorization_header);
}

TEST(TokenRequest, BasicWithMatchingBodyClientIdIsFine) {
  EXPECT_TRUE(
      parse_token_request(kForm, "grant_type=client_credentials&client_id=a", basic("YTpi")));
  auto differs =
      parse_token_request(kForm, "grant_type=client_credentials&client_id=z", basic("YTpi"));
  ASSERT_FALSE(differs);
  EXPECT_EQ(differs.error().code, ErrorCode::kInvalidRequest);
}

// RFC 6749 §5.2: authentication attempted through the Authorization header and failed is
// 401 invalid_client with WWW-Authenticate, malformed or not.
TEST(TokenRequest, MalformedOrForeignAuthorizationHeaderIsInvalidClient) {
  for (auto h : {"Basic !!!!", "Basic YWJj", "Basic ", "Basic YTpi=", "Bearer abc"}) {
    auto r = parse_token_request(kForm, "grant_type=client_credentials", h);
    ASSERT_FALSE(r) << h;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidClient) << h;
    EXPECT_TRUE(r.error().via_authorization_header) << h;
  }
}

TEST(TokenRequest, ResourceMustBeAbsoluteUri) {
  auto r = parse_token_request(kForm, "grant_type=client_credentials&resource=relative/path", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidTarget);
  auto frag = parse_token_request(
      kForm, "grant_type=client_credentials&resource=https%3A%2F%2Fa%2F%23frag", "");
  ASSERT_FALSE(frag);
  EXPECT_EQ(frag.error().code, ErrorCode::kInvalidTarget);
}

TEST(TokenRequest, AudienceAndResourceMustAgree) {
  EXPECT_TRUE(parse_token_request(
      kJson,
      R"({"grant_type":"client_credentials","audience":"https://a/","resource":"https://a/"})",
      ""));
  auto r = parse_token_request(
      kJson,
      R"({"grant_type":"client_credentials","audience":"https://a/","resource":"https://b/"})", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
}

TEST(TokenRequest, MalformedScopeIsInvalidScope) {
  for (auto scope : {R"( a)", R"(a  b)", R"(a\"b)", "a\\\\b", R"(a )"}) {
    auto r = parse_token_request(
        kJson, std::string(R"({"grant_type":"client_credentials","scope":")") + scope + "\"}", "");
    ASSERT_FALSE(r) << scope;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidScope) << scope;
  }
}

TEST(TokenRequest, LimitsOnParameterCountAndSize) {
  std::string body = "grant_type=client_credentials";
  for (int i = 0; i < 40; ++i) body += "&p" + std::to_string(i) + "=x";
  auto many = parse_token_request(kForm, body, "");
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code, ErrorCode::kInvalidRequest);
  auto long_value = parse_token_request(
      kForm, "grant_type=client_credentials&scope=" + std::string(5000, 'a'), "");
  ASSERT_FALSE(long_value);
  EXPECT_EQ(long_value.error().code, ErrorCode::kInvalidRequest);
}

TEST(TokenRequest, ErrorsNeverEchoTheSecret) {
  auto r = parse_token_request(
      kJson,
      R"({"grant_type":"client_credentials","client_secret":"TOPSECRET","client_secret":"x"})", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(to_json_body(r.error()).find("TOPSECRET"), std::string::npos);
}

}  // namespace
}  // namespace xfx::oauth
