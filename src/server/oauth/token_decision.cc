#include "server/oauth/token_decision.h"

#include <algorithm>

#include "xfx/jose/claims.h"

namespace xfx::oauth {
namespace {

OAuthError invalid_client(const TokenRequest& request, std::string description) {
  return {ErrorCode::kInvalidClient, std::move(description),
          request.auth_method == ClientAuthMethod::kSecretBasic};
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

expected<TokenGrantDecision, OAuthError> decide(const store::RegistrySnapshot& registry,
                                                const secrets::SecretHasher& hasher,
                                                const TokenRequest& request,
                                                std::string_view default_audience) {
  if (request.auth_method == ClientAuthMethod::kNone || request.client_id.empty()) {
    return unexpected(invalid_client(request, "client authentication is required"));
  }
  const store::Client* client = registry.find_client(request.client_id);
  // An unknown client still pays for one keyed hash and compare, so response time does not
  // tell which client ids exist.
  static const std::string kNoSuchHash(secrets::SecretHasher::kHashSize, '\0');
  bool secret_ok =
      hasher.matches(request.client_secret, client ? client->secret_hash : kNoSuchHash);
  if (!client || !secret_ok || request.client_secret.empty()) {
    return unexpected(invalid_client(request, "client authentication failed"));
  }
  if (!contains(client->grant_types, "client_credentials")) {
    return unexpected(OAuthError{ErrorCode::kUnauthorizedClient,
                                 "client is not allowed to use grant type client_credentials"});
  }

  std::string_view audience = request.audience.empty() ? default_audience : request.audience;
  if (audience.empty()) {
    return unexpected(OAuthError{ErrorCode::kAccessDenied,
                                 "no audience was requested and no default audience is set"});
  }
  const store::Api* api = registry.find_api(audience);
  if (!api) {
    return unexpected(OAuthError{ErrorCode::kAccessDenied,
                                 "Service not enabled within domain: " + std::string(audience)});
  }
  const store::Grant* grant = registry.find_grant(client->client_id, audience);
  if (!grant) {
    return unexpected(OAuthError{ErrorCode::kAccessDenied, "Client is not authorized to access \"" +
                                                               std::string(audience) + "\""});
  }

  TokenGrantDecision decision{client, api, grant, {}};
  if (!request.scope) {
    decision.scopes = grant->scopes;
    return decision;
  }
  auto requested = jose::split_scope(*request.scope);
  for (const auto& scope : requested) {
    if (!contains(grant->scopes, scope)) {
      return unexpected(OAuthError{ErrorCode::kInvalidScope,
                                   "scope '" + scope + "' is not granted to the client"});
    }
  }
  // Keep the grant's order so equal requests produce equal scope strings.
  for (const auto& scope : grant->scopes) {
    if (contains(requested, scope)) decision.scopes.push_back(scope);
  }
  return decision;
}

}  // namespace xfx::oauth
