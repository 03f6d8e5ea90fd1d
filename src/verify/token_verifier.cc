#include "xfx/verify/token_verifier.h"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "xfx/jose/claims.h"
#include "xfx/jose/jws.h"

namespace xfx::verify {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

// RFC 7515 §4.1.9: typ is a media type, compared case-insensitively, "application/" optional.
bool typ_is(std::string_view typ, std::string_view want) {
  constexpr std::string_view kPrefix = "application/";
  if (typ.size() > kPrefix.size() &&
      boost::beast::iequals(typ.substr(0, kPrefix.size()), kPrefix)) {
    typ.remove_prefix(kPrefix.size());
  }
  return boost::beast::iequals(typ, want);
}

const boost::json::string* string_member(const boost::json::object& obj, std::string_view name) {
  const boost::json::value* v = obj.if_contains(name);
  return v == nullptr ? nullptr : v->if_string();
}

// Signature-independent header checks; returns the algorithm the verifier allows for this token.
expected<jose::Algorithm, VerifyError> check_algorithm(const boost::json::object& header,
                                                       std::span<const jose::Algorithm> allowed) {
  const boost::json::string* alg_name = string_member(header, "alg");
  if (alg_name == nullptr) return unexpected(VerifyError::kUnsupportedAlgorithm);
  // parse_algorithm knows neither "none" nor any HMAC, so they can never be selected.
  std::optional<jose::Algorithm> alg = jose::parse_algorithm(*alg_name);
  if (!alg || std::find(allowed.begin(), allowed.end(), *alg) == allowed.end()) {
    return unexpected(VerifyError::kUnsupportedAlgorithm);
  }
  return *alg;
}

// The key must be of the algorithm's type, and a JWK that names its algorithm binds the key to it
// (RFC 8725 §3.1: one key, one algorithm).
expected<void, VerifyError> check_key_fits(const jose::Key& key, jose::Algorithm alg) {
  if (key.type() != jose::key_type_for(alg)) return unexpected(VerifyError::kKeyMismatch);
  if (key.algorithm() && *key.algorithm() != alg) return unexpected(VerifyError::kKeyMismatch);
  return {};
}

expected<void, VerifyError> check_type(const boost::json::object& header, TokenType want,
                                       bool& is_at_jwt) {
  const boost::json::string* typ = string_member(header, "typ");
  if (typ == nullptr) return unexpected(VerifyError::kWrongType);
  is_at_jwt = typ_is(*typ, "at+jwt");
  const bool is_jwt = typ_is(*typ, "JWT");
  const bool ok = (want == TokenType::kJwt && is_jwt) || (want == TokenType::kAtJwt && is_at_jwt) ||
                  (want == TokenType::kEither && (is_jwt || is_at_jwt));
  if (!ok) return unexpected(VerifyError::kWrongType);
  return {};
}

// RFC 7519 §4.1.4 and §4.1.5 with the configured clock skew. Integer seconds throughout; the
// jose layer has already rejected non-integral times.
expected<void, VerifyError> check_times(const jose::Claims& c, sys_seconds now, seconds leeway) {
  const std::int64_t t = now.time_since_epoch().count();
  const std::int64_t skew = leeway.count();
  if (!c.exp) return unexpected(VerifyError::kMissingClaim);
  // Saturating comparisons: claims are attacker-chosen int64s, so never compute claim +/- skew.
  if (*c.exp <= t - skew) return unexpected(VerifyError::kExpired);  // valid iff t < exp + skew
  if (c.nbf && *c.nbf > t + skew) return unexpected(VerifyError::kNotYetValid);
  if (c.iat && *c.iat > t + skew) return unexpected(VerifyError::kIssuedInFuture);
  return {};
}

expected<void, VerifyError> check_audience(const jose::Claims& c,
                                           const std::vector<std::string>& accepted) {
  if (c.aud.empty()) return unexpected(VerifyError::kMissingClaim);
  for (const std::string& aud : c.aud) {
    if (std::find(accepted.begin(), accepted.end(), aud) != accepted.end()) return {};
  }
  return unexpected(VerifyError::kWrongAudience);
}

}  // namespace

bool VerifiedToken::has_scope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

TokenVerifier::TokenVerifier(VerifierConfig config) : config_(std::move(config)) {
  if (config_.issuer.empty()) throw std::invalid_argument("verifier: issuer is required");
  if (config_.audiences.empty()) throw std::invalid_argument("verifier: an audience is required");
  for (const std::string& aud : config_.audiences) {
    if (aud.empty()) throw std::invalid_argument("verifier: empty audience");
  }
  if (config_.algorithms.empty()) throw std::invalid_argument("verifier: no algorithm allowed");
  if (config_.leeway.count() < 0) throw std::invalid_argument("verifier: negative leeway");
  if (config_.max_token_bytes == 0) throw std::invalid_argument("verifier: zero token size");
}

