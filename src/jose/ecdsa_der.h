// ECDSA signature encodings: OpenSSL speaks DER (SEQUENCE of two INTEGERs), JWS speaks the fixed
// width R||S of RFC 7518 §3.4. Done by hand on fixed-size stack buffers because the conversion
// sits on the ES256 hot path and the grammar is tiny.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace xfx::jose::detail {

inline constexpr std::size_t kP256ScalarSize = 32;
inline constexpr std::size_t kP256RawSignatureSize = 2 * kP256ScalarSize;
// 0x30 len, then per scalar 0x02 len [0x00] 32 bytes.
inline constexpr std::size_t kP256MaxDerSignatureSize = 2 + 2 * (2 + 1 + kP256ScalarSize);

// Writes the DER form of raw R||S (exactly 64 bytes) into `der`; returns its length.
std::size_t ecdsa_raw_to_der(std::span<const std::uint8_t, kP256RawSignatureSize> raw,
                             std::span<std::uint8_t, kP256MaxDerSignatureSize> der);

// Converts a DER signature to raw R||S; false when `der` is not a strict DER SEQUENCE of two
// non-negative INTEGERs that each fit in 32 bytes.
bool ecdsa_der_to_raw(std::span<const std::uint8_t> der,
                      std::span<std::uint8_t, kP256RawSignatureSize> raw);

}  // namespace xfx::jose::detail
