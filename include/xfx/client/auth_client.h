// The spec's XFXAuthClient, done right: a token cache that asks the authorization server once per
// token lifetime, however many threads ask it.
//
//   auto auth = std::make_shared<xfx::AuthClient>(xfx::client::Config::from_env());
//   auto token = auth->access_token();
//   if (!token) { std::cerr << token.error().message() << "\n"; return 1; }
//   request.headers.emplace_back("Authorization", token->authorization());
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "xfx/client/access_token.h"
#include "xfx/client/auth_error.h"
#include "xfx/client/config.h"
#include "xfx/client/token_source.h"
#include "xfx/client/transport.h"
#include "xfx/expected.h"

namespace xfx::client {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// The edges of an AuthClient, replaced by tests. Every member left empty gets the production
// default.
struct AuthClientHooks {
  std::shared_ptr<Transport> transport;  // default: make_curl_transport from the Config
  // Monotonic time; token expiry never looks at the wall clock. Default: steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> now;
  // Waits between retries. Default: a wait that the destructor interrupts.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Uniform in [0, 1), for backoff jitter. Default: a per-thread PRNG.
  std::function<double()> random;
  // Retries, refresh failures, refreshes. Lines never contain a secret or a token.
  std::function<void(LogLevel, std::string_view)> log;
};

class AuthClient final : public TokenSource {
 public:
  // Throws ConfigError if config.validate() does.
  explicit AuthClient(Config config, AuthClientHooks hooks = {});
  ~AuthClient() override;  // stops and joins the background refresh thread
  AuthClient(const AuthClient&) = delete;
  AuthClient& operator=(const AuthClient&) = delete;

  // A token for the configured audience and scope. A cache hit takes a shared lock and a
  // reference count, nothing else; when a fetch is needed exactly one is in flight per
  // (audience, scope) and the other callers wait for it, or are served the still-valid token.
  expected<AccessToken, AuthError> access_token() override;
  // A token for another API or scope set; each (audience, scope) is cached on its own. The key is
  // the exact strings: "a b" and "b a" are two entries.
  expected<AccessToken, AuthError> access_token(std::string_view audience, std::string_view scope);

  void invalidate(const AccessToken& rejected) override;
  void invalidate();  // drop every cached token

  const Config& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xfx::client

namespace xfx {
using AuthClient = client::AuthClient;
}  // namespace xfx
