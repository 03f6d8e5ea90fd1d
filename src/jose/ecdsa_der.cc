#include "jose/ecdsa_der.h"

#include <algorithm>

namespace xfx::jose::detail {
namespace {

// Writes one unsigned big-endian scalar as a minimal DER INTEGER at `out`; returns its length.
std::size_t put_integer(std::span<const std::uint8_t> scalar, std::uint8_t* out) {
  std::size_t skip = 0;
  while (skip + 1 < scalar.size() && scalar[skip] == 0) ++skip;  // minimal, but keep one byte
  const bool pad = (scalar[skip] & 0x80) != 0;  // a set high bit would read as negative
  const std::size_t len = scalar.size() - skip + (pad ? 1 : 0);
  std::size_t pos = 0;
  out[pos++] = 0x02;
  out[pos++] = static_cast<std::uint8_t>(len);
  if (pad) out[pos++] = 0x00;
  std::copy(scalar.begin() + static_cast<std::ptrdiff_t>(skip), scalar.end(), out + pos);
  return pos + scalar.size() - skip;
}

// Reads one DER INTEGER at der[pos] into a 32-byte big-endian field; advances pos.
bool get_integer(std::span<const std::uint8_t> der, std::size_t& pos,
                 std::span<std::uint8_t> field) {
  if (der.size() - pos < 2 || der[pos] != 0x02) return false;
  const std::size_t len = der[pos + 1];
  pos += 2;
  if (len == 0 || len >= 0x80 || der.size() - pos < len) return false;
  const std::uint8_t* value = der.data() + pos;
  pos += len;
  if ((value[0] & 0x80) != 0) return false;                              // negative
  if (len > 1 && value[0] == 0 && (value[1] & 0x80) == 0) return false;  // not minimal
  std::size_t n = len;
  if (value[0] == 0 && len > 1) {
    ++value;
    --n;
  }
  if (n > field.size()) return false;
  std::fill(field.begin(), field.end(), std::uint8_t{0});
  std::copy(value, value + n, field.end() - static_cast<std::ptrdiff_t>(n));
  return true;
}

}  // namespace

std::size_t ecdsa_raw_to_der(std::span<const std::uint8_t, kP256RawSignatureSize> raw,
                             std::span<std::uint8_t, kP256MaxDerSignatureSize> der) {
  std::size_t pos = 2;
  pos += put_integer(raw.first<kP256ScalarSize>(), der.data() + pos);
  pos += put_integer(raw.last<kP256ScalarSize>(), der.data() + pos);
  der[0] = 0x30;
  der[1] = static_cast<std::uint8_t>(pos - 2);  // at most 70, so the short length form
  return pos;
}

bool ecdsa_der_to_raw(std::span<const std::uint8_t> der,
                      std::span<std::uint8_t, kP256RawSignatureSize> raw) {
  if (der.size() < 2 || der[0] != 0x30 || der[1] >= 0x80 || der[1] != der.size() - 2) {
    return false;
  }
  std::size_t pos = 2;
  if (!get_integer(der, pos, raw.first<kP256ScalarSize>())) return false;
  if (!get_integer(der, pos, raw.last<kP256ScalarSize>())) return false;
  return pos == der.size();
}

}  // namespace xfx::jose::detail
