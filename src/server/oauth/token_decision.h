// Who is asking, for which API, with which scopes: the decision a token request gets, made
// against an in-memory registry snapshot (no database round trip).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/oauth/oauth_error.h"
#include "server/oauth/token_request.h"
#include "server/secrets/secret_hash.h"
#include "server/store/snapshot.h"
#include "xfx/expected.h"

namespace xfx::oauth {

struct TokenGrantDecision {
  const store::Client* client = nullptr;  // valid while the snapshot is held
  const store::Api* api = nullptr;
  const store::Grant* grant = nullptr;
  std::vector<std::string> scopes;  // granted, in the API's order
};

// Checks, in an order that leaks nothing to an unauthenticated caller: client authentication
// (one answer for unknown id and wrong secret, same cost for both), the client's grant types,
// the audience, the client's grant for it, and the requested scopes.
expected<TokenGrantDecision, OAuthError> decide(const store::RegistrySnapshot& registry,
                                                const secrets::SecretHasher& hasher,
                                                const TokenRequest& request,
                                                std::string_view default_audience);

}  // namespace xfx::oauth
