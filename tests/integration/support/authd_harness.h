// A real xfx-authd for integration tests: its own temporary data directory, admin commands run
// as the operator would run them, and the server on an ephemeral loopback port.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "integration/support/process.h"
#include "xfx/client/transport.h"

namespace xfx::testing {

struct Credentials {
  std::string client_id;
  std::string client_secret;
};

// Paths CMake passes in (see tests/integration/CMakeLists.txt).
std::string authd_binary();
std::string source_dir();

class AuthdHarness {
 public:
  AuthdHarness();
  ~AuthdHarness();

  const std::filesystem::path& data_dir() const { return dir_; }

  // `xfx-authd <args...> --data-dir DIR`; fails the test if the command fails (admin_ok) or
  // returns the result as it is (admin).
  CommandResult admin(std::vector<std::string> args);
  std::string admin_ok(std::vector<std::string> args);
  void create_api(const std::string& identifier, const std::string& scopes = "",
                  std::vector<std::string> extra = {});
  Credentials create_client(const std::string& name, std::vector<std::string> extra = {});
  void grant(const std::string& client_id, const std::string& api, const std::string& scopes = "");

  // Starts `serve` (plain HTTP unless tls) and waits for it to listen. Poll interval is short so
  // admin changes show up quickly. Port 0: any free port.
  void start(std::vector<std::string> extra = {}, bool tls = false, std::uint16_t port = 0);
  // SIGTERM; returns the exit code.
  int stop();
  ChildProcess& process() { return *server_; }

  std::uint16_t port() const { return port_; }
  // "http://localhost:PORT" or "https://localhost:PORT" (the server's default issuer, minus "/")
  const std::string& base_url() const { return base_url_; }
  std::filesystem::path ca_file();  // the test CA (created on demand)

  // Lines of the access log for a path.
  std::size_t requests_logged(const std::string& path) const;

  // An HTTP client trusting the test CA.
  client::Transport& http();
  client::HttpResponse post(const std::string& path, const std::string& content_type,
                            const std::string& body, client::HeaderList headers = {});
  client::HttpResponse get(const std::string& path);

 private:
  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> server_;
  std::uint16_t port_ = 0;
  std::string base_url_;
  std::unique_ptr<client::Transport> http_;
};

// A free loopback port below the kernel's ephemeral range, for a test that must know a server's
// port before the server runs (or restart it on the same port): ports the kernel hands out for
// port-0 binds and outgoing connections of parallel tests can never collide with it.
std::uint16_t free_port_outside_ephemeral_range();

// The JSON body of the spec's curl request.
std::string spec_token_body(const Credentials& c, const std::string& audience);

}  // namespace xfx::testing
