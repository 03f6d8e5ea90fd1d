// Wires the demo API: JWKS cache over libcurl, verifier, verified-token cache, authenticator,
// routes and the HTTP server, then runs until SIGINT/SIGTERM.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "http/server.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::api_demo {

struct DemoConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  unsigned threads = 0;  // 0: one per core
  std::string tls_cert;  // both empty: plain HTTP (main.cc enforces the TLS rule)
  std::string tls_key;

  std::string issuer;                  // tokens' iss, exactly; discovery base unless jwks_uri
  std::vector<std::string> audiences;  // any-of
  std::string jwks_uri;                // empty: discovered from the issuer
  std::string ca_file;                 // for the JWKS fetches; empty: system trust store
  bool allow_insecure_jwks = false;    // http:// issuer / jwks_uri (loopback tests only)
  verify::TokenType token_type = verify::TokenType::kEither;
  std::chrono::seconds jwks_cooldown{30};  // unknown-kid refetch and retry-after-failure
  std::chrono::seconds jwks_refresh{600};  // scheduled refresh after a success
};

// Throws std::runtime_error for configuration problems (bad URL, unreadable TLS files, address in
// use). Returns 0 after a graceful stop.
int run_demo(const DemoConfig& config, const http::LogSink& log);

}  // namespace xfx::api_demo
