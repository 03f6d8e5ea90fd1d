// The spec, literally: its curl request and its JavaScript client, against a local xfx-authd
// over TLS, with the tokens checked by verifiers that are not ours.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "integration/support/authd_harness.h"

namespace xfx::testing {
namespace {

constexpr char kAudience[] = "https://api.xfx.io/trading";

class SpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.create_api(kAudience, "read:orders");
    c_ = h_.create_client("spec client");
    h_.grant(c_.client_id, kAudience);
    h_.start({}, /*tls=*/true);
  }
  void TearDown() override { EXPECT_EQ(h_.stop(), 0); }

  std::string domain() const { return "localhost:" + std::to_string(h_.port()); }
  std::map<std::string, std::string> node_env() {
    return {{"NODE_EXTRA_CA_CERTS", h_.ca_file().string()},
            {"XFX_AUTH_DOMAIN", domain()},
            {"XFX_CLIENT_ID", c_.client_id},
            {"XFX_CLIENT_SECRET", c_.client_secret}};
  }

  AuthdHarness h_;
  Credentials c_;
};

TEST_F(SpecTest, SpecCurlCommandGetsATokenThatNodeVerifies) {
  // The spec's command with the URL pointed at the local server, plus --cacert.
  auto res =
      run_command({"curl", "--silent", "--show-error", "--cacert", h_.ca_file().string(),
                   "--request", "POST", "--url", "https://" + domain() + "/oauth/token", "--header",
                   "Content-Type: application/json", "--data", spec_token_body(c_, kAudience)});
  ASSERT_EQ(res.exit_code, 0) << res.err;
  auto body = boost::json::parse(res.out).as_object();
  EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
  EXPECT_EQ(body.at("expires_in").to_number<int>(), 86400);
  std::string token(body.at("access_token").as_string());
  EXPECT_EQ(token.substr(0, 36), "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIs")
      << "the spec's token starts with {\"alg\":\"RS256\",\"typ\":\"JWT\",";

  auto verify = run_command({"node", source_dir() + "/tests/integration/node/verify_jwt.mjs", token,
                             "https://" + domain() + "/.well-known/jwks.json"},
                            {{"NODE_EXTRA_CA_CERTS", h_.ca_file().string()}});
  ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto result = boost::json::parse(verify.out).as_object();
  EXPECT_TRUE(result.at("verified").as_bool());
  EXPECT_EQ(result.at("header").at("alg").as_string(), "RS256");
  EXPECT_EQ(result.at("header").at("typ").as_string(), "JWT");
}

TEST_F(SpecTest, SpecJavaScriptClientUnchangedCachesItsToken) {
  auto res =
      run_command({"node", source_dir() + "/tests/integration/node/spec_client.mjs"}, node_env());
  ASSERT_EQ(res.exit_code, 0) << res.out << res.err;
  auto result = boost::json::parse(res.out).as_object();
  EXPECT_TRUE(result.at("same_token").as_bool());
  EXPECT_TRUE(result.at("verified").as_bool());
  EXPECT_EQ(result.at("claims").at("aud").as_string(), kAudience);
  EXPECT_EQ(h_.requests_logged("/oauth/token"), 1u) << "the second getAccessToken() is cached";
}

}  // namespace
}  // namespace xfx::testing
