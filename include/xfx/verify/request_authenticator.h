// The whole resource-server decision for one request, for any HTTP stack: Authorization header
// values in, verified claims or a ready-made RFC 6750 rejection out. Composes
// extract_bearer_token, the optional VerifiedTokenCache, TokenVerifier and to_http_rejection.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "xfx/expected.h"
#include "xfx/verify/bearer.h"
#include "xfx/verify/key_resolver.h"
#include "xfx/verify/token_cache.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::verify {

class RequestAuthenticator {
 public:
  // `keys` is typically a JwksCache; `cache` may be null (every request is verified).
  RequestAuthenticator(TokenVerifier verifier, std::shared_ptr<KeyResolver> keys,
                       std::shared_ptr<VerifiedTokenCache> cache, std::string realm = "xfx");

  // `authorization_values`: every Authorization header of the request (none, one, or several).
  expected<VerifiedToken, HttpRejection> authenticate(
      std::span<const std::string_view> authorization_values,
      std::chrono::system_clock::time_point now,
      std::span<const std::string> required_scopes = {}) const;

  const TokenVerifier& verifier() const { return verifier_; }

 private:
  TokenVerifier verifier_;
  std::shared_ptr<KeyResolver> keys_;
  std::shared_ptr<VerifiedTokenCache> cache_;
  std::string realm_;
};

}  // namespace xfx::verify
