// JwksCache against a fake Transport and a hand-driven clock: rotation, cooldown, outages,
// discovery, limits, single flight.
#include <atomic>
#include <thread>
#include <vector>

#include "verify_test_support.h"
#include "xfx/verify/jwks_cache.h"

namespace xfx::verify {
namespace {

using namespace xfx::verify::testing;
using std::chrono::seconds;

constexpr const char* kJwksUrl = "https://issuer.example/.well-known/jwks.json";
constexpr const char* kDiscoveryUrl = "https://issuer.example/.well-known/openid-configuration";

std::string jwks_json(std::initializer_list<jose::Key> keys) {
  return key_set(keys)->to_json();
}

std::string discovery_json(std::string_view issuer, std::string_view jwks_uri) {
  return boost::json::serialize(
      boost::json::object{{"issuer", issuer},
                          {"jwks_uri", jwks_uri},
                          {"token_endpoint", "https://issuer.example/oauth/token"}});
}

class JwksCacheTest : public ::testing::Test {
 protected:
  JwksCacheOptions options() {
    JwksCacheOptions o;
    o.jwks_uri = kJwksUrl;
    o.clock = clock_.fn();
    return o;
  }
  std::unique_ptr<JwksCache> make(JwksCacheOptions o) {
    return std::make_unique<JwksCache>(transport_, std::move(o));
  }

  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  FakeClock clock_;
};

TEST_F(JwksCacheTest, FirstLookupFetchesAndLaterLookupsDoNot) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  EXPECT_EQ(transport_->total(), 0);  // no I/O in the constructor
  EXPECT_EQ(cache->snapshot(), nullptr);
  ASSERT_TRUE(cache->find(rsa_key().kid()).has_value());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(cache->find(rsa_key().kid()).has_value());
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);
  EXPECT_EQ(cache->stats().fetches, 1u);
  ASSERT_NE(cache->snapshot(), nullptr);
  EXPECT_EQ(cache->snapshot()->size(), 1u);
}

TEST_F(JwksCacheTest, RotatedKeyIsAcceptedAfterOneRefetch) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  TokenVerifier verifier(default_config());
  ASSERT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);

  // The issuer rotates to a new key and publishes it next to the old one.
  const jose::Key& next = other_rsa_key();
  transport_->serve(kJwksUrl, jwks_json({rsa_key(), next}));
  clock_.advance(seconds(31));
  const std::string rotated = make_token(default_header(next), default_claims(), next);
  auto r = verifier.verify(rotated, *cache, now());
  ASSERT_TRUE(r.has_value()) << to_string(r.error());
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);
  EXPECT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);
}

TEST_F(JwksCacheTest, UnknownKidsWithinCooldownCauseNoFurtherFetches) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  ASSERT_TRUE(cache->find(rsa_key().kid()));
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);

  clock_.advance(seconds(31));
  EXPECT_FALSE(cache->find("made-up-0"));  // past the cooldown: one refetch
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);
  for (int i = 1; i < 1000; ++i) {
    EXPECT_FALSE(cache->find("made-up-" + std::to_string(i)));
    if (i % 100 == 0) clock_.advance(seconds(2));  // 18 s in all
  }
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);
  clock_.advance(seconds(11));  // 29 s: still within the cooldown
  EXPECT_FALSE(cache->find("made-up-29"));
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);
  clock_.advance(seconds(1));  // 30 s: the cooldown is over
  EXPECT_FALSE(cache->find("made-up-again"));
  EXPECT_EQ(transport_->calls(kJwksUrl), 3);
  EXPECT_EQ(cache->stats().fetches, 3u);
}

TEST_F(JwksCacheTest, EndpointDownKeepsCachedKeys) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  TokenVerifier verifier(default_config());
  ASSERT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());

  transport_->take_down(kJwksUrl);
  clock_.advance(seconds(601));
  cache->tick();  // scheduled refresh fails
  EXPECT_EQ(cache->stats().failures, 1u);
  EXPECT_EQ(cache->stats().last_error, JwksFetchError::kTransport);
  EXPECT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());
  EXPECT_FALSE(cache->find("unknown"));  // within cooldown of the failed attempt: no fetch
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);

  // A 500 or garbage or an empty set is no better than silence.
  transport_->serve(kJwksUrl, "oops", 500);
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kHttpStatus);
  transport_->serve(kJwksUrl, "{not json");
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kBadKeySet);
  transport_->serve(kJwksUrl, R"({"keys":[]})");
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kNoUsableKeys);
  EXPECT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());
  EXPECT_EQ(cache->snapshot()->size(), 1u);
}