expected<VerifiedToken, VerifyError> TokenVerifier::verify(
    std::string_view token, const jose::KeySet& keys, std::chrono::system_clock::time_point now,
    std::span<const std::string> required_scopes) const {
  class SetResolver final : public KeyResolver {
   public:
    explicit SetResolver(const jose::KeySet& keys) : keys_(keys) {}
    std::optional<jose::Key> find(std::string_view kid) override {
      const jose::Key* key = keys_.find(kid);
      return key == nullptr ? std::nullopt : std::optional<jose::Key>(*key);
    }

   private:
    const jose::KeySet& keys_;
  } resolver(keys);
  return verify(token, resolver, now, required_scopes);
}

expected<VerifiedToken, VerifyError> TokenVerifier::verify(
    std::string_view token, KeyResolver& keys, std::chrono::system_clock::time_point now,
    std::span<const std::string> required_scopes) const {
  // 1. Size, then shape: three canonical base64url segments and a JSON object header.
  if (token.size() > config_.max_token_bytes) return unexpected(VerifyError::kTooLarge);
  auto jws = jose::parse_compact(token, config_.max_token_bytes);
  if (!jws) return unexpected(VerifyError::kMalformed);
  const boost::json::object& header = jws->header;

  // 2. Header members that decide how to verify. crit first: if the issuer marked an extension
  //    critical, even our choice of key and algorithm might mean something else (RFC 7515
  //    §4.1.11). Any crit, well-formed or not, is rejected: we implement no extension.
  if (header.contains("crit")) return unexpected(VerifyError::kUnsupportedCritical);
  auto alg = check_algorithm(header, config_.algorithms);
  if (!alg) return unexpected(alg.error());
  // kid is required and opaque: no kid means no key (never "try every key"), and jwk, jku, x5u,
  // x5c and x5t are not even read.
  const boost::json::string* kid = string_member(header, "kid");
  if (kid == nullptr || kid->empty()) return unexpected(VerifyError::kUnknownKey);
  std::optional<jose::Key> key = keys.find(*kid);
  if (!key) return unexpected(VerifyError::kUnknownKey);
  if (auto fits = check_key_fits(*key, *alg); !fits) return unexpected(fits.error());

  // 3. The signature, with the algorithm we chose and the key we hold.
  if (auto sig = jose::verify_signature(*key, *alg, jws->signing_input, jws->signature); !sig) {
    return unexpected(sig.error() == jose::JoseError::kAlgorithmKeyMismatch
                          ? VerifyError::kKeyMismatch
                          : VerifyError::kBadSignature);
  }

  // 4. From here on the header and payload are the issuer's words.
  bool is_at_jwt = false;
  if (auto typ = check_type(header, config_.type, is_at_jwt); !typ) return unexpected(typ.error());
  auto claims = jose::parse_claims(jws->payload);
  if (!claims) return unexpected(VerifyError::kMalformed);
  const auto now_s = std::chrono::floor<seconds>(now);
  if (auto times = check_times(*claims, now_s, config_.leeway); !times) {
    return unexpected(times.error());
  }
  if (claims->iss.empty()) return unexpected(VerifyError::kMissingClaim);
  if (claims->iss != config_.issuer) return unexpected(VerifyError::kWrongIssuer);
  if (auto aud = check_audience(*claims, config_.audiences); !aud) return unexpected(aud.error());
  // RFC 9068 §2.2: an at+jwt access token carries sub, client_id, iat and jti.
  if (is_at_jwt &&
      (claims->sub.empty() || claims->client_id.empty() || !claims->iat || claims->jti.empty())) {
    return unexpected(VerifyError::kMissingClaim);
  }

  VerifiedToken out;
  out.subject = std::move(claims->sub);
  out.client_id =
      !claims->client_id.empty() ? std::move(claims->client_id) : std::move(claims->azp);
  out.issuer = std::move(claims->iss);
  out.audiences = std::move(claims->aud);
  out.scopes = jose::split_scope(claims->scope);
  out.expires_at = sys_seconds(seconds(*claims->exp));
  if (claims->iat) out.issued_at = sys_seconds(seconds(*claims->iat));
  out.token_id = std::move(claims->jti);

  // 5. Authorization last: a token can only lack scope once it is known to be valid.
  if (auto scopes = check_scopes(out, required_scopes); !scopes) {
    return unexpected(scopes.error());
  }
  return out;
}

expected<void, VerifyError> check_scopes(const VerifiedToken& token,
                                         std::span<const std::string> required_scopes) {
  for (const std::string& scope : required_scopes) {
    if (!token.has_scope(scope)) return unexpected(VerifyError::kInsufficientScope);
  }
  return {};
}

}  // namespace xfx::verify
