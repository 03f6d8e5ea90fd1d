// Discovery documents, the JWKS, every signing algorithm, the RFC 9068 profile, key rotation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "integration/support/authd_harness.h"
#include "integration/support/token_checks.h"

namespace xfx::testing {
namespace {

constexpr char kJson[] = "application/json";

class DiscoveryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    h_ = new AuthdHarness();
    c_ = h_->create_client("bot");
    for (const char* alg : {"RS256", "PS256", "ES256", "EdDSA"}) {
      std::string api = std::string("https://") + alg + ".example/";
      h_->create_api(api, "", {"--alg", alg});
      h_->grant(c_.client_id, api);
    }
    h_->create_api("https://rfc9068.example/", "", {"--profile", "rfc9068"});
    h_->grant(c_.client_id, "https://rfc9068.example/");
    h_->create_api("https://short.example/", "", {"--token-lifetime", "60"});
    h_->grant(c_.client_id, "https://short.example/");
    h_->start({}, /*tls=*/true);
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(h_->stop(), 0);
    delete h_;
  }
  static CheckedToken token_for(const std::string& audience, int* expires_in = nullptr) {
    auto res = h_->post("/oauth/token", kJson, spec_token_body(c_, audience));
    EXPECT_EQ(res.status, 200) << res.body;
    auto body = boost::json::parse(res.body);
    if (expires_in) *expires_in = body.at("expires_in").to_number<int>();
    return check_token(body.at("access_token").as_string(), h_->get("/.well-known/jwks.json").body);
  }
  static AuthdHarness* h_;
  static Credentials c_;
};

AuthdHarness* DiscoveryTest::h_ = nullptr;
Credentials DiscoveryTest::c_;

TEST_F(DiscoveryTest, MetadataIssuerMatchesTokens) {
  auto token = token_for("https://RS256.example/");
  for (const char* path :
       {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
    auto res = h_->get(path);
    ASSERT_EQ(res.status, 200) << path;
    auto doc = boost::json::parse(res.body).as_object();
    EXPECT_EQ(doc.at("issuer"), token.claims.at("iss")) << path;
    EXPECT_EQ(doc.at("issuer").as_string(), h_->base_url() + "/");
    EXPECT_EQ(doc.at("token_endpoint").as_string(), h_->base_url() + "/oauth/token");
    EXPECT_EQ(doc.at("jwks_uri").as_string(), h_->base_url() + "/.well-known/jwks.json");
    EXPECT_EQ(doc.at("grant_types_supported"), boost::json::array{"client_credentials"});
    EXPECT_TRUE(doc.contains("token_endpoint_auth_methods_supported"));
    EXPECT_TRUE(doc.contains("response_types_supported"));
  }
}

TEST_F(DiscoveryTest, JwksHoldsPublicKeysOnly) {
  auto res = h_->get("/.well-known/jwks.json");
  ASSERT_EQ(res.status, 200);
  auto keys = boost::json::parse(res.body).at("keys").as_array();
  // Current and next key for each of four algorithms.
  EXPECT_EQ(keys.size(), 8u);
  for (const auto& k : keys) {
    const auto& key = k.as_object();
    EXPECT_EQ(key.at("use").as_string(), "sig");
    EXPECT_TRUE(key.contains("kid"));
    EXPECT_TRUE(key.contains("alg"));
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi"}) {
      EXPECT_FALSE(key.contains(secret)) << secret;
    }
    if (key.at("kty") == "RSA") {
      EXPECT_TRUE(key.contains("n"));
      EXPECT_TRUE(key.contains("e"));
    }
  }
}

TEST_F(DiscoveryTest, EveryAlgorithmSignsVerifiableTokens) {
  for (const char* alg : {"RS256", "PS256", "ES256", "EdDSA"}) {
    auto token = token_for(std::string("https://") + alg + ".example/");
    EXPECT_TRUE(token.signature_ok) << alg << ": " << token.problem;
    EXPECT_EQ(token.header.at("alg").as_string(), alg);
    EXPECT_EQ(token.header.at("typ").as_string(), "JWT");
  }
}

