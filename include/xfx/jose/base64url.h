// Base64url without padding (RFC 7515 §2, RFC 4648 §5), strict on input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xfx::jose {

std::string base64url_encode(std::string_view bytes);

// Accepts only the canonical spelling: alphabet [A-Za-z0-9_-], no '=', no whitespace, length
// mod 4 != 1, and zero unused trailing bits. Anything else is nullopt, so one byte string has
// exactly one accepted encoding (a token cannot be re-spelled past a cache or a deny list).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace xfx::jose
