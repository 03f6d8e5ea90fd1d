#include "server/oauth/token_issuer.h"

#include <boost/json.hpp>

#include <array>
#include <chrono>

#include "xfx/jose/base64url.h"

namespace xfx::oauth {
std::string scope_string(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) {
    if (!out.empty()) out += ' ';
    out += scope;
  }
  return out;
}

UnixClock system_unix_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

jose::Claims claims_for(const TokenGrantDecision& decision, std::string_view issuer,
                        std::int64_t now, std::string jti) {
  const auto& client_id = decision.client->client_id;
  jose::Claims c;
  c.iss = issuer;
  c.sub = client_id + "@clients";
  c.aud = {decision.api->identifier};
  c.iat = now;
  c.exp = now + decision.api->token_lifetime_s;
  c.azp = client_id;
  if (decision.api->profile == store::TokenProfile::kRfc9068) c.client_id = client_id;
  c.scope = scope_string(decision.scopes);
  c.gty = "client-credentials";
  c.jti = std::move(jti);
  return c;
}

std::string to_json_body(const IssuedToken& token) {
  boost::json::object body;
  body["access_token"] = token.access_token;
  body["token_type"] = "Bearer";
  body["expires_in"] = token.expires_in;
  if (!token.scope.empty()) body["scope"] = token.scope;
  return boost::json::serialize(body);
}

TokenIssuer::TokenIssuer(std::string issuer, UnixClock clock, secrets::RandomSource random)
    : issuer_(std::move(issuer)), clock_(std::move(clock)), random_(std::move(random)) {}

expected<IssuedToken, OAuthError> TokenIssuer::issue(const TokenGrantDecision& decision,
                                                     const keys::SigningKeys& keys) const {
  auto alg = jose::parse_algorithm(decision.api->signing_alg);
  if (!alg) {
    return unexpected(
        OAuthError{ErrorCode::kServerError, "the API's signing algorithm is unknown"});
  }
  std::array<unsigned char, 16> id{};
  random_(id);
  auto jti =
      jose::base64url_encode(std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
  auto claims = claims_for(decision, issuer_, clock_(), std::move(jti));
  auto token = keys.signer(*alg, decision.api->profile).sign(jose::to_json(claims));
  if (!token) return unexpected(OAuthError{ErrorCode::kServerError, "signing failed"});
  return IssuedToken{std::move(*token), decision.api->token_lifetime_s, claims.scope, *claims.iat};
}

}  // namespace xfx::oauth
