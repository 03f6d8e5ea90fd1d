// Issue 4's resource-server acceptance list: tokens from a real xfx-authd presented to a real
// xfx-api-demo over TLS (and, for start-up before the issuer, plain HTTP), on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "demo_process.h"
#include "integration/support/authd_harness.h"

namespace xfx::testing {
namespace {

constexpr char kAudience[] = "https://api.xfx.io/trading";
constexpr char kOtherAudience[] = "https://api.xfx.io/other";

std::string token_body(const Credentials& c, const std::string& audience,
                       const std::string& scope = "") {
  boost::json::object body{{"client_id", c.client_id},
                           {"client_secret", c.client_secret},
                           {"audience", audience},
                           {"grant_type", "client_credentials"}};
  if (!scope.empty()) body["scope"] = scope;
  return boost::json::serialize(body);
}

std::string get_token(AuthdHarness& authd, const Credentials& c, const std::string& audience,
                      const std::string& scope = "") {
  auto res = authd.post("/oauth/token", "application/json", token_body(c, audience, scope));
  EXPECT_EQ(res.status, 200) << res.body;
  if (res.status != 200) return "";
  return std::string(boost::json::parse(res.body).at("access_token").as_string());
}

client::HeaderList bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

boost::json::object json_of(const client::HttpResponse& res) {
  boost::system::error_code ec;
  auto v = boost::json::parse(res.body, ec);
  EXPECT_FALSE(ec) << res.body;
  return !ec && v.is_object() ? v.as_object() : boost::json::object{};
}

// A JSON string's text, or the value serialized (so a mismatch shows what was there instead).
std::string text(const boost::json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v);
}

std::set<std::string> strings_of(const boost::json::value& v) {
  std::set<std::string> out;
  for (const auto& s : v.as_array()) out.emplace(s.as_string());
  return out;
}

void expect_challenge(const client::HttpResponse& res, int status, const std::string& error) {
  EXPECT_EQ(res.status, status) << res.body;
  auto challenge = std::string(res.header("WWW-Authenticate").value_or(""));
  EXPECT_EQ(challenge.rfind("Bearer realm=\"", 0), 0u) << challenge;
  EXPECT_NE(challenge.find("error=\"" + error + "\""), std::string::npos) << challenge;
  EXPECT_EQ(res.header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(text(json_of(res)["error"]), error) << res.body;
}

// Both servers over TLS with the test CA; the demo discovers its keys from the issuer.
class ApiDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    authd_ = new AuthdHarness();
    authd_->create_api(kAudience, "read:orders write:orders");
    authd_->create_api(kOtherAudience, "read:orders");
    trader_ = authd_->create_client("trading bot");
    authd_->grant(trader_.client_id, kAudience, "read:orders write:orders");
    authd_->grant(trader_.client_id, kOtherAudience, "read:orders");
    reader_ = authd_->create_client("read-only dashboard");
    authd_->grant(reader_.client_id, kAudience, "read:orders");
    authd_->start({}, /*tls=*/true);

    const auto tls = authd_->data_dir() / "tls";
    demo_ = new DemoProcess(
        {"--issuer", authd_->base_url() + "/", "--audience", kAudience, "--ca-file",
         authd_->ca_file().string(), "--tls-cert", (tls / "server.pem").string(), "--tls-key",
         (tls / "server.key").string(), "--jwks-refetch-cooldown", "1"},
        /*tls=*/true);
    ASSERT_TRUE(poll_until([] { return get("/healthz").status == 200; }))
        << "the demo never loaded the issuer's keys";
  }
  static void TearDownTestSuite() {
    if (demo_ != nullptr) {
      for (const auto& line : demo_->process().lines()) {
        for (const auto& signature : signatures_) {
          EXPECT_EQ(line.find(signature), std::string::npos) << "token logged: " << line;
        }
      }
      EXPECT_EQ(demo_->terminate(), 0) << "SIGTERM must stop the demo gracefully";
    }
    EXPECT_EQ(authd_->stop(), 0);
    delete demo_;
    delete authd_;
  }

  static client::HttpResponse get(const std::string& path, client::HeaderList headers = {}) {
    return send(authd_->http(), "GET", demo_->url(path), std::move(headers));
  }
  static client::HttpResponse post(const std::string& path, const std::string& body,
                                   client::HeaderList headers) {
    headers.emplace_back("Content-Type", "application/json");
    return send(authd_->http(), "POST", demo_->url(path), std::move(headers), body);
  }
  static std::string token(const Credentials& c, const std::string& audience = kAudience,
                           const std::string& scope = "") {
    auto t = get_token(*authd_, c, audience, scope);
    // Signatures are what no log line may contain.
    signatures_.push_back(t.substr(t.rfind('.') + 1));
    return t;
  }
  static std::string trader_token(const std::string& scope = "") {
    return token(trader_, kAudience, scope);
  }

  static AuthdHarness* authd_;
  static DemoProcess* demo_;
  static Credentials trader_;
  static Credentials reader_;
  static std::vector<std::string> signatures_;
};

