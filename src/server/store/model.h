// The registry's domain records: APIs (resource servers), clients (machines), the grants that
// let a client ask for an API's token, and the persisted signing keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xfx::store {

// Which claim set and `typ` header an API's tokens carry (see CONFORMANCE.md).
enum class TokenProfile { kAuth0, kRfc9068 };
std::string_view to_string(TokenProfile profile);
// "auth0" | "rfc9068"; anything else is nullopt.
std::optional<TokenProfile> parse_token_profile(std::string_view text);

constexpr std::int64_t kMinTokenLifetime = 60;
constexpr std::int64_t kMaxTokenLifetime = 30 * 24 * 3600;

struct Api {
  std::string identifier;  // = the token's audience, an absolute URI
  std::string name;
  std::vector<std::string> scopes;
  std::int64_t token_lifetime_s = 86400;
  std::string signing_alg = "RS256";  // RS256 | PS256 | ES256 | EdDSA
  TokenProfile profile = TokenProfile::kAuth0;
  bool reuse_tokens = false;
  std::int64_t created_at = 0;  // unix seconds
};

struct Client {
  std::string client_id;
  std::string name;
  std::string secret_hash;  // raw 32-byte HMAC-SHA256 (secrets::SecretHasher)
  std::vector<std::string> grant_types{"client_credentials"};
  std::int64_t created_at = 0;
};

struct Grant {
  std::string client_id;
  std::string audience;  // an Api::identifier
  std::vector<std::string> scopes;
  std::int64_t created_at = 0;
};

// A signing key's life: published early (next), signing (current), still published (retired).
enum class KeyState { kNext, kCurrent, kRetired };
std::string_view to_string(KeyState state);
// "next" | "current" | "retired"; anything else is nullopt.
std::optional<KeyState> parse_key_state(std::string_view text);

struct SigningKeyRecord {
  std::string kid;
  std::string alg;
  std::string sealed_private_key;  // opaque bytes, encrypted by the caller (secrets::SealedBox)
  KeyState state = KeyState::kNext;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;
};

}  // namespace xfx::store
