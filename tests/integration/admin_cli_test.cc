// The admin commands as an operator runs them: clear one-line errors and non-zero exits.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "integration/support/authd_harness.h"

namespace xfx::testing {
namespace {

// One line, prefixed, naming the problem.
void expect_one_line_error(const CommandResult& r, std::string_view mentions) {
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.rfind("xfx-authd: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(mentions), std::string::npos) << r.err;
}

TEST(AdminCli, ApiIdentifierMustBeAnAbsoluteUri) {
  AuthdHarness h;
  expect_one_line_error(h.admin({"api", "create", "--identifier", "not a uri"}), "absolute URI");
}

TEST(AdminCli, DuplicatesAreErrorsUnlessIfNotExists) {
  AuthdHarness h;
  h.create_api("https://api.example/");
  expect_one_line_error(h.admin({"api", "create", "--identifier", "https://api.example/"}),
                        "https://api.example/");
  EXPECT_EQ(h.admin({"api", "create", "--identifier", "https://api.example/", "--if-not-exists"})
                .exit_code,
            0);
}

TEST(AdminCli, GrantForUnknownClientOrApiFails) {
  AuthdHarness h;
  h.create_api("https://api.example/", "read");
  auto c = h.create_client("bot");
  expect_one_line_error(
      h.admin({"grant", "create", "--client", "nosuch", "--api", "https://api.example/"}),
      "nosuch");
  expect_one_line_error(
      h.admin({"grant", "create", "--client", c.client_id, "--api", "https://nope/"}),
      "https://nope/");
  expect_one_line_error(h.admin({"grant", "create", "--client", c.client_id, "--api",
                                 "https://api.example/", "--scopes", "write"}),
                        "write");
}

TEST(AdminCli, DeletingWhatIsNotThereFails) {
  AuthdHarness h;
  expect_one_line_error(h.admin({"client", "delete", "nosuch"}), "nosuch");
  expect_one_line_error(h.admin({"api", "delete", "https://nope/"}), "https://nope/");
}

TEST(AdminCli, ListsNeverShowSecrets) {
  AuthdHarness h;
  auto c = h.create_client("bot");
  auto plain = h.admin_ok({"client", "list"});
  auto json = h.admin_ok({"client", "list", "--json"});
  EXPECT_NE(plain.find(c.client_id), std::string::npos);
  EXPECT_EQ(plain.find(c.client_secret), std::string::npos);
  EXPECT_EQ(json.find(c.client_secret), std::string::npos);
  EXPECT_EQ(boost::json::parse(json).as_array().size(), 1u);
}

TEST(AdminCli, ServeRefusesToRunWithoutTlsUnlessAskedTo) {
  AuthdHarness h;
  auto r = run_command({authd_binary(), "serve", "--data-dir", (h.data_dir() / "data").string(),
                        "--listen", "127.0.0.1:0"});
  expect_one_line_error(r, "--no-tls");
}

TEST(AdminCli, ServeHelpDocumentsEnvironmentVariables) {
  auto r = run_command({authd_binary(), "serve", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* env : {"XFX_LISTEN", "XFX_DATA_DIR", "XFX_ISSUER", "XFX_TLS_CERT", "XFX_TLS_KEY",
                          "XFX_NO_TLS", "XFX_THREADS", "XFX_RATE_LIMIT"}) {
    EXPECT_NE(r.out.find(env), std::string::npos) << env;
  }
}

TEST(AdminCli, DataDirFromEnvironment) {
  AuthdHarness h;
  auto dir = (h.data_dir() / "from-env").string();
  auto r = run_command({authd_binary(), "api", "create", "--identifier", "https://env.example/"},
                       {{"XFX_DATA_DIR", dir}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto list = run_command({authd_binary(), "api", "list"}, {{"XFX_DATA_DIR", dir}});
  EXPECT_NE(list.out.find("https://env.example/"), std::string::npos);
}

}  // namespace
}  // namespace xfx::testing
