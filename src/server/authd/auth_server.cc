#include "server/authd/auth_server.h"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "server/authd/data_dir.h"
#include "server/authd/token_endpoint.h"
#include "server/authd/well_known.h"
#include "server/keys/signing_keys.h"
#include "server/oauth/token_issuer.h"
#include "server/secrets/credentials.h"
#include "server/store/snapshot.h"

namespace xfx::authd {
namespace {

namespace bh = boost::beast::http;

std::string log_event(std::string_view event, std::string_view message) {
  return boost::json::serialize(boost::json::object{{"event", event}, {"message", message}});
}

}  // namespace

struct AuthServer::State {
  AuthServerConfig config;
  http::LogSink log;
  DataDir data;  // data.registry stays null until the store can be opened
  std::optional<store::SnapshotFollower> follower;
  ServingRegistry serving;
  ActiveKeys keys;
  oauth::RateLimiter limiter;
  oauth::TokenReuseCache reuse;
  oauth::UnixClock clock = oauth::system_unix_clock();
  std::optional<oauth::TokenIssuer> issuer;
  std::optional<TokenEndpoint> token_endpoint;
  std::string discovery;
  http::Router router;
  std::unique_ptr<http::Server> server;

  std::mutex health_mutex;
  std::string unhealthy_reason;  // empty when the last poll succeeded
  std::chrono::steady_clock::time_point last_good_poll{};

  std::jthread poller;

  State(AuthServerConfig c, http::LogSink l)
      : config(std::move(c)),
        log(std::move(l)),
        data(prepare_data_dir(config.data_dir)),
        limiter(config.rate_limit) {}

  // One round of following the store: open it if it could not be opened yet, then pick up
  // registry and signing-key changes. Runs off the I/O threads, since a large registry takes a
  // while to load.
  void poll_once() {
    std::string problem;
    if (!data.registry) {
      if (auto r = open_registry(data.path); r) {
        data.registry = std::move(*r);
        follower.emplace(*data.registry);
      } else {
        problem = "registry: " + r.error().message;
      }
    }
    if (follower) {
      if (!follower->current()) {
        if (auto r = follower->init(); !r) problem = "registry: " + r.error().message;
      } else if (auto r = follower->poll(); !r) {
        problem = "registry: " + r.error().message;
      }
      if (auto k = refresh_keys(); !k && problem.empty()) problem = k.error();
    }
    publish(std::move(problem));
  }

  expected<void, std::string> refresh_keys() {
    auto current = keys.load();
    if (!current) {
      if (auto r = keys::ensure_signing_keys(*data.registry, data.key_box, clock()); !r) return r;
    }
    auto records = data.registry->list_signing_keys();
    if (!records) return unexpected("signing keys: " + records.error().message);
    auto now = clock();
    if (current && current->fingerprint() == keys::fingerprint_of(*records, now)) return {};
    auto loaded = keys::SigningKeys::load(*records, data.key_box, now);
    if (!loaded) return unexpected("signing keys: " + loaded.error());
    keys.store(std::move(*loaded));
    return {};
  }

  // Serves the follower's snapshot while it is fresh; none (so 503) once the store has been
  // unreadable for longer than max_registry_staleness.
  void publish(std::string problem) {
    std::lock_guard lock(health_mutex);
    auto now = std::chrono::steady_clock::now();
    if (problem.empty()) last_good_poll = now;
    bool fresh = follower && keys.load() && now - last_good_poll <= config.max_registry_staleness;
    serving.store(fresh ? follower->current() : nullptr);
    if (problem != unhealthy_reason && !problem.empty()) log(log_event("store_error", problem));
    if (problem.empty() && !unhealthy_reason.empty()) log(log_event("store_recovered", ""));
    unhealthy_reason = std::move(problem);
  }

