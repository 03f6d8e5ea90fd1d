// The private-key and public-key operations behind sign_bytes, verify_signature and Signer,
// on a bare EVP_PKEY whose type the caller has already matched to alg.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "xfx/expected.h"
#include "xfx/jose/algorithm.h"
#include "xfx/jose/error.h"
#include "xfx/jose/key.h"

namespace xfx::jose::detail {

// RSA moduli above this are refused at import, so a signature always fits a stack buffer and a
// hostile JWKS cannot make every verification arbitrarily slow.
inline constexpr int kMaxRsaBits = 8192;
inline constexpr int kMinRsaBits = 2048;
inline constexpr std::size_t kMaxSignatureSize = kMaxRsaBits / 8;

// Writes the JWS signature (R||S for ES256) into `out`, which holds kMaxSignatureSize bytes.
expected<std::size_t, JoseError> sign_raw(EVP_PKEY* pkey, Algorithm alg, std::string_view data,
                                          std::span<std::uint8_t, kMaxSignatureSize> out);

expected<void, JoseError> verify_raw(EVP_PKEY* pkey, Algorithm alg, std::string_view data,
                                     std::string_view signature);

// The caller's alg must fit the key's type and, when the key names its algorithm (JWK "alg"),
// that algorithm too (RFC 8725 §3.1: one key, one algorithm). kAlgorithmKeyMismatch otherwise.
expected<void, JoseError> check_fit(const Key& key, Algorithm alg);

}  // namespace xfx::jose::detail
