#include "server/oauth/token_decision.h"

#include <gtest/gtest.h>

namespace xfx::oauth {
namespace {

class TokenDecisionTest : public ::testing::Test {
 protected:
  TokenDecisionTest() : hasher_(std::string(32, 'k')) {
    store::Api api;
    api.identifier = "https://api.xfx.io/trading";
    api.scopes = {"read:orders", "write:orders", "admin"};
    store::Api other;
    other.identifier = "https://other.example/";
    store::Client client;
    client.client_id = "client-1";
    client.secret_hash = hasher_.hash("secret-1");
    store::Client no_cc = client;
    no_cc.client_id = "client-2";
    no_cc.grant_types = {"authorization_code"};
    store::Grant grant{"client-1", api.identifier, {"read:orders", "write:orders"}, 0};
    store::Grant grant2{"client-2", api.identifier, {}, 0};
    snapshot_ = store::RegistrySnapshot::build(1, {api, other}, {client, no_cc}, {grant, grant2});
  }

  TokenRequest request(std::string id, std::string secret, std::string audience) {
    TokenRequest r;
    r.grant_type = "client_credentials";
    r.auth_method = ClientAuthMethod::kSecretPost;
    r.client_id = std::move(id);
    r.client_secret = std::move(secret);
    r.audience = std::move(audience);
    return r;
  }

  secrets::SecretHasher hasher_;
  std::shared_ptr<const store::RegistrySnapshot> snapshot_;
};

TEST_F(TokenDecisionTest, GrantedWithAllScopesWhenNoneRequested) {
  auto d = decide(*snapshot_, hasher_,
                  request("client-1", "secret-1", "https://api.xfx.io/trading"), "");
  ASSERT_TRUE(d) << d.error().description;
  EXPECT_EQ(d->client->client_id, "client-1");
  EXPECT_EQ(d->api->identifier, "https://api.xfx.io/trading");
  EXPECT_EQ(d->scopes, (std::vector<std::string>{"read:orders", "write:orders"}));
}

TEST_F(TokenDecisionTest, RequestedScopesAreNarrowedInGrantOrder) {
  auto r = request("client-1", "secret-1", "https://api.xfx.io/trading");
  r.scope = "write:orders read:orders";
  auto d = decide(*snapshot_, hasher_, r, "");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->scopes, (std::vector<std::string>{"read:orders", "write:orders"}));
}

TEST_F(TokenDecisionTest, ScopeOutsideTheGrantIsInvalidScope) {
  auto r = request("client-1", "secret-1", "https://api.xfx.io/trading");
  r.scope = "read:orders admin";
  auto d = decide(*snapshot_, hasher_, r, "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidScope);
  EXPECT_EQ(to_wire(d.error().code).status, 400u);
}

TEST_F(TokenDecisionTest, UnknownClientAndWrongSecretGetTheSameAnswer) {
  auto unknown =
      decide(*snapshot_, hasher_, request("nobody", "secret-1", "https://api.xfx.io/trading"), "");
  auto wrong = decide(*snapshot_, hasher_,
                      request("client-1", "secret-2", "https://api.xfx.io/trading"), "");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidClient);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidClient);
  EXPECT_EQ(unknown.error().description, wrong.error().description);
  EXPECT_EQ(to_wire(wrong.error().code).status, 401u);
}

TEST_F(TokenDecisionTest, AuthenticationComesBeforeAudienceChecks) {
  // A caller without valid credentials learns nothing about which APIs exist.
  auto d = decide(*snapshot_, hasher_, request("client-1", "bad", "https://unknown/"), "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidClient);
}

TEST_F(TokenDecisionTest, NoClientAuthenticationIsInvalidClient) {
  TokenRequest r;
  r.grant_type = "client_credentials";
  auto d = decide(*snapshot_, hasher_, r, "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidClient);
  auto empty_secret =
      decide(*snapshot_, hasher_, request("client-1", "", "https://api.xfx.io/trading"), "");
  ASSERT_FALSE(empty_secret);
  EXPECT_EQ(empty_secret.error().code, ErrorCode::kInvalidClient);
}

TEST_F(TokenDecisionTest, BasicAuthFailureIsFlaggedForWwwAuthenticate) {
  auto r = request("client-1", "bad", "https://api.xfx.io/trading");
  r.auth_method = ClientAuthMethod::kSecretBasic;
  auto d = decide(*snapshot_, hasher_, r, "");
  ASSERT_FALSE(d);
  EXPECT_TRUE(d.error().via_authorization_header);
}

TEST_F(TokenDecisionTest, UnknownAudienceIsAccessDeniedInAuth0Words) {
  auto d = decide(*snapshot_, hasher_, request("client-1", "secret-1", "https://nope/"), "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(d.error().description, "Service not enabled within domain: https://nope/");
  EXPECT_EQ(to_wire(d.error().code).status, 403u);
}

TEST_F(TokenDecisionTest, NoGrantIsAccessDenied) {
  auto d =
      decide(*snapshot_, hasher_, request("client-1", "secret-1", "https://other.example/"), "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(d.error().description, "Client is not authorized to access \"https://other.example/\"");
}

TEST_F(TokenDecisionTest, MissingAudienceUsesTheDefaultOrIsDenied) {
  auto none = decide(*snapshot_, hasher_, request("client-1", "secret-1", ""), "");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kAccessDenied);
  auto with_default = decide(*snapshot_, hasher_, request("client-1", "secret-1", ""),
                             "https://api.xfx.io/trading");
  ASSERT_TRUE(with_default);
  EXPECT_EQ(with_default->api->identifier, "https://api.xfx.io/trading");
}

TEST_F(TokenDecisionTest, GrantTypeNotAllowedIsUnauthorizedClient) {
  auto d = decide(*snapshot_, hasher_,
                  request("client-2", "secret-1", "https://api.xfx.io/trading"), "");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kUnauthorizedClient);
  EXPECT_EQ(to_wire(d.error().code).status, 403u);
}

}  // namespace
}  // namespace xfx::oauth