  http::Response readiness(const http::Request& req) {
    std::lock_guard lock(health_mutex);
    if (serving.load() && unhealthy_reason.empty()) {
      return http::json_response(req, bh::status::ok, R"({"status":"ready"})");
    }
    // The details (paths, SQLite messages) go to the log, not to unauthenticated callers.
    auto body = boost::json::object{
        {"status", "unavailable"},
        {"reason", unhealthy_reason.empty() ? "starting" : "the registry store is unavailable"}};
    return http::json_response(req, bh::status::service_unavailable, boost::json::serialize(body));
  }
};

AuthServer::AuthServer(AuthServerConfig config, http::LogSink log)
    : state_(std::make_unique<State>(std::move(config), std::move(log))) {
  state_->poll_once();
}

AuthServer::~AuthServer() = default;

void AuthServer::listen() {
  auto& s = *state_;
  http::ServerConfig sc;
  sc.host = s.config.host;
  sc.port = s.config.port;
  sc.threads = s.config.threads;
  sc.limits = s.config.limits;
  bool tls = !s.config.tls_cert.empty() || !s.config.tls_key.empty();
  if (tls) sc.tls = http::make_tls_context(s.config.tls_cert, s.config.tls_key);

  s.server = std::make_unique<http::Server>(
      std::move(sc),
      [&s](const http::Request& req, http::RequestContext& ctx) { return s.router(req, ctx); },
      s.log);
  if (s.config.stop_on_signals) s.server->stop_on_signals();
  s.server->listen();

  std::string issuer = s.config.issuer;
  if (issuer.empty()) {
    // A loopback or wildcard listener is reached as "localhost", the name certificates carry.
    const auto& h = s.config.host;
    bool local = h == "0.0.0.0" || h == "::" || h == "127.0.0.1" || h == "::1";
    std::string host = local ? "localhost" : h.find(':') != std::string::npos ? "[" + h + "]" : h;
    issuer =
        std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(s.server->port());
  }
  issuer = normalize_issuer(issuer);
  s.issuer.emplace(issuer, s.clock, secrets::system_random());
  s.token_endpoint.emplace(s.serving, s.keys, s.data.hasher, *s.issuer, s.limiter, s.reuse,
                           s.config.default_audience);
  s.discovery = discovery_document(issuer);

  s.router.add(bh::verb::post, "/oauth/token",
               [&s](const http::Request& req, http::RequestContext& ctx) {
                 return (*s.token_endpoint)(req, ctx);
               });
  s.router.add(bh::verb::get, "/.well-known/jwks.json",
               [&s](const http::Request& req, http::RequestContext&) {
                 auto keys = s.keys.load();
                 if (!keys) {
                   return http::json_error(req, bh::status::service_unavailable,
                                           "temporarily_unavailable", "signing keys not loaded");
                 }
                 auto res = http::json_response(req, bh::status::ok, keys->jwks_json());
                 res.set(bh::field::cache_control, "public, max-age=300");
                 return res;
               });
  for (const char* path :
       {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
    s.router.add(bh::verb::get, path, [&s](const http::Request& req, http::RequestContext&) {
      auto res = http::json_response(req, bh::status::ok, s.discovery);
      res.set(bh::field::cache_control, "public, max-age=3600");
      return res;
    });
  }
  s.router.add(bh::verb::get, "/healthz", [](const http::Request& req, http::RequestContext&) {
    return http::json_response(req, bh::status::ok, R"({"status":"ok"})");
  });
  s.router.add(bh::verb::get, "/readyz",
               [&s](const http::Request& req, http::RequestContext&) { return s.readiness(req); });

  s.poller = std::jthread([&s](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    // wait_for returns the predicate's value on timeout and on a stop request alike, so the
    // stop token is checked explicitly.
    while (!stop.stop_requested()) {
      cv.wait_for(lock, stop, s.config.poll_interval, [] { return false; });
      if (stop.stop_requested()) break;
      // An escaped exception would terminate the server; a failed round is a store problem
      // like any other, subject to the staleness bound.
      try {
        s.poll_once();
      } catch (const std::exception& e) {
        s.publish(std::string("poll failed: ") + e.what());
      }
    }
  });
}

std::uint16_t AuthServer::port() const {
  return state_->server->port();
}
const std::string& AuthServer::issuer() const {
  return state_->issuer->issuer();
}

void AuthServer::run() {
  state_->server->run();
  state_->poller.request_stop();
  if (state_->poller.joinable()) state_->poller.join();
}

void AuthServer::stop() {
  state_->server->stop();
}

}  // namespace xfx::authd
