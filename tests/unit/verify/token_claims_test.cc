// Claims and the typ header, checked once the signature holds: time with leeway, iss, aud, typ,
// the RFC 9068 profile, scopes.
#include <cstdint>
#include <limits>
#include <string>

#include "verify_test_support.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::verify {
namespace {

using namespace xfx::verify::testing;
using std::chrono::seconds;

class TokenClaimsTest : public ::testing::Test {
 protected:
  expected<VerifiedToken, VerifyError> verify(const boost::json::object& claims,
                                              std::chrono::system_clock::time_point at = now(),
                                              std::span<const std::string> scopes = {}) {
    return verify_with(default_header(rsa_key()), claims, at, scopes);
  }
  expected<VerifiedToken, VerifyError> verify_with(const boost::json::object& header,
                                                   const boost::json::object& claims,
                                                   std::chrono::system_clock::time_point at = now(),
                                                   std::span<const std::string> scopes = {}) {
    return verifier_.verify(make_token(header, claims, rsa_key()), *keys_, at, scopes);
  }
  static boost::json::object claims_with(std::string_view name, boost::json::value v) {
    boost::json::object c = default_claims();
    c[name] = std::move(v);
    return c;
  }
  static boost::json::object claims_without(std::string_view name) {
    boost::json::object c = default_claims();
    c.erase(name);
    return c;
  }

  TokenVerifier verifier_{default_config()};
  std::shared_ptr<const jose::KeySet> keys_ = key_set({rsa_key()});
};

VerifyError error_of(const expected<VerifiedToken, VerifyError>& r) {
  EXPECT_FALSE(r.has_value());
  return r ? VerifyError::kMalformed : r.error();
}

TEST_F(TokenClaimsTest, ExpIsRequired) {
  EXPECT_EQ(error_of(verify(claims_without("exp"))), VerifyError::kMissingClaim);
}

// Valid while now < exp + leeway (RFC 7519 §4.1.4 plus 60 s of skew).
TEST_F(TokenClaimsTest, ExpLeewayEdges) {
  const auto claims = claims_with("exp", now_s());
  EXPECT_TRUE(verify(claims, now() + seconds(59)).has_value());
  EXPECT_EQ(error_of(verify(claims, now() + seconds(60))), VerifyError::kExpired);
  EXPECT_EQ(error_of(verify(claims, now() + seconds(61))), VerifyError::kExpired);
  // Sub-second clocks are floored: 59.999 s past exp is still inside the leeway.
  EXPECT_TRUE(verify(claims, now() + std::chrono::milliseconds(59999)).has_value());
  EXPECT_EQ(error_of(verify(claims_with("exp", now_s() - 3600))), VerifyError::kExpired);
}

TEST_F(TokenClaimsTest, NbfLeewayEdges) {
  EXPECT_TRUE(verify(claims_with("nbf", now_s() + 60)).has_value());
  EXPECT_EQ(error_of(verify(claims_with("nbf", now_s() + 61))), VerifyError::kNotYetValid);
  EXPECT_EQ(error_of(verify(claims_with("nbf", now_s() + 86400))), VerifyError::kNotYetValid);
  EXPECT_TRUE(verify(claims_with("nbf", now_s() - 1)).has_value());
}

TEST_F(TokenClaimsTest, IatInTheFutureIsRejectedBeyondLeeway) {
  EXPECT_TRUE(verify(claims_with("iat", now_s() + 60)).has_value());
  EXPECT_EQ(error_of(verify(claims_with("iat", now_s() + 61))), VerifyError::kIssuedInFuture);
  EXPECT_EQ(error_of(verify(claims_with("iat", std::numeric_limits<std::int64_t>::max()))),
            VerifyError::kIssuedInFuture);
  EXPECT_TRUE(verify(claims_without("iat")).has_value());  // optional for typ JWT
}

TEST_F(TokenClaimsTest, ZeroLeewayIsExact) {
  VerifierConfig config = default_config();
  config.leeway = seconds(0);
  TokenVerifier strict(config);
  auto token = make_token(default_header(rsa_key()), claims_with("exp", now_s()), rsa_key());
  EXPECT_EQ(strict.verify(token, *keys_, now()).error(), VerifyError::kExpired);
  EXPECT_TRUE(strict.verify(token, *keys_, now() - seconds(1)).has_value());
}

TEST_F(TokenClaimsTest, ExtremeTimesDoNotOverflow) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  auto far = verify(claims_with("exp", kMax));
  ASSERT_TRUE(far.has_value());
  EXPECT_EQ(far->expires_at.time_since_epoch().count(), kMax);
  EXPECT_EQ(error_of(verify(claims_with("exp", kMin))), VerifyError::kExpired);
  EXPECT_TRUE(verify(claims_with("nbf", kMin)).has_value());
  EXPECT_EQ(error_of(verify(claims_with("nbf", kMax))), VerifyError::kNotYetValid);
}

