// The pure core of the resource server: token bytes + keys + now -> claims or one VerifyError.
// No sockets, no caches, no clock reads; see CONFORMANCE.md (resource server), RFC 8725 and
// RFC 9068 §4 for the rules, and token_verifier.cc for the order they are applied in.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xfx/expected.h"
#include "xfx/jose/algorithm.h"
#include "xfx/jose/key.h"
#include "xfx/verify/key_resolver.h"
#include "xfx/verify/verify_error.h"

namespace xfx::verify {

// Which JOSE "typ" header the verifier accepts. Compared case-insensitively with an optional
// "application/" prefix (RFC 7515 §4.1.9), so "at+jwt" also matches "application/AT+JWT".
enum class TokenType {
  kJwt,    // typ "JWT" (Auth0's machine-to-machine tokens, xfx-authd's default)
  kAtJwt,  // typ "at+jwt" (RFC 9068); such tokens must also carry sub, client_id, iat and jti
  kEither,
};

struct VerifierConfig {
  std::string issuer;                  // matched exactly, trailing slash included
  std::vector<std::string> audiences;  // the token's aud must contain at least one of these
  std::vector<jose::Algorithm> algorithms{jose::Algorithm::kRS256};
  TokenType type = TokenType::kJwt;
  std::chrono::seconds leeway{60};
  std::size_t max_token_bytes = 8 * 1024;
};

struct VerifiedToken {
  std::string subject;                 // sub
  std::string client_id;               // client_id (RFC 9068), else azp (Auth0)
  std::string issuer;                  // iss
  std::vector<std::string> audiences;  // aud, as the token lists it
  std::vector<std::string> scopes;     // scope, split on spaces, distinct
  std::chrono::sys_seconds expires_at;
  std::optional<std::chrono::sys_seconds> issued_at;
  std::string token_id;  // jti

  bool has_scope(std::string_view scope) const;
};

class TokenVerifier {
 public:
  // Throws std::invalid_argument for an unusable configuration (empty issuer, no audience, no
  // algorithm, negative leeway, zero size): configuration errors are programming errors.
  explicit TokenVerifier(VerifierConfig config);

  // Verifies signature and claims, then that every required scope is granted. Checks that need
  // a claim run only after the signature has verified, so nothing unsigned is ever trusted.
  expected<VerifiedToken, VerifyError> verify(
      std::string_view token, KeyResolver& keys, std::chrono::system_clock::time_point now,
      std::span<const std::string> required_scopes = {}) const;
  expected<VerifiedToken, VerifyError> verify(
      std::string_view token, const jose::KeySet& keys, std::chrono::system_clock::time_point now,
      std::span<const std::string> required_scopes = {}) const;

  const VerifierConfig& config() const { return config_; }

 private:
  VerifierConfig config_;
};

// kInsufficientScope unless the token carries every required scope. Split out so a verified-token
// cache can store tokens independently of the scopes one request needs.
expected<void, VerifyError> check_scopes(const VerifiedToken& token,
                                         std::span<const std::string> required_scopes);

}  // namespace xfx::verify