TEST_F(JwksCacheTest, NoKeysEverFetchedMeansUnknownKey) {
  auto cache = make(options());  // nothing served: connection refused
  TokenVerifier verifier(default_config());
  EXPECT_EQ(verifier.verify(valid_token(), *cache, now()).error(), VerifyError::kUnknownKey);
  EXPECT_EQ(verifier.verify(valid_token(), *cache, now()).error(), VerifyError::kUnknownKey);
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  clock_.advance(seconds(30));
  EXPECT_TRUE(verifier.verify(valid_token(), *cache, now()).has_value());
}

TEST_F(JwksCacheTest, TickRefreshesOnSchedule) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  cache->tick();  // never fetched: due
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);
  clock_.advance(seconds(599));
  cache->tick();
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);
  clock_.advance(seconds(1));
  cache->tick();
  EXPECT_EQ(transport_->calls(kJwksUrl), 2);

  // After a failure it retries on the short cooldown, not the long interval.
  transport_->take_down(kJwksUrl);
  clock_.advance(seconds(600));
  cache->tick();
  EXPECT_EQ(transport_->calls(kJwksUrl), 3);
  clock_.advance(seconds(29));
  cache->tick();
  EXPECT_EQ(transport_->calls(kJwksUrl), 3);
  clock_.advance(seconds(1));
  cache->tick();
  EXPECT_EQ(transport_->calls(kJwksUrl), 4);
}

TEST_F(JwksCacheTest, DiscoveryFindsTheJwksUri) {
  const std::string jwks_at = "https://keys.issuer.example/jwks";
  transport_->serve(kDiscoveryUrl, discovery_json(kIssuer, jwks_at));
  transport_->serve(jwks_at, jwks_json({rsa_key()}));
  JwksCacheOptions o = options();
  o.jwks_uri.clear();
  o.issuer = std::string(kIssuer);  // trailing slash: no "//.well-known"
  auto cache = make(o);
  ASSERT_TRUE(cache->find(rsa_key().kid()));
  EXPECT_EQ(transport_->calls(kDiscoveryUrl), 1);
  EXPECT_EQ(transport_->calls(jwks_at), 1);
  // Refreshes reuse the discovered URI.
  clock_.advance(seconds(600));
  cache->tick();
  EXPECT_EQ(transport_->calls(kDiscoveryUrl), 1);
  EXPECT_EQ(transport_->calls(jwks_at), 2);
}

TEST_F(JwksCacheTest, DiscoveryWithoutTrailingSlashAndWithPath) {
  transport_->serve(kDiscoveryUrl, discovery_json("https://issuer.example", kJwksUrl));
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  JwksCacheOptions o = options();
  o.jwks_uri.clear();
  o.issuer = "https://issuer.example";
  EXPECT_TRUE(make(o)->refresh().has_value());

  const std::string tenant = "https://issuer.example/tenant-a/";
  transport_->serve("https://issuer.example/tenant-a/.well-known/openid-configuration",
                    discovery_json(tenant, kJwksUrl));
  o.issuer = tenant;
  EXPECT_TRUE(make(o)->refresh().has_value());
}

TEST_F(JwksCacheTest, DiscoveryIssuerMismatchIsRejected) {
  transport_->serve(kDiscoveryUrl, discovery_json("https://issuer.example", kJwksUrl));  // no slash
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  JwksCacheOptions o = options();
  o.jwks_uri.clear();
  o.issuer = std::string(kIssuer);
  auto cache = make(o);
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kIssuerMismatch);
  EXPECT_FALSE(cache->find(rsa_key().kid()));
  EXPECT_EQ(transport_->calls(kJwksUrl), 0);
  EXPECT_EQ(cache->snapshot(), nullptr);
}

