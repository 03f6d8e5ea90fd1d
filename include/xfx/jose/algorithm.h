// The JWS algorithms xfx signs and verifies. HMAC and "none" are deliberately absent.
#pragma once

#include <optional>
#include <string_view>

namespace xfx::jose {

enum class Algorithm { kRS256, kPS256, kES256, kEdDSA };
enum class KeyType { kRsa, kEcP256, kEd25519 };

std::string_view to_string(Algorithm alg);  // "RS256", "PS256", "ES256", "EdDSA"
std::string_view to_string(KeyType type);   // "RSA", "EC", "OKP"
// Exact, case-sensitive match of the names above; anything else (none, HS256, rs256) is nullopt.
std::optional<Algorithm> parse_algorithm(std::string_view name);
KeyType key_type_for(Algorithm alg);

}  // namespace xfx::jose
