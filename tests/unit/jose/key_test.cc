#include "xfx/jose/key.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "unit/jose/jose_test_util.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

using testing::json_object;
using testing::key_from_jwk;

constexpr Algorithm kAll[] = {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256,
                              Algorithm::kEdDSA};

JoseError jwk_error(std::string_view text) {
  auto key = Key::from_jwk(json_object(text));
  EXPECT_FALSE(key.has_value()) << text;
  return key ? JoseError::kCryptoFailure : key.error();
}

// Replaces (or adds) one member of a JWK.
std::string with_member(std::string_view jwk, std::string_view name, boost::json::value v) {
  auto obj = json_object(jwk);
  obj[name] = std::move(v);
  return boost::json::serialize(obj);
}

boost::json::value js(const std::string& s) {
  return boost::json::string(s);
}

std::string without_member(std::string_view jwk, std::string_view name) {
  auto obj = json_object(jwk);
  obj.erase(name);
  return boost::json::serialize(obj);
}

TEST(KeyThumbprint, Rfc7638Example) {
  const Key key = key_from_jwk(testing::kRfc7638Jwk);
  EXPECT_EQ(key.thumbprint(), testing::kRfc7638Thumbprint);
  EXPECT_EQ(key.kid(), "2011-04-29");
  EXPECT_EQ(key.algorithm(), Algorithm::kRS256);
  EXPECT_FALSE(key.has_private());
}

TEST(KeyThumbprint, Rfc8037Example) {
  EXPECT_EQ(key_from_jwk(testing::kRfc8037PublicJwk).thumbprint(), testing::kRfc8037Thumbprint);
  EXPECT_EQ(key_from_jwk(testing::kRfc8037PrivateJwk).thumbprint(), testing::kRfc8037Thumbprint);
}

TEST(KeyGenerate, EveryAlgorithmGivesAPrivateKeyNamedByItsThumbprint) {
  for (Algorithm alg : kAll) {
    auto key = Key::generate(alg);
    ASSERT_TRUE(key) << to_string(alg);
    EXPECT_TRUE(key->has_private());
    EXPECT_EQ(key->type(), key_type_for(alg));
    EXPECT_EQ(key->algorithm(), alg);
    EXPECT_EQ(key->kid(), key->thumbprint());
    EXPECT_EQ(base64url_decode(key->kid())->size(), 32u);
  }
  auto rsa = Key::generate(Algorithm::kRS256);
  EXPECT_EQ(rsa->public_jwk().at("e").as_string(), "AQAB");
  EXPECT_EQ(base64url_decode(rsa->public_jwk().at("n").as_string())->size(), 256u);
}

TEST(KeyPublicJwk, HasNoPrivateMembersAndRoundTrips) {
  for (Algorithm alg : kAll) {
    auto key = Key::generate(alg);
    ASSERT_TRUE(key);
    const boost::json::object jwk = key->public_jwk();
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k", "oth"}) {
      EXPECT_FALSE(jwk.contains(secret)) << secret << " in " << to_string(alg);
    }
    EXPECT_EQ(jwk.at("use").as_string(), "sig");
    EXPECT_EQ(jwk.at("kty").as_string(), to_string(key->type()));
    EXPECT_EQ(jwk.at("alg").as_string(), to_string(alg));
    EXPECT_EQ(jwk.at("kid").as_string(), key->kid());

    auto pub = Key::from_jwk(jwk);
    ASSERT_TRUE(pub) << to_string(pub.error());
    EXPECT_FALSE(pub->has_private());
    EXPECT_EQ(pub->kid(), key->kid());
    EXPECT_EQ(pub->thumbprint(), key->thumbprint());
    EXPECT_EQ(pub->private_pem(), "");
    EXPECT_EQ(boost::json::serialize(pub->public_jwk()), boost::json::serialize(jwk));

    auto sig = sign_bytes(*key, alg, "payload");
    ASSERT_TRUE(sig);
    EXPECT_TRUE(verify_signature(*pub, alg, "payload", *sig));
    EXPECT_EQ(sign_bytes(*pub, alg, "payload").error(), JoseError::kBadKey);
  }
}

TEST(KeyPem, RoundTripsEveryType) {
  for (Algorithm alg : kAll) {
    auto key = Key::generate(alg);
    ASSERT_TRUE(key);
    const std::string pem = key->private_pem();
    EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u) << pem.substr(0, 40);
    auto loaded = Key::from_private_pem(pem, key->kid(), alg);
    ASSERT_TRUE(loaded) << to_string(loaded.error());
    EXPECT_TRUE(loaded->has_private());
    EXPECT_EQ(loaded->type(), key->type());
    EXPECT_EQ(loaded->kid(), key->kid());
    EXPECT_EQ(loaded->thumbprint(), key->thumbprint());
    auto sig = sign_bytes(*loaded, alg, "data");
    ASSERT_TRUE(sig);
    EXPECT_TRUE(verify_signature(*key, alg, "data", *sig));
  }
}

TEST(KeyPem, RejectsGarbageAndMismatchedAlgorithms) {
  EXPECT_EQ(Key::from_private_pem("", "k", std::nullopt).error(), JoseError::kBadKey);
  EXPECT_EQ(Key::from_private_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                  "k", std::nullopt)
                .error(),
            JoseError::kBadKey);
  auto ec = Key::generate(Algorithm::kES256);
  EXPECT_EQ(Key::from_private_pem(ec->private_pem(), "k", Algorithm::kRS256).error(),
            JoseError::kAlgorithmKeyMismatch);
  auto loaded = Key::from_private_pem(ec->private_pem(), "", std::nullopt);
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->algorithm());
}