TEST_F(TokenClaimsTest, NonIntegralOrMistypedClaimsAreMalformed) {
  EXPECT_EQ(error_of(verify(claims_with("exp", 1700003600.5))), VerifyError::kMalformed);
  EXPECT_EQ(error_of(verify(claims_with("exp", "1700003600"))), VerifyError::kMalformed);
  EXPECT_EQ(error_of(verify(claims_with("iss", 5))), VerifyError::kMalformed);
  EXPECT_EQ(error_of(verify(claims_with("aud", boost::json::array{1, 2}))),
            VerifyError::kMalformed);
}

TEST_F(TokenClaimsTest, IssuerMatchesExactly) {
  EXPECT_EQ(error_of(verify(claims_with("iss", "https://evil.example/"))),
            VerifyError::kWrongIssuer);
  // Trailing slash, case and prefixes all matter.
  EXPECT_EQ(error_of(verify(claims_with("iss", "https://issuer.example"))),
            VerifyError::kWrongIssuer);
  EXPECT_EQ(error_of(verify(claims_with("iss", "https://ISSUER.example/"))),
            VerifyError::kWrongIssuer);
  EXPECT_EQ(error_of(verify(claims_with("iss", "https://issuer.example/x"))),
            VerifyError::kWrongIssuer);
  EXPECT_EQ(error_of(verify(claims_without("iss"))), VerifyError::kMissingClaim);
}

TEST_F(TokenClaimsTest, AudienceIsAnyOf) {
  EXPECT_EQ(error_of(verify(claims_with("aud", "https://api.example/other"))),
            VerifyError::kWrongAudience);
  EXPECT_EQ(error_of(verify(claims_with("aud", "https://api.example/orders/"))),
            VerifyError::kWrongAudience);
  EXPECT_EQ(error_of(verify(claims_without("aud"))), VerifyError::kMissingClaim);
  EXPECT_EQ(error_of(verify(claims_with("aud", boost::json::array{}))), VerifyError::kMissingClaim);
  auto multi = verify(claims_with("aud", boost::json::array{"https://x.example", kAudience}));
  ASSERT_TRUE(multi.has_value());
  EXPECT_EQ(multi->audiences.size(), 2u);
  EXPECT_EQ(error_of(verify(claims_with("aud", boost::json::array{"https://x.example", "y"}))),
            VerifyError::kWrongAudience);

  VerifierConfig config = default_config();
  config.audiences = {"https://a.example", std::string(kAudience)};
  TokenVerifier either(config);
  EXPECT_TRUE(either.verify(valid_token(), *keys_, now()).has_value());
}

