#include "server/secrets/credentials.h"

#include <openssl/rand.h>

#include <array>
#include <climits>
#include <stdexcept>
#include <string_view>

namespace xfx::secrets {
namespace {

constexpr std::string_view kAlphanumeric =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

RandomSource system_random() {
  return [](std::span<unsigned char> out) {
    // RAND_bytes takes an int; fill in int-sized chunks.
    while (!out.empty()) {
      const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
      if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
        throw std::runtime_error("RAND_bytes failed: the system CSPRNG is unavailable");
      }
      out = out.subspan(n);
    }
  };
}

std::string generate_client_id(const RandomSource& random) {
  // 62 does not divide 256: take bytes below 248 (= 4 * 62) and reduce mod 62, so every
  // character is equally likely; a byte is rejected with probability 8/256.
  constexpr unsigned kLimit = 256 - 256 % kAlphanumeric.size();
  std::string id;
  id.reserve(kClientIdLength);
  std::array<unsigned char, 48> buffer{};
  while (id.size() < kClientIdLength) {
    random(buffer);
    for (unsigned char byte : buffer) {
      if (byte >= kLimit) continue;
      id.push_back(kAlphanumeric[byte % kAlphanumeric.size()]);
      if (id.size() == kClientIdLength) break;
    }
  }
  return id;
}

std::string generate_client_secret(const RandomSource& random) {
  // 48 bytes = 16 groups of 3 -> exactly 64 base64url characters, no padding.
  std::array<unsigned char, 48> bytes{};
  random(bytes);
  std::string secret;
  secret.reserve(kClientSecretLength);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned group =
        (unsigned{bytes[i]} << 16) | (unsigned{bytes[i + 1]} << 8) | bytes[i + 2];
    secret.push_back(kBase64Url[(group >> 18) & 63]);
    secret.push_back(kBase64Url[(group >> 12) & 63]);
    secret.push_back(kBase64Url[(group >> 6) & 63]);
    secret.push_back(kBase64Url[group & 63]);
  }
  bytes.fill(0);
  return secret;
}

}  // namespace xfx::secrets
