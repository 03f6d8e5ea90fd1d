#include "server/oauth/token_issuer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::oauth {
namespace {

TEST(ClaimsFor, Auth0MachineToMachineProfile) {
  store::Client client;
  client.client_id = "abc";
  store::Api api;
  api.identifier = "https://api.xfx.io/trading";
  api.token_lifetime_s = 86400;
  TokenGrantDecision d{&client, &api, nullptr, {"read:orders", "write:orders"}};
  auto c = claims_for(d, "https://auth.example/", 1000, "jti-1");
  EXPECT_EQ(c.iss, "https://auth.example/");
  EXPECT_EQ(c.sub, "abc@clients");
  EXPECT_EQ(c.aud, std::vector<std::string>{"https://api.xfx.io/trading"});
  EXPECT_EQ(c.iat, 1000);
  EXPECT_EQ(c.exp, 1000 + 86400);
  EXPECT_EQ(c.azp, "abc");
  EXPECT_EQ(c.gty, "client-credentials");
  EXPECT_EQ(c.scope, "read:orders write:orders");
  EXPECT_EQ(c.jti, "jti-1");
  EXPECT_TRUE(c.client_id.empty());
}

TEST(ClaimsFor, Rfc9068AddsClientId) {
  store::Client client;
  client.client_id = "abc";
  store::Api api;
  api.identifier = "https://a/";
  api.profile = store::TokenProfile::kRfc9068;
  TokenGrantDecision d{&client, &api, nullptr, {}};
  auto c = claims_for(d, "https://auth.example/", 1, "j");
  EXPECT_EQ(c.client_id, "abc");
  EXPECT_TRUE(c.scope.empty());
}

TEST(TokenResponse, ScopeOnlyWhenPresent) {
  auto with = boost::json::parse(to_json_body({"tok", 86400, "a b"})).as_object();
  EXPECT_EQ(with.at("access_token"), "tok");
  EXPECT_EQ(with.at("token_type"), "Bearer");
  EXPECT_EQ(with.at("expires_in"), 86400);
  EXPECT_EQ(with.at("scope"), "a b");
  auto without = boost::json::parse(to_json_body({"tok", 60, ""})).as_object();
  EXPECT_FALSE(without.contains("scope"));
}

}  // namespace
}  // namespace xfx::oauth
