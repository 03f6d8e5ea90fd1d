// xfx-authd assembled: data directory → registry snapshot and signing keys → HTTP routes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "http/server.h"
#include "server/oauth/rate_limiter.h"

namespace xfx::authd {

struct AuthServerConfig {
  std::filesystem::path data_dir;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8443;
  // The tokens' iss and the discovery documents' base. Empty: derived from the scheme and the
  // bound address once listening ("https://localhost:8443/").
  std::string issuer;
  std::filesystem::path tls_cert;  // both empty: plain HTTP
  std::filesystem::path tls_key;
  unsigned threads = 0;          // 0: one per core
  std::string default_audience;  // used when a request names no audience
  oauth::RateLimit rate_limit{100, 200};
  std::chrono::milliseconds poll_interval{1000};  // how fast CLI changes reach the server
  // How long the server keeps issuing from its in-memory registry while the store cannot be
  // read. Past it, token requests get 503: a client deleted meanwhile must not keep getting
  // tokens indefinitely.
  std::chrono::milliseconds max_registry_staleness{std::chrono::minutes(5)};
  http::Limits limits;
  // Stop gracefully on SIGINT/SIGTERM. The handler is installed before the server says it is
  // listening, so a signal sent as soon as that line appears is never fatal.
  bool stop_on_signals = false;
};

class AuthServer {
 public:
  // Opens the data directory and creates missing signing keys. Throws std::runtime_error with a
  // clear message for configuration errors. A store that fails to load is not fatal: the server
  // answers 503 until a later poll succeeds.
  AuthServer(AuthServerConfig config, http::LogSink log);
  ~AuthServer();

  void listen();
  std::uint16_t port() const;
  const std::string& issuer() const;
  void run();
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace xfx::authd
