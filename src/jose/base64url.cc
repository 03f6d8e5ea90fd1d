#include "xfx/jose/base64url.h"

#include <array>
#include <cstdint>

#include "jose/base64url_internal.h"

namespace xfx::jose {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::uint8_t kInvalid = 0xff;

// Maps a byte to its 6-bit value; every byte outside the url-safe alphabet (including '=', '+',
// '/', whitespace and NUL) is kInvalid.
constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (std::uint8_t i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}

constexpr std::array<std::uint8_t, 256> kDecode = make_decode_table();

}  // namespace

namespace detail {

void base64url_append(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + base64url_encoded_size(bytes.size()));
  char* dst = out.data() + start;
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  for (; n >= 3; n -= 3, src += 3) {
    const std::uint32_t v = (std::uint32_t{src[0]} << 16) | (std::uint32_t{src[1]} << 8) | src[2];
    *dst++ = kAlphabet[(v >> 18) & 63];
    *dst++ = kAlphabet[(v >> 12) & 63];
    *dst++ = kAlphabet[(v >> 6) & 63];
    *dst++ = kAlphabet[v & 63];
  }
  if (n == 1) {
    const std::uint32_t v = std::uint32_t{src[0]} << 16;
    *dst++ = kAlphabet[(v >> 18) & 63];
    *dst++ = kAlphabet[(v >> 12) & 63];
  } else if (n == 2) {
    const std::uint32_t v = (std::uint32_t{src[0]} << 16) | (std::uint32_t{src[1]} << 8);
    *dst++ = kAlphabet[(v >> 18) & 63];
    *dst++ = kAlphabet[(v >> 12) & 63];
    *dst++ = kAlphabet[(v >> 6) & 63];
  }
}

bool base64url_decode_into(std::string_view text, std::string& out) {
  const std::size_t rem = text.size() % 4;
  if (rem == 1) return false;
  out.resize(text.size() / 4 * 3 + (rem == 0 ? 0 : rem - 1));
  const auto* src = reinterpret_cast<const unsigned char*>(text.data());
  char* dst = out.data();
  std::size_t n = text.size();
  for (; n >= 4; n -= 4, src += 4) {
    const std::uint32_t a = kDecode[src[0]], b = kDecode[src[1]], c = kDecode[src[2]],
                        d = kDecode[src[3]];
    if (((a | b | c | d) & 0xc0) != 0) return false;  // kInvalid has these bits set
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    *dst++ = static_cast<char>(v >> 16);
    *dst++ = static_cast<char>((v >> 8) & 0xff);
    *dst++ = static_cast<char>(v & 0xff);
  }
  if (n == 2) {
    const std::uint32_t a = kDecode[src[0]], b = kDecode[src[1]];
    // The last character carries 4 bits nobody reads; canonical text has them zero.
    if (((a | b) & 0xc0) != 0 || (b & 0x0f) != 0) return false;
    *dst++ = static_cast<char>((a << 2) | (b >> 4));
  } else if (n == 3) {
    const std::uint32_t a = kDecode[src[0]], b = kDecode[src[1]], c = kDecode[src[2]];
    if (((a | b | c) & 0xc0) != 0 || (c & 0x03) != 0) return false;
    const std::uint32_t v = (a << 10) | (b << 4) | (c >> 2);
    *dst++ = static_cast<char>(v >> 8);
    *dst++ = static_cast<char>(v & 0xff);
  }
  return true;
}

}  // namespace detail

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  detail::base64url_append(out, bytes);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  if (!detail::base64url_decode_into(text, out)) return std::nullopt;
  return out;
}

}  // namespace xfx::jose
