// JWT claims (RFC 7519) in the shape Auth0's machine-to-machine tokens and RFC 9068 use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xfx/expected.h"
#include "xfx/jose/error.h"

namespace xfx::jose {

struct Claims {
  std::string iss;
  std::string sub;
  std::vector<std::string> aud;  // serialised as a string when it has one member
  std::optional<std::int64_t> iat;
  std::optional<std::int64_t> exp;
  std::optional<std::int64_t> nbf;
  std::string azp;
  std::string client_id;  // RFC 9068 profile
  std::string scope;      // space-separated
  std::string gty;        // "client-credentials"
  std::string jti;
};

// Compact JSON; empty strings, empty aud and unset times are omitted.
std::string to_json(const Claims& claims);

// Parses a payload. Time claims must be integral JSON numbers, aud a string or an array of
// strings, the string claims strings; anything else is kBadJson. Unknown claims are ignored.
expected<Claims, JoseError> parse_claims(std::string_view payload_json);

// Splits a space-separated scope string into its distinct non-empty tokens.
std::vector<std::string> split_scope(std::string_view scope);

}  // namespace xfx::jose
