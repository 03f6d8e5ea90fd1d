#include "integration/support/token_checks.h"

#include <openssl/evp.h>
#include <boost/json.hpp>

#include "xfx/jose/claims.h"
#include "xfx/jose/jws.h"
#include "xfx/jose/key.h"

namespace xfx::testing {

CheckedToken check_token(std::string_view token, std::string_view jwks_json) {
  CheckedToken out;
  auto jws = jose::parse_compact(token, 16 * 1024);
  if (!jws) {
    out.problem = "unparseable token: " + std::string(jose::to_string(jws.error()));
    return out;
  }
  out.header = jws->header;
  boost::system::error_code ec;
  auto claims = boost::json::parse(jws->payload, ec);
  if (!ec && claims.is_object()) out.claims = claims.as_object();
  auto keys = jose::KeySet::parse(jwks_json);
  if (!keys) {
    out.problem = "bad JWKS: " + std::string(jose::to_string(keys.error()));
    return out;
  }
  const auto* kid = out.header.if_contains("kid");
  const auto* alg_name = out.header.if_contains("alg");
  if (!kid || !kid->is_string() || !alg_name || !alg_name->is_string()) {
    out.problem = "header lacks kid or alg";
    return out;
  }
  const jose::Key* key = keys->find(kid->as_string());
  auto alg = jose::parse_algorithm(alg_name->as_string());
  if (!key || !alg) {
    out.problem = "kid not in the JWKS or unknown alg";
    return out;
  }
  auto ok = jose::verify_signature(*key, *alg, jws->signing_input, jws->signature);
  if (!ok) {
    out.problem = "signature: " + std::string(jose::to_string(ok.error()));
    return out;
  }
  out.signature_ok = true;
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace xfx::testing
