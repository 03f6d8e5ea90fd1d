#include "server/store/validation.h"

#include <algorithm>
#include <array>
#include <set>

namespace xfx::store {
namespace {

constexpr std::size_t kMaxIdentifierLength = 2048;  // an audience URI
constexpr std::size_t kMaxIdLength = 256;           // client ids, kids
constexpr std::size_t kMaxNameLength = 256;

xfx::unexpected<StoreFailure> invalid(std::string message) {
  return xfx::unexpected(StoreFailure{StoreError::kInvalidArgument, std::move(message)});
}

// Identifiers travel in JWT claims, form bodies and Basic headers: printable ASCII, no spaces.
bool is_printable_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

StoreResult<void> check_tokens(const std::vector<std::string>& tokens, std::string_view what) {
  std::set<std::string_view> seen;
  for (const auto& token : tokens) {
    if (!is_scope_token(token)) {
      return invalid(std::string(what) +
                     " must be non-empty printable ASCII without spaces, "
                     "quotes or backslashes: \"" +
                     (has_control(token) ? std::string("<control characters>") : token) + "\"");
    }
    if (!seen.insert(token).second) return invalid("duplicate " + std::string(what) + ": " + token);
  }
  return {};
}

StoreResult<void> check_id(std::string_view value, std::size_t max, std::string_view what) {
  if (value.empty()) return invalid(std::string(what) + " must not be empty");
  if (value.size() > max) {
    return invalid(std::string(what) + " is longer than " + std::to_string(max) + " bytes");
  }
  if (!is_printable_word(value)) {
    return invalid(std::string(what) + " must be printable ASCII without spaces");
  }
  return {};
}

StoreResult<void> check_name(std::string_view name) {
  if (name.size() > kMaxNameLength) {
    return invalid("name is longer than " + std::to_string(kMaxNameLength) + " bytes");
  }
  if (has_control(name)) return invalid("name must not contain control characters");
  return {};
}

}  // namespace

bool is_scope_token(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
  });
}

bool is_supported_signing_alg(std::string_view alg) {
  constexpr std::array<std::string_view, 4> kAlgs{"RS256", "PS256", "ES256", "EdDSA"};
  return std::find(kAlgs.begin(), kAlgs.end(), alg) != kAlgs.end();
}

StoreResult<void> validate(const Api& api) {
  if (auto ok = check_id(api.identifier, kMaxIdentifierLength, "api identifier"); !ok) return ok;
  if (auto ok = check_name(api.name); !ok) return ok;
  if (api.token_lifetime_s < kMinTokenLifetime || api.token_lifetime_s > kMaxTokenLifetime) {
    return invalid("token lifetime must be between " + std::to_string(kMinTokenLifetime) + " and " +
                   std::to_string(kMaxTokenLifetime) + " seconds, got " +
                   std::to_string(api.token_lifetime_s));
  }
  if (!is_supported_signing_alg(api.signing_alg)) {
    return invalid("signing alg must be one of RS256, PS256, ES256, EdDSA");
  }
  return check_tokens(api.scopes, "scope");
}

StoreResult<void> validate(const Client& client) {
  if (auto ok = check_id(client.client_id, kMaxIdLength, "client_id"); !ok) return ok;
  if (auto ok = check_name(client.name); !ok) return ok;
  if (client.secret_hash.size() != 32) return invalid("secret hash must be 32 bytes");
  return check_tokens(client.grant_types, "grant type");
}

StoreResult<void> validate(const Grant& grant) {
  if (auto ok = check_id(grant.client_id, kMaxIdLength, "client_id"); !ok) return ok;
  if (auto ok = check_id(grant.audience, kMaxIdentifierLength, "audience"); !ok) return ok;
  return check_tokens(grant.scopes, "scope");
}

StoreResult<void> validate(const SigningKeyRecord& key) {
  if (auto ok = check_id(key.kid, kMaxIdLength, "kid"); !ok) return ok;
  if (!is_supported_signing_alg(key.alg)) {
    return invalid("signing alg must be one of RS256, PS256, ES256, EdDSA");
  }
  if (key.sealed_private_key.empty()) return invalid("sealed private key must not be empty");
  return {};
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token;
  }
  return out;
}

std::vector<std::string> split_tokens(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const auto token = text.substr(0, space);
    if (!token.empty()) out.emplace_back(token);
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace xfx::store
