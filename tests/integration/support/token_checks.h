// Checks a token the way a resource server would, with the jose library, for test assertions.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace xfx::testing {

struct CheckedToken {
  bool signature_ok = false;
  std::string problem;  // why not, when !signature_ok
  boost::json::object header;
  boost::json::object claims;
};

// Splits the token, finds its kid in the JWKS and verifies the signature with the header's alg
// (the test trusts the server's choice; the verifier library is what refuses to).
CheckedToken check_token(std::string_view token, std::string_view jwks_json);

// Standard base64 with padding, for Basic authentication headers.
std::string base64(std::string_view bytes);

}  // namespace xfx::testing