AuthdHarness* ApiDemoTest::authd_ = nullptr;
DemoProcess* ApiDemoTest::demo_ = nullptr;
Credentials ApiDemoTest::trader_;
Credentials ApiDemoTest::reader_;
std::vector<std::string> ApiDemoTest::signatures_;

TEST_F(ApiDemoTest, TokenFromAuthdIsAcceptedAndWhoamiShowsTheCaller) {
  auto res = get("/v1/whoami", bearer(trader_token()));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Cache-Control").value_or(""), "no-store");
  auto body = json_of(res);
  EXPECT_EQ(text(body["client_id"]), trader_.client_id);
  EXPECT_EQ(text(body["subject"]), trader_.client_id + "@clients");
  EXPECT_EQ(strings_of(body["audience"]), std::set<std::string>{kAudience});
  EXPECT_EQ(strings_of(body["scopes"]), (std::set<std::string>{"read:orders", "write:orders"}));
  const auto now = std::chrono::system_clock::now().time_since_epoch() / std::chrono::seconds(1);
  EXPECT_GT(body["expires_at"].to_number<std::int64_t>(), now);

  // The access log names the caller (never the token: checked in TearDownTestSuite).
  auto logged = demo_->process().wait_for_line(
      [](const std::string& l) {
        return l.find("\"path\":\"/v1/whoami\"") != std::string::npos &&
               l.find(trader_.client_id) != std::string::npos;
      },
      std::chrono::seconds(5));
  EXPECT_TRUE(logged.has_value());
}

TEST_F(ApiDemoTest, SameTokenWithOneByteChangedIsInvalidToken) {
  const std::string token = trader_token();
  const auto dot1 = token.find('.');
  const auto dot2 = token.rfind('.');
  // One position in each segment: header, claims, signature.
  for (std::size_t pos : {dot1 / 2, (dot1 + dot2) / 2, (dot2 + token.size()) / 2}) {
    std::string tampered = token;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    SCOPED_TRACE("byte " + std::to_string(pos));
    expect_challenge(get("/v1/whoami", bearer(tampered)), 401, "invalid_token");
  }
}

