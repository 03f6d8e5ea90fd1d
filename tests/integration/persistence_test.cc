// Nothing is lost across restarts, and admin changes reach a running server without one.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "integration/support/authd_harness.h"
#include "integration/support/token_checks.h"

namespace xfx::testing {
namespace {

constexpr char kAudience[] = "https://api.xfx.io/trading";
constexpr char kJson[] = "application/json";

std::string token_of(const client::HttpResponse& res) {
  return std::string(boost::json::parse(res.body).at("access_token").as_string());
}

// Polls a token request until it answers `status` (admin changes arrive within a poll interval).
bool wait_for_token_status(AuthdHarness& h, const Credentials& c, int status) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (h.post("/oauth/token", kJson, spec_token_body(c, kAudience)).status == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling an external process
  }
  return false;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Persistence, TokensClientsAndGrantsSurviveARestart) {
  AuthdHarness h;
  h.create_api(kAudience, "read:orders");
  auto c = h.create_client("bot");
  h.grant(c.client_id, kAudience, "read:orders");
  h.start();
  auto before = h.post("/oauth/token", kJson, spec_token_body(c, kAudience));
  ASSERT_EQ(before.status, 200);
  auto token = token_of(before);
  ASSERT_EQ(h.stop(), 0) << "graceful shutdown exits 0";

  h.start();
  auto jwks = h.get("/.well-known/jwks.json");
  auto checked = check_token(token, jwks.body);
  EXPECT_TRUE(checked.signature_ok) << checked.problem;
  auto after = h.post("/oauth/token", kJson, spec_token_body(c, kAudience));
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(check_token(token_of(after), jwks.body).header.at("kid"), checked.header.at("kid"))
      << "the same signing key is reused after a restart";
  EXPECT_EQ(h.stop(), 0);
}

TEST(Persistence, AdminChangesWhileRunningNeedNoRestart) {
  AuthdHarness h;
  h.create_api(kAudience);
  h.start();
  auto c = h.create_client("late arrival");
  EXPECT_TRUE(wait_for_token_status(h, c, 403)) << "known client, no grant yet";
  h.grant(c.client_id, kAudience);
  EXPECT_TRUE(wait_for_token_status(h, c, 200));
  h.admin_ok({"client", "delete", c.client_id});
  EXPECT_TRUE(wait_for_token_status(h, c, 401));
  EXPECT_EQ(h.stop(), 0);
}

TEST(Persistence, RotatedSecretReplacesTheOldOne) {
  AuthdHarness h;
  h.create_api(kAudience);
  auto c = h.create_client("bot");
  h.grant(c.client_id, kAudience);
  h.start();
  ASSERT_TRUE(wait_for_token_status(h, c, 200));
  auto out = h.admin_ok({"client", "rotate-secret", c.client_id, "--json"});
  Credentials rotated{c.client_id,
                      std::string(boost::json::parse(out).at("client_secret").as_string())};
  EXPECT_NE(rotated.client_secret, c.client_secret);
  EXPECT_TRUE(wait_for_token_status(h, c, 401));
  EXPECT_TRUE(wait_for_token_status(h, rotated, 200));
  EXPECT_EQ(h.stop(), 0);
}

TEST(Secrets, NeverInTheDatabaseTheLogsOrErrorBodies) {
  AuthdHarness h;
  h.create_api(kAudience);
  auto c = h.create_client("bot");
  h.grant(c.client_id, kAudience);
  h.start();
  std::vector<std::string> bodies;
  std::string token;
  for (const auto& aud : {std::string(kAudience), std::string("https://unknown/")}) {
    auto res = h.post("/oauth/token", kJson, spec_token_body(c, aud));
    if (res.status == 200)
      token = token_of(res);
    else
      bodies.push_back(res.body);
  }
  bodies.push_back(h.post("/oauth/token", kJson,
                          spec_token_body({c.client_id, c.client_secret + "x"}, kAudience))
                       .body);
  bodies.push_back(h.post("/oauth/token", "application/json",
                          R"({"grant_type":"client_credentials","client_secret":")" +
                              c.client_secret + R"(","client_secret":"dup"})")
                       .body);
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(h.stop(), 0);

  std::vector<std::pair<std::string, std::string>> places;  // (where, content)
  for (const auto& entry : std::filesystem::recursive_directory_iterator(h.data_dir() / "data")) {
    if (entry.is_regular_file())
      places.emplace_back(entry.path().string(), read_file(entry.path()));
  }
  for (const auto& line : h.process().lines()) places.emplace_back("stdout", line);
  places.emplace_back("stderr", h.process().stderr_text());
  for (const auto& b : bodies) places.emplace_back("error body", b);
  for (const auto& [where, content] : places) {
    EXPECT_EQ(content.find(c.client_secret), std::string::npos) << "secret in " << where;
    EXPECT_EQ(content.find(token), std::string::npos) << "token in " << where;
    // Signing keys are sealed at rest: no PEM private key anywhere.
    EXPECT_EQ(content.find("PRIVATE KEY"), std::string::npos) << "private key in " << where;
  }
}

TEST(Secrets, KeyAndDatabaseFilesAreOwnerOnly) {
  AuthdHarness h;
  h.create_api(kAudience);
  for (const char* name : {"master.key", "registry.db"}) {
    auto perms = std::filesystem::status(h.data_dir() / "data" / name).permissions();
    using p = std::filesystem::perms;
    EXPECT_EQ(perms & (p::group_all | p::others_all), p::none) << name;
  }
}

}  // namespace
}  // namespace xfx::testing
