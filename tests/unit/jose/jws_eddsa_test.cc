#include <gtest/gtest.h>

#include "unit/jose/jose_test_util.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

using testing::key_from_jwk;

// RFC 8037 A.4: Ed25519 is deterministic, so the JWS must match exactly.
TEST(JwsEdDsa, Rfc8037AppendixA4SignsExactly) {
  const Key key = key_from_jwk(testing::kRfc8037PrivateJwk);
  auto signer = Signer::create(key, Algorithm::kEdDSA, "");  // header {"alg":"EdDSA"}
  ASSERT_TRUE(signer);
  EXPECT_EQ(signer->sign(testing::kRfc8037Payload).value(), testing::kRfc8037Token);
}

// RFC 8037 A.5: the public key verifies it.
TEST(JwsEdDsa, Rfc8037AppendixA5Verifies) {
  const Key key = key_from_jwk(testing::kRfc8037PublicJwk);
  auto jws = parse_compact(testing::kRfc8037Token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->payload, testing::kRfc8037Payload);
  EXPECT_TRUE(verify_signature(key, Algorithm::kEdDSA, jws->signing_input, jws->signature));
  testing::expect_tamper_evident(key, Algorithm::kEdDSA, jws->signing_input, jws->signature);
  testing::expect_truncations_rejected(key, Algorithm::kEdDSA, testing::kRfc8037Token);
}

TEST(JwsEdDsa, GeneratedRoundTrip) {
  auto key = Key::generate(Algorithm::kEdDSA);
  ASSERT_TRUE(key);
  auto signer = Signer::create(*key, Algorithm::kEdDSA, "JWT");
  auto token = signer->sign(R"({"iss":"https://issuer.example/"})");
  ASSERT_TRUE(token);
  auto pub = Key::from_jwk(key->public_jwk());
  ASSERT_TRUE(pub);
  auto jws = parse_compact(*token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_TRUE(verify_signature(*pub, Algorithm::kEdDSA, jws->signing_input, jws->signature));
  testing::expect_tamper_evident(*pub, Algorithm::kEdDSA, jws->signing_input, jws->signature);
}

TEST(JwsEdDsa, WrongKeyTypesAreMismatches) {
  const Key ed = key_from_jwk(testing::kRfc8037PrivateJwk);
  const Key ec = key_from_jwk(testing::kRfc7515A3Jwk);
  EXPECT_EQ(verify_signature(ec, Algorithm::kEdDSA, "m", std::string(64, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(verify_signature(ed, Algorithm::kRS256, "m", std::string(256, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(verify_signature(ed, Algorithm::kES256, "m", std::string(64, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(Signer::create(ed, Algorithm::kRS256, "JWT").error(), JoseError::kAlgorithmKeyMismatch);
}

TEST(JwsEdDsa, RejectsWrongLengths) {
  const Key key = key_from_jwk(testing::kRfc8037PublicJwk);
  auto jws = parse_compact(testing::kRfc8037Token, 8192);
  for (const std::string& bad : {jws->signature + 'x', jws->signature.substr(1), std::string()}) {
    EXPECT_EQ(verify_signature(key, Algorithm::kEdDSA, jws->signing_input, bad).error(),
              JoseError::kBadSignature);
  }
}

}  // namespace
}  // namespace xfx::jose
