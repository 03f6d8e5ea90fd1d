// The verifier's key source: the issuer's JWKS, fetched over an injected Transport and published
// as immutable snapshots (Envoy's shared_ptr<const Jwks> pattern).
//
// Fetch policy:
//  - The constructor does no I/O. The first find() (or tick()/refresh()) fetches.
//  - find() of an unknown kid refetches at most once per `unknown_kid_cooldown`, counted from the
//    last fetch attempt of any kind, so a stream of made-up kids costs the issuer one request per
//    cooldown. Only one fetch is ever in flight: a thread that needs a fetch while one is running
//    waits for that fetch and then looks again (it is the fetch that can bring a rotated key), and
//    never starts a second one.
//  - tick() refreshes when due: every `refresh_interval` after a success, every
//    `unknown_kid_cooldown` after a failure. Drive it from your own timer, or let
//    start_background_refresh() run a thread the cache owns.
//  - A failed fetch (transport error, non-200, oversized, bad JSON, no usable keys, issuer
//    mismatch) never replaces the last good snapshot.
//  - URLs must be https:// unless allow_insecure_http is set (tests and loopback only). TLS
//    verification is the Transport's job (make_curl_transport always verifies).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "xfx/client/transport.h"
#include "xfx/expected.h"
#include "xfx/jose/key.h"
#include "xfx/verify/key_resolver.h"

namespace xfx::verify {

enum class JwksFetchError {
  kTransport,       // connect, timeout, TLS
  kHttpStatus,      // anything but 200
  kTooLarge,        // body over max_response_bytes
  kBadDiscovery,    // discovery document is not JSON with a string jwks_uri
  kIssuerMismatch,  // discovery document's issuer differs from the configured one
  kInsecureUrl,     // jwks_uri from discovery is not https (and insecure is not allowed)
  kBadKeySet,       // not a JWK Set, a malformed key, or too many keys
  kNoUsableKeys,    // a well-formed set with no key xfx can use: keep the old keys instead
};

std::string_view to_string(JwksFetchError e);

struct JwksCacheOptions {
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // Exactly one of these. With `issuer`, jwks_uri comes from
  // {issuer without trailing '/'}/.well-known/openid-configuration, whose "issuer" must equal
  // `issuer` exactly.
  std::string jwks_uri;
  std::string issuer;

  std::chrono::seconds unknown_kid_cooldown{30};
  std::chrono::seconds refresh_interval{600};
  std::size_t max_response_bytes = 64 * 1024;
  std::size_t max_keys = jose::KeySet::kDefaultMaxKeys;
  bool allow_insecure_http = false;
  Clock clock;  // empty: std::chrono::steady_clock::now
};

struct JwksCacheStats {
  std::uint64_t fetches = 0;                 // fetch attempts (a discovery + JWKS pair counts once)
  std::uint64_t failures = 0;                // attempts that kept the old snapshot
  std::optional<JwksFetchError> last_error;  // of the most recent attempt, if it failed
};

class JwksCache final : public KeyResolver {
 public:
  // Throws std::invalid_argument if not exactly one of jwks_uri/issuer is set, a URL is not
  // https (unless allowed), the transport is null, or a limit is zero.
  JwksCache(std::shared_ptr<client::Transport> transport, JwksCacheOptions options);
  ~JwksCache() override;
  JwksCache(const JwksCache&) = delete;
  JwksCache& operator=(const JwksCache&) = delete;

  // The key with this kid; on a miss, refetches per the policy above and looks again.
  std::optional<jose::Key> find(std::string_view kid) override;

  // The current key set; null until the first successful fetch.
  std::shared_ptr<const jose::KeySet> snapshot() const { return snapshot_.load(); }

  // Fetches now, regardless of cooldown (or waits for the fetch already in flight and returns its
  // outcome). For start-up ("fail fast if the issuer is unreachable") and tests.
  expected<void, JwksFetchError> refresh();
  // Refreshes if due (see the policy above). Cheap when not due.
  void tick();

  // Runs tick() every `poll` on a thread this cache owns, until stop_background_refresh() or
  // destruction; stopping wakes the thread at once (it may still finish a fetch in flight).
  void start_background_refresh(std::chrono::milliseconds poll = std::chrono::seconds(1));
  void stop_background_refresh();

  JwksCacheStats stats() const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  enum class Trigger { kForced, kUnknownKid, kScheduled };

  TimePoint now() const;
  // Runs or joins the single in-flight fetch. Returns nullopt if the trigger's policy said "not
  // now" (cooldown / not due) and no fetch ran.
  std::optional<expected<void, JwksFetchError>> fetch_single_flight(Trigger trigger);
  expected<std::shared_ptr<const jose::KeySet>, JwksFetchError> fetch_key_set();
  expected<std::string, JwksFetchError> get(const std::string& url);
  expected<std::string, JwksFetchError> discover_jwks_uri();

  std::shared_ptr<client::Transport> transport_;
  JwksCacheOptions options_;
  std::atomic<std::shared_ptr<const jose::KeySet>> snapshot_;

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable fetch_done_;
  bool fetching_ = false;
  std::uint64_t generation_ = 0;  // completed fetches, so waiters know theirs finished
  std::optional<TimePoint> last_attempt_;
  std::optional<TimePoint> next_refresh_;  // nullopt: due now
  expected<void, JwksFetchError> last_result_;
  std::string discovered_jwks_uri_;  // only the fetching thread touches it (fetching_ set)
  JwksCacheStats stats_;

  std::mutex thread_mu_;
  std::condition_variable thread_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace xfx::verify
