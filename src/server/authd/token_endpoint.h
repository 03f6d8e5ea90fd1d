// POST /oauth/token: the HTTP edge of the OAuth core. Maps every outcome to the wire in one
// place (oauth::to_wire) and adds the headers RFC 6749 asks for.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "http/server.h"
#include "server/keys/signing_keys.h"
#include "server/oauth/rate_limiter.h"
#include "server/oauth/token_issuer.h"
#include "server/oauth/token_reuse.h"
#include "server/secrets/secret_hash.h"
#include "server/store/snapshot.h"

namespace xfx::authd {

// The signing keys in force, swapped whole when the store's key records change.
using ActiveKeys = std::atomic<std::shared_ptr<const keys::SigningKeys>>;
// The registry snapshot tokens are issued from; null while the store is unavailable (or has been
// for longer than the staleness bound), which makes the endpoint answer 503.
using ServingRegistry = std::atomic<std::shared_ptr<const store::RegistrySnapshot>>;

class TokenEndpoint {
 public:
  TokenEndpoint(const ServingRegistry& registry, const ActiveKeys& keys,
                const secrets::SecretHasher& hasher, const oauth::TokenIssuer& issuer,
                oauth::RateLimiter& limiter, oauth::TokenReuseCache& reuse,
                std::string default_audience);

  http::Response operator()(const http::Request& req, http::RequestContext& ctx) const;

 private:
  const ServingRegistry& registry_;
  const ActiveKeys& keys_;
  const secrets::SecretHasher& hasher_;
  const oauth::TokenIssuer& issuer_;
  oauth::RateLimiter& limiter_;
  oauth::TokenReuseCache& reuse_;
  std::string default_audience_;
};

// An OAuth error as an HTTP response (status, JSON body, no-store, WWW-Authenticate, Retry-After).
http::Response oauth_error_response(const http::Request& req, const oauth::OAuthError& error,
                                    std::int64_t retry_after_s = 0);

}  // namespace xfx::authd
