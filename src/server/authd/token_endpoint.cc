#include "server/authd/token_endpoint.h"

#include <boost/beast/http/field.hpp>

#include "server/oauth/token_decision.h"
#include "server/oauth/token_request.h"
#include "xfx/jose/algorithm.h"

namespace xfx::authd {
namespace {

namespace bh = boost::beast::http;

void no_store(http::Response& res) {
  res.set(bh::field::cache_control, "no-store");
  res.set(bh::field::pragma, "no-cache");
}

http::Response token_response(const http::Request& req, const oauth::IssuedToken& token) {
  auto res = http::json_response(req, bh::status::ok, oauth::to_json_body(token));
  no_store(res);
  return res;
}

// Everything a token depends on besides (client, audience, scope): the signing key in force and
// the versions of the API and the grant. A rotation, or an API recreated with another profile
// or lifetime, must not keep handing out tokens made under the old ones.
std::string reuse_variant(const oauth::TokenGrantDecision& d, const keys::SigningKeys& keys) {
  const store::Api& api = *d.api;
  auto alg = jose::parse_algorithm(api.signing_alg);
  std::string out = alg ? keys.signer(*alg, api.profile).key().kid() : std::string();
  for (auto part : {api.signing_alg, std::string(store::to_string(api.profile)),
                    std::to_string(api.token_lifetime_s), std::to_string(api.created_at),
                    std::to_string(d.grant ? d.grant->created_at : 0)}) {
    out.append("|").append(part);
  }
  return out;
}

}  // namespace

http::Response oauth_error_response(const http::Request& req, const oauth::OAuthError& error,
                                    std::int64_t retry_after_s) {
  auto wire = oauth::to_wire(error.code);
  auto res =
      http::json_response(req, static_cast<bh::status>(wire.status), oauth::to_json_body(error));
  no_store(res);
  if (wire.status == 401 && error.via_authorization_header) {
    res.set(bh::field::www_authenticate, "Basic realm=\"xfx-authd\", charset=\"UTF-8\"");
  }
  if (retry_after_s > 0) res.set(bh::field::retry_after, std::to_string(retry_after_s));
  return res;
}

TokenEndpoint::TokenEndpoint(const ServingRegistry& registry, const ActiveKeys& keys,
                             const secrets::SecretHasher& hasher, const oauth::TokenIssuer& issuer,
                             oauth::RateLimiter& limiter, oauth::TokenReuseCache& reuse,
                             std::string default_audience)
    : registry_(registry),
      keys_(keys),
      hasher_(hasher),
      issuer_(issuer),
      limiter_(limiter),
      reuse_(reuse),
      default_audience_(std::move(default_audience)) {}

http::Response TokenEndpoint::operator()(const http::Request& req,
                                         http::RequestContext& ctx) const {
  auto request = oauth::parse_token_request(req[bh::field::content_type], req.body(),
                                            req[bh::field::authorization]);
  if (!request) return oauth_error_response(req, request.error());

  auto snapshot = registry_.load();
  auto keys = keys_.load();
  if (!snapshot || !keys) {
    return oauth_error_response(
        req, {oauth::ErrorCode::kTemporarilyUnavailable, "the client registry is unavailable"}, 5);
  }
  auto decision = oauth::decide(*snapshot, hasher_, *request, default_audience_);
  if (!decision) return oauth_error_response(req, decision.error());
  ctx.client_id = decision->client->client_id;
  const store::Api& api = *decision->api;

  // Reuse is answered before the rate limit: it costs no signature, which is what the limit
  // protects.
  std::string variant = api.reuse_tokens ? reuse_variant(*decision, *keys) : std::string();
  if (api.reuse_tokens) {
    if (auto cached = reuse_.find(ctx.client_id, api.identifier,
                                  oauth::scope_string(decision->scopes), variant, issuer_.now())) {
      return token_response(req, *cached);
    }
  }
  if (auto wait = limiter_.acquire(ctx.client_id, oauth::RateLimiter::Clock::now()); wait > 0) {
    return oauth_error_response(
        req, {oauth::ErrorCode::kTooManyRequests, "too many token requests for this client"}, wait);
  }
  auto token = issuer_.issue(*decision, *keys);
  if (!token) return oauth_error_response(req, token.error());
  if (api.reuse_tokens) reuse_.remember(ctx.client_id, api.identifier, variant, *token);
  return token_response(req, *token);
}

}  // namespace xfx::authd
