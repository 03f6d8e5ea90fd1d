#include <cmath>
#include <stdexcept>

#include "commands.h"
#include "http/process_edges.h"
#include "server/authd/auth_server.h"
#include "server/authd/data_dir.h"

namespace xfx::authd_cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8443";
  std::string issuer;
  std::string tls_cert;
  std::string tls_key;
  bool no_tls = false;
  unsigned threads = 0;
  std::string default_audience;
  double rate_limit = 100;
  double rate_burst = 200;
  unsigned poll_interval_ms = 1000;
  unsigned max_staleness_ms = 300000;
};

int serve(const Common& common, const ServeOptions& o) {
  authd::AuthServerConfig config;
  config.data_dir =
      common.data_dir.empty() ? authd::default_data_dir() : std::filesystem::path(common.data_dir);
  auto listen = http::parse_listen_address(o.listen);
  config.host = listen.host;
  config.port = listen.port;
  config.issuer = o.issuer;
  if (o.no_tls && (!o.tls_cert.empty() || !o.tls_key.empty())) {
    throw std::runtime_error("--no-tls contradicts --tls-cert/--tls-key");
  }
  if (!o.no_tls) {
    if (o.tls_cert.empty() || o.tls_key.empty()) {
      throw std::runtime_error(
          "TLS is on by default: pass --tls-cert and --tls-key, or --no-tls for plain HTTP "
          "(only behind a TLS-terminating proxy or on loopback)");
    }
    config.tls_cert = o.tls_cert;
    config.tls_key = o.tls_key;
  }
  config.threads = o.threads;
  config.default_audience = o.default_audience;
  if (!std::isfinite(o.rate_limit) || !std::isfinite(o.rate_burst) ||
      (o.rate_limit != 0 && o.rate_limit < 0.001)) {
    throw std::runtime_error("--rate-limit must be 0 (off) or a number of at least 0.001");
  }
  config.rate_limit = {o.rate_limit, o.rate_burst};
  config.poll_interval = std::chrono::milliseconds(o.poll_interval_ms);
  config.max_registry_staleness = std::chrono::milliseconds(o.max_staleness_ms);
  config.stop_on_signals = true;

  authd::AuthServer server(std::move(config), http::stdout_log_sink());
  server.listen();
  server.run();
  return 0;
}

}  // namespace

void add_data_dir_option(CLI::App& cmd, Common& common) {
  cmd.add_option("--data-dir", common.data_dir,
                 "Data directory: registry.db and master.key (default ./var/data)")
      ->envname("XFX_DATA_DIR");
}

void add_serve_command(CLI::App& app, Common& common, Action& run) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Run the authorization server");
  add_data_dir_option(*cmd, common);
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("XFX_LISTEN")
      ->capture_default_str();
  cmd->add_option("--issuer", o->issuer,
                  "Issuer URL: the tokens' iss and discovery base (default: from --listen)")
      ->envname("XFX_ISSUER");
  cmd->add_option("--tls-cert", o->tls_cert, "PEM certificate chain")->envname("XFX_TLS_CERT");
  cmd->add_option("--tls-key", o->tls_key, "PEM private key (mode 0600)")->envname("XFX_TLS_KEY");
  cmd->add_flag("--no-tls", o->no_tls, "Serve plain HTTP (behind a TLS proxy, or for tests)")
      ->envname("XFX_NO_TLS");
  cmd->add_option("--threads", o->threads, "I/O threads (0: one per core)")
      ->envname("XFX_THREADS")
      ->capture_default_str();
  cmd->add_option("--default-audience", o->default_audience,
                  "Audience for requests that name none (default: none, such requests get 403)")
      ->envname("XFX_DEFAULT_AUDIENCE");
  cmd->add_option("--rate-limit", o->rate_limit,
                  "Token requests per second per client (0: unlimited)")
      ->envname("XFX_RATE_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--rate-burst", o->rate_burst, "Burst allowance per client")
      ->envname("XFX_RATE_BURST")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--poll-interval-ms", o->poll_interval_ms,
                  "How often to pick up registry changes made by the admin commands")
      ->envname("XFX_POLL_INTERVAL_MS")
      ->check(CLI::Range(10u, 60000u))
      ->capture_default_str();
  cmd->add_option("--max-registry-staleness-ms", o->max_staleness_ms,
                  "While the store is unreadable, keep issuing from memory this long, then 503")
      ->envname("XFX_MAX_REGISTRY_STALENESS_MS")
      ->capture_default_str();
  cmd->callback([&common, &run, o] { run = [&common, o] { return serve(common, *o); }; });
}

}  // namespace xfx::authd_cli
