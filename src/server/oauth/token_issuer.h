// Turns a grant decision into a signed access token and the token response.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/keys/signing_keys.h"
#include "server/oauth/oauth_error.h"
#include "server/oauth/token_decision.h"
#include "server/secrets/credentials.h"
#include "xfx/expected.h"
#include "xfx/jose/claims.h"

namespace xfx::oauth {

// Unix time in seconds; injected so tests fix it.
using UnixClock = std::function<std::int64_t()>;
UnixClock system_unix_clock();

struct IssuedToken {
  std::string access_token;  // secret: never log it
  std::int64_t expires_in = 0;
  std::string scope;           // space-separated; empty when the token carries none
  std::int64_t issued_at = 0;  // the token's iat
};

// Scopes as the token and the response carry them: space-separated, in the given order.
std::string scope_string(const std::vector<std::string>& scopes);

// The claims of a token for a decision, per CONFORMANCE.md (Auth0's machine-to-machine profile,
// plus client_id under RFC 9068). Pure.
jose::Claims claims_for(const TokenGrantDecision& decision, std::string_view issuer,
                        std::int64_t now, std::string jti);

// {"access_token":...,"token_type":"Bearer","expires_in":...,"scope"?}
std::string to_json_body(const IssuedToken& token);

class TokenIssuer {
 public:
  TokenIssuer(std::string issuer, UnixClock clock, secrets::RandomSource random);

  // Signs with the current key of the API's algorithm, in the API's profile.
  expected<IssuedToken, OAuthError> issue(const TokenGrantDecision& decision,
                                          const keys::SigningKeys& keys) const;

  const std::string& issuer() const { return issuer_; }
  std::int64_t now() const { return clock_(); }

 private:
  std::string issuer_;
  UnixClock clock_;
  secrets::RandomSource random_;
};

}  // namespace xfx::oauth