TEST_F(JwksCacheTest, DiscoveryDocumentMustBeSound) {
  JwksCacheOptions o = options();
  o.jwks_uri.clear();
  o.issuer = std::string(kIssuer);
  auto cache = make(o);
  for (const char* doc : {"[]", "{", R"({"issuer":"https://issuer.example/"})",
                          R"({"issuer":"https://issuer.example/","jwks_uri":5})"}) {
    transport_->serve(kDiscoveryUrl, doc);
    EXPECT_EQ(cache->refresh().error(), JwksFetchError::kBadDiscovery) << doc;
  }
  transport_->serve(kDiscoveryUrl, discovery_json(kIssuer, "http://issuer.example/jwks"));
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kInsecureUrl);
}

TEST_F(JwksCacheTest, OversizedResponseIsRejected) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  ASSERT_TRUE(cache->refresh().has_value());
  std::string big = jwks_json({rsa_key()});
  big.insert(big.size() - 1, ",\"pad\":\"" + std::string(64 * 1024, 'x') + "\"");
  transport_->serve(kJwksUrl, big);
  EXPECT_EQ(cache->refresh().error(), JwksFetchError::kTooLarge);
  EXPECT_TRUE(cache->find(rsa_key().kid()));  // old keys kept
}

TEST_F(JwksCacheTest, KeyCountIsBounded) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key(), other_rsa_key(), ec_key()}));
  JwksCacheOptions o = options();
  o.max_keys = 2;
  EXPECT_EQ(make(o)->refresh().error(), JwksFetchError::kBadKeySet);
  o.max_keys = 3;
  EXPECT_TRUE(make(o)->refresh().has_value());
}

TEST_F(JwksCacheTest, RequiresHttpsUnlessAllowed) {
  JwksCacheOptions o = options();
  o.jwks_uri = "http://127.0.0.1:8080/.well-known/jwks.json";
  EXPECT_THROW(make(o), std::invalid_argument);
  o.allow_insecure_http = true;
  transport_->serve(o.jwks_uri, jwks_json({rsa_key()}));
  EXPECT_TRUE(make(o)->refresh().has_value());

  for (const char* bad : {"", "ftp://x/jwks", "https://", "https:///path", "file:///etc/passwd"}) {
    JwksCacheOptions b = options();
    b.jwks_uri = bad;
    EXPECT_THROW(make(b), std::invalid_argument) << bad;
  }
  JwksCacheOptions both = options();
  both.issuer = std::string(kIssuer);
  EXPECT_THROW(make(both), std::invalid_argument);
  EXPECT_THROW(JwksCache(nullptr, options()), std::invalid_argument);
  JwksCacheOptions upper = options();
  upper.jwks_uri = "HTTPS://issuer.example/jwks";
  EXPECT_NO_THROW(make(upper));
}

TEST_F(JwksCacheTest, OneFetchInFlightForManyThreads) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  auto cache = make(options());
  transport_->close_gate();
  constexpr int kThreads = 8;
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      if (cache->find(rsa_key().kid())) ++found;
    });
  }
  transport_->wait_until_blocked(1);
  // Give the others time to pile up behind the one fetch.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  transport_->open_gate();
  for (auto& t : threads) t.join();
  EXPECT_EQ(found.load(), kThreads);
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);
}

TEST_F(JwksCacheTest, BackgroundRefreshStartsAndStopsPromptly) {
  transport_->serve(kJwksUrl, jwks_json({rsa_key()}));
  JwksCacheOptions o;  // real clock
  o.jwks_uri = kJwksUrl;
  auto cache = make(o);
  cache->start_background_refresh(std::chrono::milliseconds(5));
  for (int i = 0; i < 200 && cache->snapshot() == nullptr; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_NE(cache->snapshot(), nullptr);
  const auto start = std::chrono::steady_clock::now();
  cache->start_background_refresh(std::chrono::hours(1));  // already running: no-op
  cache->stop_background_refresh();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(transport_->calls(kJwksUrl), 1);  // 10 minutes have not passed

  cache->start_background_refresh(std::chrono::hours(1));
  const auto start2 = std::chrono::steady_clock::now();
  cache.reset();  // the destructor stops the thread without waiting out the hour
  EXPECT_LT(std::chrono::steady_clock::now() - start2, std::chrono::seconds(1));
}

}  // namespace
}  // namespace xfx::verify
