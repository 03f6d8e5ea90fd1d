// Allocation-aware base64url primitives for the hot paths (Signer::sign, parse_compact).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xfx::jose::detail {

constexpr std::size_t base64url_encoded_size(std::size_t n) {
  return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

// Appends the unpadded base64url of `bytes` to `out`.
void base64url_append(std::string& out, std::string_view bytes);

// Replaces `out` with the strict decoding of `text`; false (and `out` unspecified) when `text` is
// not canonical base64url.
bool base64url_decode_into(std::string_view text, std::string& out);

}  // namespace xfx::jose::detail
