// xfx-api-demo: a sample protected XFX API. Flags (or XFX_* environment variables) become a
// DemoConfig; demo_server.cc does the rest.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "demo_server.h"
#include "http/process_edges.h"

namespace {

using xfx::api_demo::DemoConfig;

struct Flags {
  std::string listen = "127.0.0.1:8444";
  bool no_tls = false;
  std::string token_type = "either";
  unsigned cooldown_s = 30;
  unsigned refresh_s = 600;
};

DemoConfig to_config(const Flags& f, DemoConfig c) {
  auto listen = xfx::http::parse_listen_address(f.listen);
  c.host = std::move(listen.host);
  c.port = listen.port;
  if (f.no_tls && (!c.tls_cert.empty() || !c.tls_key.empty())) {
    throw std::runtime_error("--no-tls contradicts --tls-cert/--tls-key");
  }
  if (!f.no_tls && (c.tls_cert.empty() || c.tls_key.empty())) {
    throw std::runtime_error(
        "TLS is on by default: pass --tls-cert and --tls-key, or --no-tls for plain HTTP "
        "(only behind a TLS-terminating proxy or on loopback)");
  }
  static const std::map<std::string, xfx::verify::TokenType> kTypes{
      {"JWT", xfx::verify::TokenType::kJwt},
      {"at+jwt", xfx::verify::TokenType::kAtJwt},
      {"either", xfx::verify::TokenType::kEither}};
  c.token_type = kTypes.at(f.token_type);
  c.jwks_cooldown = std::chrono::seconds(f.cooldown_s);
  c.jwks_refresh = std::chrono::seconds(f.refresh_s);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "xfx-api-demo: a sample XFX API protected by xfx-authd's access tokens (RFC 6750).\n"
      "  GET  /v1/whoami   any valid token: the caller's client id, audience, scopes, expiry\n"
      "  GET  /v1/orders   scope read:orders\n"
      "  POST /v1/orders   scope write:orders; body {\"symbol\":\"XFX/USD\",\"quantity\":10}\n"
      "  GET  /healthz     200 once the issuer's signing keys are loaded, else 503\n"
      "It demonstrates authentication only: orders are a small in-memory list, lost on exit.\n"
      "Every option can also be set by the XFX_* environment variable shown beside it."};
  Flags f;
  DemoConfig c;
  app.add_option("--listen", f.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("XFX_LISTEN")
      ->capture_default_str();
  app.add_option("--issuer", c.issuer,
                 "Issuer URL, matched exactly against the tokens' iss (trailing slash included); "
                 "the JWKS is discovered from {issuer}/.well-known/openid-configuration")
      ->envname("XFX_ISSUER")
      ->required();
  app.add_option("--audience", c.audiences,
                 "This API's identifier; a token's aud must contain it (repeat to accept several)")
      ->envname("XFX_AUDIENCE")
      ->required();
  app.add_option("--jwks-uri", c.jwks_uri, "Fetch keys from this JWKS URL instead of discovery")
      ->envname("XFX_JWKS_URI");
  app.add_option("--ca-file", c.ca_file,
                 "PEM CA bundle trusted for the JWKS fetches (default: the system's)")
      ->envname("XFX_CA_FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", c.tls_cert, "PEM certificate chain")->envname("XFX_TLS_CERT");
  app.add_option("--tls-key", c.tls_key, "PEM private key (mode 0600)")->envname("XFX_TLS_KEY");
  app.add_flag("--no-tls", f.no_tls, "Serve plain HTTP (behind a TLS proxy, or for tests)")
      ->envname("XFX_NO_TLS");
  app.add_option("--threads", c.threads, "I/O threads (0: one per core)")
      ->envname("XFX_THREADS")
      ->capture_default_str();
  app.add_flag("--allow-insecure-jwks", c.allow_insecure_jwks,
               "Allow an http:// issuer or JWKS URL (tests on loopback only: keys fetched over "
               "plain HTTP can be replaced by anyone on the path)")
      ->envname("XFX_ALLOW_INSECURE_JWKS");
  app.add_option("--token-type", f.token_type,
                 "Accepted typ header: JWT, at+jwt (RFC 9068) or either")
      ->envname("XFX_TOKEN_TYPE")
      ->check(CLI::IsMember({"JWT", "at+jwt", "either"}))
      ->capture_default_str();
  app.add_option("--jwks-refetch-cooldown", f.cooldown_s,
                 "Seconds between JWKS refetches caused by unknown kids or failed fetches")
      ->envname("XFX_JWKS_REFETCH_COOLDOWN")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  app.add_option("--jwks-refresh-interval", f.refresh_s, "Seconds between scheduled JWKS refreshes")
      ->envname("XFX_JWKS_REFRESH_INTERVAL")
      ->check(CLI::Range(1u, 86400u))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return xfx::api_demo::run_demo(to_config(f, std::move(c)), xfx::http::stdout_log_sink());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xfx-api-demo: error: %s\n", e.what());
    return 1;
  }
}