TEST(KeyFromJwk, Rfc7515RsaPrivateKey) {
  const Key key = key_from_jwk(testing::kRfc7515A2Jwk);
  EXPECT_TRUE(key.has_private());
  EXPECT_EQ(key.type(), KeyType::kRsa);
  EXPECT_FALSE(key.algorithm());
  EXPECT_EQ(key.kid(), "");
}

TEST(KeyFromJwk, RejectsSmallRsaModulus) {
  // RFC 7638's modulus cut to 1024 bits (and kept odd): well formed, too small.
  auto obj = json_object(testing::kRfc7638Jwk);
  std::string n = *base64url_decode(obj.at("n").as_string());
  n.resize(128);
  n.back() = static_cast<char>(n.back() | 1);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "n", js(base64url_encode(n)))),
            JoseError::kBadKey);
}

TEST(KeyFromJwk, RejectsBadRsaMembers) {
  const auto jwk = testing::kRfc7638Jwk;
  EXPECT_EQ(jwk_error(without_member(jwk, "e")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(without_member(jwk, "n")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(jwk, "e", "AQ")), JoseError::kBadKey);     // e = 1
  EXPECT_EQ(jwk_error(with_member(jwk, "e", "AQA")), JoseError::kBadKey);    // e = 256, even
  EXPECT_EQ(jwk_error(with_member(jwk, "e", "AQAB=")), JoseError::kBadKey);  // padded
  EXPECT_EQ(jwk_error(with_member(jwk, "e", 65537)), JoseError::kBadKey);    // not a string
  EXPECT_EQ(jwk_error(with_member(jwk, "e", "")), JoseError::kBadKey);
}

TEST(KeyFromJwk, RsaPrivateKeyNeedsAllOrNoCrtMembers) {
  EXPECT_EQ(jwk_error(without_member(testing::kRfc7515A2Jwk, "qi")), JoseError::kBadKey);
  // n, e, d alone is a complete private key.
  std::string minimal(testing::kRfc7515A2Jwk);
  for (const char* m : {"p", "q", "dp", "dq", "qi"}) minimal = without_member(minimal, m);
  auto key = Key::from_jwk(json_object(minimal));
  ASSERT_TRUE(key) << to_string(key.error());
  EXPECT_TRUE(key->has_private());
  auto sig = sign_bytes(*key, Algorithm::kRS256, "x");
  ASSERT_TRUE(sig);
  EXPECT_TRUE(verify_signature(key_from_jwk(testing::kRfc7515A2Jwk), Algorithm::kRS256, "x", *sig));
}

TEST(KeyFromJwk, RejectsAPrivateHalfThatDoesNotMatch) {
  auto other = Key::generate(Algorithm::kEdDSA);
  // A.1's d with some other public x.
  const std::string jwk =
      with_member(testing::kRfc8037PrivateJwk, "x", other->public_jwk().at("x"));
  EXPECT_EQ(jwk_error(jwk), JoseError::kBadKey);
  const std::string ec =
      with_member(testing::kRfc7515A3Jwk, "d", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA");
  EXPECT_EQ(jwk_error(ec), JoseError::kBadKey);
}

TEST(KeyFromJwk, EcValidation) {
  const auto jwk = testing::kRfc7515A3Jwk;
  EXPECT_TRUE(Key::from_jwk(json_object(jwk)));
  EXPECT_EQ(jwk_error(with_member(jwk, "crv", "P-384")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(without_member(jwk, "crv")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(without_member(jwk, "y")), JoseError::kBadKey);
  // 31 and 33 byte coordinates.
  EXPECT_EQ(jwk_error(with_member(jwk, "x", js(base64url_encode(std::string(31, '\1'))))),
            JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(jwk, "x", js(base64url_encode(std::string(33, '\1'))))),
            JoseError::kBadKey);
  // A well-formed point that is not on P-256: the real x with y + 1.
  std::string y = *base64url_decode(json_object(jwk).at("y").as_string());
  y.back() = static_cast<char>(y.back() + 1);
  const std::string off_curve = without_member(with_member(jwk, "y", js(base64url_encode(y))), "d");
  EXPECT_EQ(jwk_error(off_curve), JoseError::kBadKey);
  // The point at infinity has no affine encoding; all-zero coordinates are off the curve.
  const std::string zero = base64url_encode(std::string(32, '\0'));
  EXPECT_EQ(
      jwk_error(without_member(with_member(with_member(jwk, "x", js(zero)), "y", js(zero)), "d")),
      JoseError::kBadKey);
}

TEST(KeyFromJwk, OkpValidation) {
  const auto jwk = testing::kRfc8037PublicJwk;
  EXPECT_EQ(jwk_error(with_member(jwk, "crv", "X25519")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(jwk, "crv", "Ed448")), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(jwk, "x", js(base64url_encode(std::string(31, '\1'))))),
            JoseError::kBadKey);
  EXPECT_EQ(jwk_error(without_member(jwk, "x")), JoseError::kBadKey);
}

TEST(KeyFromJwk, TypeAndAlgorithmChecks) {
  EXPECT_EQ(jwk_error(R"({"kty":"oct","k":"AAAA"})"), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(R"({"n":"AQAB","e":"AQAB"})"), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "alg", "RS512")),
            JoseError::kUnsupportedAlgorithm);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "alg", "none")),
            JoseError::kUnsupportedAlgorithm);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "alg", "ES256")),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "alg", 1)), JoseError::kBadKey);
  EXPECT_EQ(jwk_error(with_member(testing::kRfc7638Jwk, "kid", 7)), JoseError::kBadKey);
  auto ps = Key::from_jwk(json_object(with_member(testing::kRfc7638Jwk, "alg", "PS256")));
  ASSERT_TRUE(ps);
  EXPECT_EQ(ps->algorithm(), Algorithm::kPS256);
}

}  // namespace
}  // namespace xfx::jose
