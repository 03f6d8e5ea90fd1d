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
  // No ID tokens are issued, but OpenID Connect Discovery requires these members, and common
  // verifiers (go-oidc, for one) take the accepted algorithms from the id_token list.
  boost::json::array algs{"RS256", "PS256", "ES256", "EdDSA"};
  doc["id_token_signing_alg_values_supported"] = algs;
  doc["subject_types_supported"] = boost::json::array{"public"};
  doc["access_token_signing_alg_values_supported"] = std::move(algs);
  return boost::json::serialize(doc);
}

}  // namespace xfx::authd
