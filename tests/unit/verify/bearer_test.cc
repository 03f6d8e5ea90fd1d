// RFC 6750: extracting the bearer token, and the one table from failure to HTTP response.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <string>
#include <vector>

#include "xfx/verify/bearer.h"

namespace xfx::verify {
namespace {

TEST(ExtractBearerTokenTest, AcceptsTheStandardForms) {
  struct Case {
    std::string_view header;
    std::string_view token;
  };
  for (const Case& c : std::vector<Case>{
           {"Bearer abc.def.ghi", "abc.def.ghi"},
           {"bearer abc", "abc"},
           {"BEARER abc", "abc"},
           {"Bearer   abc", "abc"},    // 1*SP
           {"  Bearer abc  ", "abc"},  // surrounding OWS
           {"Bearer a-b_c~d+e/f.g==", "a-b_c~d+e/f.g=="},
       }) {
    auto r = extract_bearer_token(std::optional<std::string_view>(c.header));
    ASSERT_TRUE(r.has_value()) << c.header;
    EXPECT_EQ(*r, c.token);
  }
}

TEST(ExtractBearerTokenTest, MalformedHeaders) {
  for (std::string_view header :
       {"", "   ", "Bearer", "Bearer ", "Bearer  ", "Bearer a b", "Bearer a,b", "Bearer a=b",
        "Bearer \"abc\"", "Bearer\tabc", "Bearer a\tb", "Bearer abc\x01", "Bearer ab%cd",
        "Bearer a;b", "Bearer ===="}) {
    auto r = extract_bearer_token(std::optional<std::string_view>(header));
    ASSERT_FALSE(r.has_value()) << header;
    EXPECT_EQ(r.error(), BearerHeaderError::kMalformed) << header;
  }
}

TEST(ExtractBearerTokenTest, NoHeaderOrAnotherSchemeIsMissing) {
  EXPECT_EQ(extract_bearer_token(std::optional<std::string_view>()).error(),
            BearerHeaderError::kMissing);
  for (std::string_view header : {"Basic dXNlcjpwYXNz", "DPoP abc", "Bearerabc", "Token abc"}) {
    EXPECT_EQ(extract_bearer_token(std::optional<std::string_view>(header)).error(),
              BearerHeaderError::kMissing)
        << header;
  }
}

TEST(ExtractBearerTokenTest, RepeatedHeadersAreMalformed) {
  std::vector<std::string_view> none;
  EXPECT_EQ(extract_bearer_token(std::span<const std::string_view>(none)).error(),
            BearerHeaderError::kMissing);
  std::vector<std::string_view> one{"Bearer abc"};
  EXPECT_EQ(*extract_bearer_token(std::span<const std::string_view>(one)), "abc");
  std::vector<std::string_view> two{"Bearer abc", "Bearer abc"};
  EXPECT_EQ(extract_bearer_token(std::span<const std::string_view>(two)).error(),
            BearerHeaderError::kMalformed);
}

struct Row {
  AuthFailure failure;
  int status;
  std::string www_authenticate;
  std::string error;  // JSON body "error", empty when absent
};

TEST(HttpRejectionTest, MappingTable) {
  const std::vector<std::string> scopes{"read:orders", "write:orders"};
  const std::vector<Row> table{
      {BearerHeaderError::kMissing, 401, R"(Bearer realm="xfx")", ""},
      {BearerHeaderError::kMalformed, 400,
       R"(Bearer realm="xfx", error="invalid_request", error_description="The Authorization header is not a single bearer token")",
       "invalid_request"},
      {VerifyError::kExpired, 401,
       R"(Bearer realm="xfx", error="invalid_token", error_description="The access token expired")",
       "invalid_token"},
      {VerifyError::kBadSignature, 401,
       R"(Bearer realm="xfx", error="invalid_token", error_description="The token signature is invalid")",
       "invalid_token"},
      {VerifyError::kInsufficientScope, 403,
       R"(Bearer realm="xfx", error="insufficient_scope", error_description="The token lacks a required scope", scope="read:orders write:orders")",
       "insufficient_scope"},
  };
  for (const Row& row : table) {
    HttpRejection r = to_http_rejection(row.failure, "xfx", scopes);
    EXPECT_EQ(r.status, row.status);
    EXPECT_EQ(r.www_authenticate, row.www_authenticate);
    boost::json::object body = boost::json::parse(r.body).as_object();
    if (row.error.empty()) {
      EXPECT_FALSE(body.contains("error"));
    } else {
      EXPECT_EQ(body.at("error").as_string(), row.error);
    }
    EXPECT_TRUE(body.contains("error_description"));
  }
  auto forbidden =
      boost::json::parse(to_http_rejection(VerifyError::kInsufficientScope, "xfx", scopes).body)
          .as_object();
  EXPECT_EQ(forbidden.at("scope").as_string(), "read:orders write:orders");
  EXPECT_EQ(HttpRejection::kContentType, "application/json");
}

TEST(HttpRejectionTest, EveryTokenFailureOtherThanScopeIsInvalidToken) {
  for (int i = 0; i <= static_cast<int>(VerifyError::kInsufficientScope); ++i) {
    const auto e = static_cast<VerifyError>(i);
    HttpRejection r = to_http_rejection(e, "xfx");
    if (e == VerifyError::kInsufficientScope) {
      EXPECT_EQ(r.status, 403);
      EXPECT_EQ(r.www_authenticate.find("scope=\""), std::string::npos);  // none required given
      continue;
    }
    EXPECT_EQ(r.status, 401) << to_string(e);
    EXPECT_NE(r.www_authenticate.find("error=\"invalid_token\""), std::string::npos);
    EXPECT_NE(r.www_authenticate.find(description(e)), std::string::npos);
  }
}

TEST(HttpRejectionTest, RealmIsQuoted) {
  HttpRejection r = to_http_rejection(BearerHeaderError::kMissing, R"(a "b" \c)");
  EXPECT_EQ(r.www_authenticate, R"(Bearer realm="a \"b\" \\c")");
}

}  // namespace
}  // namespace xfx::verify
