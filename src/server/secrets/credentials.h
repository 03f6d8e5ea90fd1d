// Server-generated client credentials. Randomness is injected so tests are deterministic.
#pragma once

#include <functional>
#include <span>
#include <string>

namespace xfx::secrets {

// Fills the span with random bytes.
using RandomSource = std::function<void(std::span<unsigned char>)>;
// RAND_bytes; throws std::runtime_error when the CSPRNG fails (never returns weak bytes).
RandomSource system_random();

inline constexpr std::size_t kClientIdLength = 32;
inline constexpr std::size_t kClientSecretLength = 64;

// 32 characters of [A-Za-z0-9] (like Auth0's), unbiased by rejection sampling (~190 bits).
std::string generate_client_id(const RandomSource& random);
// 64 characters of the base64url alphabet: 48 random bytes (384 bits), unpadded.
std::string generate_client_secret(const RandomSource& random);

}  // namespace xfx::secrets