TEST_F(ApiDemoTest, NoTokenGetsThePlainChallenge) {
  for (const char* path : {"/v1/whoami", "/v1/orders"}) {
    auto res = get(path);
    EXPECT_EQ(res.status, 401) << res.body;
    auto challenge = std::string(res.header("WWW-Authenticate").value_or(""));
    EXPECT_EQ(challenge.rfind("Bearer realm=\"", 0), 0u) << challenge;
    EXPECT_EQ(challenge.find("error"), std::string::npos) << "RFC 6750 §3.1: " << challenge;
  }
  // Another scheme carries no bearer credentials: the same plain challenge.
  auto basic = get("/v1/whoami", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(basic.status, 401);
  EXPECT_EQ(std::string(basic.header("WWW-Authenticate").value_or("")).find("error"),
            std::string::npos);
}

TEST_F(ApiDemoTest, TokenWithoutWriteScopeIsInsufficientScopeOnPost) {
  const std::string order = R"({"symbol":"XFX/USD","quantity":5})";
  // A client granted only read:orders, and a client that asked for only read:orders.
  for (const auto& t : {token(reader_), trader_token("read:orders")}) {
    EXPECT_EQ(get("/v1/orders", bearer(t)).status, 200);
    auto res = post("/v1/orders", order, bearer(t));
    expect_challenge(res, 403, "insufficient_scope");
    auto challenge = std::string(res.header("WWW-Authenticate").value_or(""));
    EXPECT_NE(challenge.find("scope=\"write:orders\""), std::string::npos) << challenge;
  }
}

TEST_F(ApiDemoTest, TokenForAnotherAudienceIsInvalidToken) {
  expect_challenge(get("/v1/orders", bearer(token(trader_, kOtherAudience))), 401, "invalid_token");
}

TEST_F(ApiDemoTest, MalformedAuthorizationHeaderIsInvalidRequest) {
  const std::string token = trader_token();
  for (const auto& headers : std::vector<client::HeaderList>{
           {{"Authorization", "Bearer two words"}},
           {{"Authorization", "Bearer " + token + " trailing"}},
           {{"Authorization", "Bearer " + token}, {"Authorization", "Bearer " + token}}}) {
    expect_challenge(get("/v1/whoami", headers), 400, "invalid_request");
  }
}

TEST_F(ApiDemoTest, OrdersCanBeListedAndPlaced) {
  const std::string token = trader_token();
  auto placed = post("/v1/orders", R"({"symbol":"XFX/USD","quantity":42})", bearer(token));
  ASSERT_EQ(placed.status, 201) << placed.body;
  auto order = json_of(placed);
  EXPECT_EQ(text(order["symbol"]), "XFX/USD");
  EXPECT_EQ(text(order["quantity"]), "42");
  EXPECT_EQ(text(order["placed_by"]), trader_.client_id);

  auto listed = get("/v1/orders", bearer(token));
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  const auto orders = json_of(listed);
  for (const auto& o : orders.at("orders").as_array()) {
    found = found || o.at("id") == order["id"];
  }
  EXPECT_TRUE(found) << listed.body;
}

TEST_F(ApiDemoTest, BadOrderBodyIs400) {
  const std::string token = trader_token();
  for (const char* body :
       {"", "not json", "{\"symbol\":\"XFX/USD\",\"quantity\":1", "[]", "{\"quantity\":1}",
        "{\"symbol\":7,\"quantity\":1}", "{\"symbol\":\"\",\"quantity\":1}",
        "{\"symbol\":\"XFX/USD\"}", "{\"symbol\":\"XFX/USD\",\"quantity\":0}",
        "{\"symbol\":\"XFX/USD\",\"quantity\":-3}", "{\"symbol\":\"XFX/USD\",\"quantity\":1.5}",
        "{\"symbol\":\"XFX/USD\",\"quantity\":\"10\"}",
        "{\"symbol\":\"XFX/USD\",\"quantity\":99999999999999999999}"}) {
    SCOPED_TRACE(body);
    auto res = post("/v1/orders", body, bearer(token));
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(text(json_of(res)["error"]), "invalid_request");
  }
}

TEST_F(ApiDemoTest, UnknownRoutesAreJson404And405) {
  auto missing = get("/v1/nothing", bearer(trader_token()));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(text(json_of(missing)["error"]), "not_found");
  auto wrong_method = send(authd_->http(), "DELETE", demo_->url("/v1/orders"));
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(text(json_of(wrong_method)["error"]), "method_not_allowed");
}

// Rotating twice makes the issuer sign with a key the demo has never seen (the first rotation only
// promotes the already-published next key), so acceptance proves the demo refetched.
TEST_F(ApiDemoTest, KeyRotationNewKidIsAcceptedAfterRefetch) {
  const std::string before = trader_token();
  ASSERT_EQ(get("/v1/whoami", bearer(before)).status, 200);
  std::set<std::string> known_kids;
  const auto jwks = json_of(authd_->get("/.well-known/jwks.json"));
  for (const auto& key : jwks.at("keys").as_array()) {
    known_kids.emplace(key.at("kid").as_string());
  }
  const auto jwks_fetches = authd_->requests_logged("/.well-known/jwks.json");

  authd_->admin_ok({"keys", "rotate", "--alg", "RS256"});
  authd_->admin_ok({"keys", "rotate", "--alg", "RS256"});
  std::string after;
  ASSERT_TRUE(poll_until([&] {
    after = trader_token();
    return known_kids.count(kid_of(after)) == 0;
  })) << "xfx-authd never signed with the new key";

  // The first request with the new kid triggers the refetch once the (1 s) cooldown has passed.
  client::HttpResponse res;
  ASSERT_TRUE(poll_until([&] {
    res = get("/v1/whoami", bearer(after));
    return res.status == 200;
  })) << res.status
      << " " << res.body;
  EXPECT_EQ(text(json_of(res)["client_id"]), trader_.client_id);
  EXPECT_GT(authd_->requests_logged("/.well-known/jwks.json"), jwks_fetches);
}

// The demo starts while its issuer is down, answers 503 until it has keys, then works; plain HTTP
// with an explicit --jwks-uri and --allow-insecure-jwks.
TEST(ApiDemoStartupTest, StartsBeforeTheIssuerAndServesOnceKeysArrive) {
  AuthdHarness authd;
  authd.create_api(kAudience, "read:orders write:orders");
  auto client = authd.create_client("early bird");
  authd.grant(client.client_id, kAudience);
  // The issuer's address is fixed before it runs, outside the range the kernel hands out to
  // other tests' sockets, so nothing else can be on it.
  const auto port = free_port_outside_ephemeral_range();
  const std::string issuer_url = "http://localhost:" + std::to_string(port);

  DemoProcess demo({"--no-tls", "--issuer", issuer_url + "/", "--audience", kAudience, "--jwks-uri",
                    issuer_url + "/.well-known/jwks.json", "--allow-insecure-jwks",
                    "--jwks-refetch-cooldown", "1"},
                   /*tls=*/false);
  auto health = send(authd.http(), "GET", demo.url("/healthz"));
  EXPECT_EQ(health.status, 503) << health.body;
  auto early = send(authd.http(), "GET", demo.url("/v1/whoami"), bearer("a.b.c"));
  EXPECT_EQ(early.status, 503) << early.body;
  EXPECT_EQ(text(json_of(early)["error"]), "temporarily_unavailable");
  EXPECT_TRUE(early.header("Retry-After").has_value());

  authd.start({}, /*tls=*/false, port);
  ASSERT_EQ(authd.base_url(), issuer_url);

  const std::string token = get_token(authd, client, kAudience);
  client::HttpResponse res;
  ASSERT_TRUE(poll_until([&] {
    res = send(authd.http(), "GET", demo.url("/v1/whoami"), bearer(token));
    return res.status == 200;
  })) << res.status
      << " " << res.body;
  EXPECT_EQ(text(json_of(res)["client_id"]), client.client_id);
  EXPECT_EQ(send(authd.http(), "GET", demo.url("/healthz")).status, 200);

  EXPECT_EQ(demo.terminate(), 0);
  EXPECT_EQ(authd.stop(), 0);
}

}  // namespace
}  // namespace xfx::testing
