#include "server/authd/well_known.h"

#include <boost/json.hpp>

namespace xfx::authd {

std::string normalize_issuer(std::string_view issuer) {
  std::string out(issuer);
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out + "/";
}

std::string discovery_document(std::string_view issuer) {
  std::string base(issuer);  // ends with '/'
  boost::json::object doc;
  doc["issuer"] = base;
  doc["token_endpoint"] = base + "oauth/token";
  doc["jwks_uri"] = base + ".well-known/jwks.json";
  doc["grant_types_supported"] = boost::json::array{"client_credentials"};
  doc["token_endpoint_auth_methods_supported"] =
      boost::json::array{"client_secret_basic", "client_secret_post"};
  // There is no authorization endpoint, so no response type is supported (RFC 8414 §2 still
  // requires the member).
  doc["response_types_supported"] = boost::json::array{};
  doc["access_token_signing_alg_values_supported"] =
      boost::json::array{"RS256", "PS256", "ES256", "EdDSA"};
  return boost::json::serialize(doc);
}

}  // namespace xfx::authd