TEST_F(DiscoveryTest, Rfc9068Profile) {
  auto token = token_for("https://rfc9068.example/");
  EXPECT_TRUE(token.signature_ok) << token.problem;
  EXPECT_EQ(token.header.at("typ").as_string(), "at+jwt");
  EXPECT_EQ(token.claims.at("client_id").as_string(), c_.client_id);
}

TEST_F(DiscoveryTest, ApiTokenLifetime) {
  int expires_in = 0;
  auto token = token_for("https://short.example/", &expires_in);
  EXPECT_EQ(expires_in, 60);
  EXPECT_EQ(token.claims.at("exp").to_number<std::int64_t>() -
                token.claims.at("iat").to_number<std::int64_t>(),
            60);
}

TEST(TokenReuse, RepeatedRequestsGetTheSameTokenOnlyWhereEnabled) {
  AuthdHarness h;
  h.create_api("https://reuse.example/", "read", {"--reuse-tokens"});
  h.create_api("https://fresh.example/", "read");
  auto c = h.create_client("impatient");
  h.grant(c.client_id, "https://reuse.example/", "read");
  h.grant(c.client_id, "https://fresh.example/", "read");
  h.start();
  auto ask = [&](const std::string& audience) {
    auto res = h.post("/oauth/token", kJson, spec_token_body(c, audience));
    EXPECT_EQ(res.status, 200) << res.body;
    return boost::json::parse(res.body).as_object();
  };
  auto first = ask("https://reuse.example/");
  auto second = ask("https://reuse.example/");
  EXPECT_EQ(first.at("access_token"), second.at("access_token"));
  EXPECT_LE(second.at("expires_in").to_number<int>(), first.at("expires_in").to_number<int>());
  EXPECT_GT(second.at("expires_in").to_number<int>(), 86400 / 2);
  EXPECT_EQ(second.at("scope"), first.at("scope"));
  EXPECT_NE(ask("https://fresh.example/").at("access_token"),
            ask("https://fresh.example/").at("access_token"));

  // A key rotation ends reuse: the next request gets a token signed with the new key.
  h.admin_ok({"keys", "rotate", "--alg", "RS256"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool fresh = false;
  while (!fresh && std::chrono::steady_clock::now() < deadline) {
    fresh = ask("https://reuse.example/").at("access_token") != first.at("access_token");
    if (!fresh) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // external process
  }
  EXPECT_TRUE(fresh);
  EXPECT_EQ(h.stop(), 0);
}

TEST(KeyRotation, NextKeySignsAndOldTokensStillVerify) {
  AuthdHarness h;
  h.create_api("https://api.example/");
  auto c = h.create_client("bot");
  h.grant(c.client_id, "https://api.example/");
  h.start();
  auto first = h.post("/oauth/token", kJson, spec_token_body(c, "https://api.example/"));
  auto old_token = std::string(boost::json::parse(first.body).at("access_token").as_string());
  auto old_kid = check_token(old_token, h.get("/.well-known/jwks.json").body).header.at("kid");

  h.admin_ok({"keys", "rotate", "--alg", "RS256"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  CheckedToken fresh;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = h.post("/oauth/token", kJson, spec_token_body(c, "https://api.example/"));
    fresh = check_token(boost::json::parse(res.body).at("access_token").as_string(),
                        h.get("/.well-known/jwks.json").body);
    if (fresh.header.at("kid") != old_kid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling an external process
  }
  EXPECT_NE(fresh.header.at("kid"), old_kid);
  EXPECT_TRUE(fresh.signature_ok) << fresh.problem;
  auto old_check = check_token(old_token, h.get("/.well-known/jwks.json").body);
  EXPECT_TRUE(old_check.signature_ok) << "retired keys stay published: " << old_check.problem;
  EXPECT_EQ(h.stop(), 0);
}

}  // namespace
}  // namespace xfx::testing
