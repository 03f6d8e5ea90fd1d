// Issue 4 part 6: `xfx verify` against a real xfx-authd over TLS. A token the server issued is
// verified (keys discovered from the issuer, trusted through the test CA); tampered, mis-addressed
// and under-scoped tokens are rejected with the precise reason; the token is never printed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "integration/support/authd_harness.h"

namespace xfx::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

constexpr char kAudience[] = "https://api.xfx.io/trading";
constexpr char kOther[] = "https://other.example/";

class CliVerifyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new AuthdHarness();
    harness_->create_api(kAudience, "read:orders write:orders");
    harness_->create_api(kOther, "read");
    const Credentials creds = harness_->create_client("cli verify");
    client_id_ = new std::string(creds.client_id);
    harness_->grant(creds.client_id, kAudience, "read:orders");
    harness_->start({}, /*tls=*/true);

    const auto res =
        harness_->post("/oauth/token", "application/json", spec_token_body(creds, kAudience));
    ASSERT_EQ(res.status, 200) << res.body;
    token_ = new std::string(boost::json::parse(res.body).at("access_token").as_string());
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(harness_->stop(), 0) << harness_->process().stderr_text();
    delete harness_;
    delete token_;
    delete client_id_;
  }

  static std::string issuer() { return harness_->base_url() + "/"; }

  // xfx verify TOKEN --issuer ... --ca-file ... plus `args`, with no XFX_* settings inherited.
  static CommandResult verify(const std::string& token, std::vector<std::string> args = {},
                              bool with_audience = true) {
    std::vector<std::string> argv{XFX_CLI_BIN,
                                  "verify",
                                  token,
                                  "--issuer",
                                  issuer(),
                                  "--ca-file",
                                  harness_->ca_file().string()};
    if (with_audience) argv.insert(argv.end(), {"--audience", kAudience});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, clean_env());
  }

  static std::map<std::string, std::string> clean_env() {
    return {{"XFX_ISSUER", ""}, {"XFX_AUDIENCE", ""}, {"XFX_CA_FILE", ""}, {"XFX_JWKS_URI", ""}};
  }

  // The token must never be echoed, whole or as its signature.
  static void expect_no_token(const CommandResult& r, const std::string& token) {
    const std::string signature = token.substr(token.rfind('.') + 1);
    for (const std::string* stream : {&r.out, &r.err}) {
      EXPECT_THAT(*stream, Not(HasSubstr(token)));
      EXPECT_THAT(*stream, Not(HasSubstr(signature)));
    }
  }

  static AuthdHarness* harness_;
  static std::string* token_;
  static std::string* client_id_;
};

AuthdHarness* CliVerifyTest::harness_ = nullptr;
std::string* CliVerifyTest::token_ = nullptr;
std::string* CliVerifyTest::client_id_ = nullptr;

TEST_F(CliVerifyTest, AValidTokenPrintsItsVerifiedClaims) {
  const auto r = verify(*token_, {"--scope", "read:orders"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto claims = boost::json::parse(r.out).as_object();
  EXPECT_EQ(claims.at("verified"), true);
  EXPECT_EQ(claims.at("issuer").as_string(), issuer());
  EXPECT_EQ(claims.at("client_id").as_string(), *client_id_);
  EXPECT_EQ(claims.at("audiences"), boost::json::array{kAudience});
  EXPECT_EQ(claims.at("scopes"), boost::json::array{"read:orders"});
  EXPECT_FALSE(claims.at("subject").as_string().empty());
  EXPECT_FALSE(claims.at("token_id").as_string().empty());
  EXPECT_THAT(std::string(claims.at("expires_at").as_string()), ::testing::EndsWith("Z"));
  EXPECT_GT(claims.at("expires_in").to_number<std::int64_t>(), 0);
  EXPECT_TRUE(claims.at("issued_at").is_string());
  EXPECT_THAT(r.out, HasSubstr("\n  \"client_id\": ")) << "pretty-printed";
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, OneChangedByteIsAnInvalidSignature) {
  std::string tampered = *token_;
  const std::size_t at = tampered.rfind('.') + 10;  // inside the signature, not its last char
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  const auto r = verify(tampered);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("The token signature is invalid (bad_signature)"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  expect_no_token(r, tampered);
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, AWrongAudienceIsRejectedNamingTheAudience) {
  const auto r = verify(*token_, {"--audience", kOther}, /*with_audience=*/false);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("wrong_audience"));
  EXPECT_THAT(r.err, HasSubstr(std::string("expected audience ") + kOther));
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, AMissingRequiredScopeIsRejectedNamingIt) {
  const auto r = verify(*token_, {"--scope", "read:orders", "--scope", "write:orders"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("insufficient_scope"));
  EXPECT_THAT(r.err, HasSubstr("missing scope write:orders"));
  EXPECT_THAT(r.err, Not(HasSubstr("missing scope read:orders")));
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, TokenFromStdinAndSettingsFromTheEnvironment) {
  const fs::path file = harness_->data_dir() / "token.txt";
  std::ofstream(file) << *token_ << "\n";
  auto env = clean_env();
  env["XFX_ISSUER"] = issuer();
  env["XFX_AUDIENCE"] = kAudience;
  env["XFX_CA_FILE"] = harness_->ca_file().string();
  env["XFX_TEST_BIN"] = XFX_CLI_BIN;
  env["XFX_TEST_TOKEN_FILE"] = file.string();
  const auto r =
      run_command({"sh", "-c", R"(exec "$XFX_TEST_BIN" verify - < "$XFX_TEST_TOKEN_FILE")"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(boost::json::parse(r.out).at("client_id").as_string(), *client_id_);
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, ATokenOfTheWrongTypeIsRejected) {
  const auto r = verify(*token_, {"--typ", "at+jwt"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("wrong_type"));
}

TEST_F(CliVerifyTest, UnreachableKeysExitThree) {
  const auto r = verify(*token_, {"--jwks-uri", "https://127.0.0.1:1/.well-known/jwks.json"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("could not fetch the signing keys"));
  expect_no_token(r, *token_);
}

TEST_F(CliVerifyTest, AnIssuerWithoutItsSlashFailsDiscoveryWithAHint) {
  std::vector<std::string> argv{XFX_CLI_BIN,
                                "verify",
                                *token_,
                                "--issuer",
                                harness_->base_url(),
                                "--ca-file",
                                harness_->ca_file().string(),
                                "--audience",
                                kAudience};
  const auto r = run_command(argv, clean_env());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("issuer_mismatch"));
  EXPECT_THAT(r.err, HasSubstr("trailing '/'"));
}

TEST_F(CliVerifyTest, UsageErrorsExitTwo) {
  const auto no_audience = verify(*token_, {}, /*with_audience=*/false);
  EXPECT_EQ(no_audience.exit_code, 2) << no_audience.err;
  EXPECT_THAT(no_audience.err, HasSubstr("--audience"));
  expect_no_token(no_audience, *token_);

  const auto bad_typ = verify(*token_, {"--typ", "jwt2"});
  EXPECT_EQ(bad_typ.exit_code, 2) << bad_typ.err;

  const auto bad_alg = verify(*token_, {"--alg", "HS256"});
  EXPECT_EQ(bad_alg.exit_code, 2) << bad_alg.err;
}

}  // namespace
}  // namespace xfx::testing