TEST_F(TokenClaimsTest, TypMustBeJwtByDefault) {
  for (const char* typ : {"JWT", "jwt", "application/jwt", "Application/JWT"}) {
    boost::json::object header = default_header(rsa_key());
    header["typ"] = typ;
    EXPECT_TRUE(verify_with(header, default_claims()).has_value()) << typ;
  }
  for (const char* typ : {"JOSE", "at+jwt", "JWS", "", "application/", "xapplication/jwt"}) {
    boost::json::object header = default_header(rsa_key());
    header["typ"] = typ;
    EXPECT_EQ(error_of(verify_with(header, default_claims())), VerifyError::kWrongType) << typ;
  }
  boost::json::object header = default_header(rsa_key());
  header.erase("typ");
  EXPECT_EQ(error_of(verify_with(header, default_claims())), VerifyError::kWrongType);
  header["typ"] = 1;
  EXPECT_EQ(error_of(verify_with(header, default_claims())), VerifyError::kWrongType);
}

TEST_F(TokenClaimsTest, AtJwtProfile) {
  VerifierConfig config = default_config();
  config.type = TokenType::kAtJwt;
  TokenVerifier at(config);
  config.type = TokenType::kEither;
  TokenVerifier either(config);

  boost::json::object claims = default_claims();
  claims["client_id"] = "rfc9068-client";
  for (const char* typ : {"at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"}) {
    boost::json::object header = default_header(rsa_key());
    header["typ"] = typ;
    const std::string t = make_token(header, claims, rsa_key());
    auto r = at.verify(t, *keys_, now());
    ASSERT_TRUE(r.has_value()) << typ;
    EXPECT_EQ(r->client_id, "rfc9068-client");  // client_id wins over azp
    EXPECT_TRUE(either.verify(t, *keys_, now()).has_value());
  }
  EXPECT_EQ(at.verify(valid_token(), *keys_, now()).error(), VerifyError::kWrongType);
  EXPECT_TRUE(either.verify(valid_token(), *keys_, now()).has_value());

  // RFC 9068 §2.2 claims are required under at+jwt.
  boost::json::object header = default_header(rsa_key());
  header["typ"] = "at+jwt";
  for (const char* name : {"sub", "client_id", "iat", "jti"}) {
    boost::json::object c = claims;
    c.erase(name);
    EXPECT_EQ(at.verify(make_token(header, c, rsa_key()), *keys_, now()).error(),
              VerifyError::kMissingClaim)
        << name;
  }
}

TEST_F(TokenClaimsTest, RequiredScopes) {
  const std::vector<std::string> read{"read:orders"};
  const std::vector<std::string> both{"read:orders", "write:orders"};
  const std::vector<std::string> admin{"read:orders", "admin"};
  EXPECT_TRUE(verify(default_claims(), now(), read).has_value());
  EXPECT_TRUE(verify(default_claims(), now(), both).has_value());
  EXPECT_EQ(error_of(verify(default_claims(), now(), admin)), VerifyError::kInsufficientScope);
  EXPECT_EQ(error_of(verify(claims_without("scope"), now(), read)),
            VerifyError::kInsufficientScope);
  // Scope is matched token by token, never as a substring.
  EXPECT_EQ(error_of(verify(claims_with("scope", "read:orders:all"), now(), read)),
            VerifyError::kInsufficientScope);
  auto r = verify(claims_with("scope", "  a  b a "));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->scopes, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(check_scopes(*r, std::vector<std::string>{"b"}).has_value());
  EXPECT_FALSE(check_scopes(*r, std::vector<std::string>{"c"}).has_value());
}

TEST_F(TokenClaimsTest, ClientIdFallsBackToAzp) {
  auto r = verify(default_claims());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->client_id, "demo-client");
  auto none = verify(claims_without("azp"));
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->client_id, "");
}

TEST(VerifyErrorTest, DescriptionsAreShortAndQuoteFree) {
  for (int i = 0; i <= static_cast<int>(VerifyError::kInsufficientScope); ++i) {
    const auto e = static_cast<VerifyError>(i);
    EXPECT_NE(to_string(e), "unknown");
    const std::string_view d = description(e);
    EXPECT_FALSE(d.empty());
    EXPECT_LT(d.size(), 80u);
    for (char c : d) {
      EXPECT_TRUE(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') << d;
    }
  }
}

}  // namespace
}  // namespace xfx::verify
