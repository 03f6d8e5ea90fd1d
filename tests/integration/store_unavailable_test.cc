// CONFORMANCE.md's "store unavailable → 503 temporarily_unavailable + Retry-After", with a real
// fault: another connection holds an exclusive lock on the registry when the server starts.
// The server must come up anyway, answer 503 (and /readyz 503), and recover by itself when the
// lock goes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include "integration/support/authd_harness.h"

namespace xfx::testing {
namespace {

constexpr char kAudience[] = "https://api.xfx.io/trading";

// Waits (bounded) until GET /readyz answers `status`.
bool wait_for_readiness(AuthdHarness& h, int status) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (h.get("/readyz").status == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling an external process
  }
  return false;
}

TEST(StoreUnavailable, TokenRequestsGet503UntilTheStoreIsBack) {
  AuthdHarness h;
  h.create_api(kAudience);
  auto c = h.create_client("bot");
  h.grant(c.client_id, kAudience);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((h.data_dir() / "data" / "registry.db").c_str(), &db), SQLITE_OK);
  // In WAL mode only an exclusive-locking-mode writer keeps readers out.
  ASSERT_EQ(sqlite3_exec(db,
                         "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; "
                         "CREATE TABLE lock_probe(x);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  h.start();

  ASSERT_TRUE(wait_for_readiness(h, 503));
  auto res = h.post("/oauth/token", "application/json", spec_token_body(c, kAudience));
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(boost::json::parse(res.body).at("error").as_string(), "temporarily_unavailable");
  EXPECT_TRUE(res.header("Retry-After"));
  // Health (liveness) stays green: the process is fine, its dependency is not.
  EXPECT_EQ(h.get("/healthz").status, 200);

  ASSERT_EQ(sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ASSERT_TRUE(wait_for_readiness(h, 200));
  EXPECT_EQ(h.post("/oauth/token", "application/json", spec_token_body(c, kAudience)).status, 200);
  EXPECT_EQ(h.stop(), 0);
}

}  // namespace
}  // namespace xfx::testing
