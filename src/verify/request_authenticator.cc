#include "xfx/verify/request_authenticator.h"

#include <stdexcept>
#include <utility>

namespace xfx::verify {

RequestAuthenticator::RequestAuthenticator(TokenVerifier verifier,
                                           std::shared_ptr<KeyResolver> keys,
                                           std::shared_ptr<VerifiedTokenCache> cache,
                                           std::string realm)
    : verifier_(std::move(verifier)),
      keys_(std::move(keys)),
      cache_(std::move(cache)),
      realm_(std::move(realm)) {
  if (keys_ == nullptr) throw std::invalid_argument("authenticator: a key resolver is required");
}

expected<VerifiedToken, HttpRejection> RequestAuthenticator::authenticate(
    std::span<const std::string_view> authorization_values,
    std::chrono::system_clock::time_point now, std::span<const std::string> required_scopes) const {
  auto token = extract_bearer_token(authorization_values);
  if (!token) return unexpected(to_http_rejection(token.error(), realm_, required_scopes));

  std::optional<VerifiedToken> verified;
  if (cache_ != nullptr) verified = cache_->find(*token, now);
  if (!verified) {
    // Verified without scopes, so the cached entry serves requests that need other scopes.
    auto result = verifier_.verify(*token, *keys_, now);
    if (!result) return unexpected(to_http_rejection(result.error(), realm_, required_scopes));
    if (cache_ != nullptr) cache_->insert(*token, *result);
    verified = std::move(*result);
  }
  if (auto scopes = check_scopes(*verified, required_scopes); !scopes) {
    return unexpected(to_http_rejection(scopes.error(), realm_, required_scopes));
  }
  return std::move(*verified);
}

}  // namespace xfx::verify
