#include "demo_server.h"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "demo_api.h"
#include "xfx/client/transport.h"
#include "xfx/verify/jwks_cache.h"
#include "xfx/verify/request_authenticator.h"
#include "xfx/verify/token_cache.h"

namespace xfx::api_demo {
namespace {

constexpr std::size_t kMaxJwksBytes = 64 * 1024;

void log_event(const http::LogSink& log, boost::json::object fields) {
  if (log) log(boost::json::serialize(fields));
}

std::shared_ptr<verify::JwksCache> make_key_cache(const DemoConfig& c) {
  client::CurlTransportOptions transport;
  transport.ca_file = c.ca_file;
  // A request with an unknown kid waits for the refetch it triggers, on an I/O thread: keep that
  // wait short. It also bounds how long shutdown waits for a fetch in flight.
  transport.connect_timeout = std::chrono::seconds(2);
  transport.total_timeout = std::chrono::seconds(5);
  transport.max_response_bytes = kMaxJwksBytes;

  verify::JwksCacheOptions options;
  if (c.jwks_uri.empty()) {
    options.issuer = c.issuer;
  } else {
    options.jwks_uri = c.jwks_uri;
  }
  options.unknown_kid_cooldown = c.jwks_cooldown;
  options.refresh_interval = c.jwks_refresh;
  options.max_response_bytes = kMaxJwksBytes;
  options.allow_insecure_http = c.allow_insecure_jwks;
  try {
    return std::make_shared<verify::JwksCache>(client::make_curl_transport(transport), options);
  } catch (const std::invalid_argument&) {
    throw std::runtime_error(
        "--issuer and --jwks-uri must be https:// URLs (pass --allow-insecure-jwks to fetch keys "
        "over plain HTTP, for tests on loopback only)");
  }
}

std::shared_ptr<const verify::RequestAuthenticator> make_authenticator(
    const DemoConfig& c, std::shared_ptr<verify::KeyResolver> keys) {
  verify::VerifierConfig v;
  v.issuer = c.issuer;
  v.audiences = c.audiences;
  v.type = c.token_type;
  try {
    return std::make_shared<const verify::RequestAuthenticator>(
        verify::TokenVerifier(std::move(v)), std::move(keys),
        std::make_shared<verify::VerifiedTokenCache>(), "xfx-api-demo");
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("verifier configuration: ") + e.what());
  }
}

// The first key set is fetched here rather than before listening, so the API starts (answering
// 503 until keys arrive) even when the issuer is not up yet, as under `make run`. Retries back off
// from 250 ms up to the cooldown; after the first success the cache's own refresh takes over.
std::jthread start_first_fetch(verify::JwksCache& cache, std::chrono::milliseconds max_delay,
                               const http::LogSink& log) {
  return std::jthread([&cache, max_delay, &log](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    std::chrono::milliseconds delay(250);
    while (!stop.stop_requested()) {
      auto fetched = cache.refresh();
      if (fetched) {
        auto keys = cache.snapshot();
        log_event(log, {{"event", "jwks_loaded"}, {"keys", keys ? keys->size() : 0}});
        return;
      }
      log_event(log, {{"event", "jwks_fetch_failed"},
                      {"reason", verify::to_string(fetched.error())},
                      {"retry_in_ms", delay.count()}});
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, delay, [] { return false; });
      delay = std::min(delay * 2, std::max(max_delay, std::chrono::milliseconds(250)));
    }
  });
}

}  // namespace

int run_demo(const DemoConfig& c, const http::LogSink& log) {
  auto keys = make_key_cache(c);
  DemoApi api(make_authenticator(c, keys), [keys] { return keys->snapshot() != nullptr; });
  const http::Router router = api.router();

  http::ServerConfig sc;
  sc.host = c.host;
  sc.port = c.port;
  sc.threads = c.threads;
  if (!c.tls_cert.empty()) sc.tls = http::make_tls_context(c.tls_cert, c.tls_key);
  http::Server server(
      std::move(sc),
      [&router](const http::Request& req, http::RequestContext& ctx) { return router(req, ctx); },
      log);
  // Signals first: the "listening" line tells supervisors (and tests) they may send SIGTERM, and
  // one arriving before the handler is in place would kill the process instead of stopping it.
  server.stop_on_signals();
  server.listen();

  {
    std::jthread first_fetch = start_first_fetch(*keys, c.jwks_cooldown, log);
    keys->start_background_refresh();
    server.run();
    // Leaving the scope stops and joins the first fetch (at most one transport timeout).
  }
  keys->stop_background_refresh();
  return 0;
}

}  // namespace xfx::api_demo
