#include <gtest/gtest.h>

#include "unit/jose/jose_test_util.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

using testing::key_from_jwk;

std::string_view signing_input_of(std::string_view token) {
  return token.substr(0, token.rfind('.'));
}

std::string signature_of(std::string_view token) {
  return *base64url_decode(token.substr(token.rfind('.') + 1));
}

// PKCS#1 v1.5 is deterministic, so the RFC's signature must come out byte for byte.
TEST(JwsRs256, Rfc7515AppendixA2SignsExactly) {
  const Key key = key_from_jwk(testing::kRfc7515A2Jwk);
  const std::string_view input = signing_input_of(testing::kRfc7515A2Token);
  auto sig = sign_bytes(key, Algorithm::kRS256, input);
  ASSERT_TRUE(sig);
  EXPECT_EQ(*sig, signature_of(testing::kRfc7515A2Token));

  auto signer = Signer::create(key, Algorithm::kRS256, "");  // header {"alg":"RS256"}
  ASSERT_TRUE(signer);
  EXPECT_EQ(signer->sign(testing::kRfc7515Payload).value(), testing::kRfc7515A2Token);
}

TEST(JwsRs256, Rfc7515AppendixA2Verifies) {
  const Key key = key_from_jwk(testing::kRfc7515A2Jwk);
  auto jws = parse_compact(testing::kRfc7515A2Token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("alg").as_string(), "RS256");
  EXPECT_EQ(jws->payload, testing::kRfc7515Payload);
  EXPECT_TRUE(verify_signature(key, Algorithm::kRS256, jws->signing_input, jws->signature));
  // The same bytes are not a PS256 signature.
  EXPECT_EQ(verify_signature(key, Algorithm::kPS256, jws->signing_input, jws->signature).error(),
            JoseError::kBadSignature);
  testing::expect_tamper_evident(key, Algorithm::kRS256, jws->signing_input, jws->signature);
  testing::expect_truncations_rejected(key, Algorithm::kRS256, testing::kRfc7515A2Token);
}

class JwsRsaRoundTrip : public ::testing::TestWithParam<Algorithm> {};

TEST_P(JwsRsaRoundTrip, SignVerifyAndTamper) {
  const Algorithm alg = GetParam();
  auto key = Key::generate(alg);
  ASSERT_TRUE(key);
  auto signer = Signer::create(*key, alg, "JWT");
  ASSERT_TRUE(signer);
  auto token = signer->sign(R"({"sub":"client@clients"})");
  ASSERT_TRUE(token);
  auto jws = parse_compact(*token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("alg").as_string(), to_string(alg));
  EXPECT_EQ(jws->header.at("typ").as_string(), "JWT");
  EXPECT_EQ(jws->header.at("kid").as_string(), key->kid());
  EXPECT_EQ(jws->signature.size(), 256u);
  auto pub = Key::from_jwk(key->public_jwk());
  ASSERT_TRUE(pub);
  EXPECT_TRUE(verify_signature(*pub, alg, jws->signing_input, jws->signature));
  testing::expect_tamper_evident(*pub, alg, jws->signing_input, jws->signature);
  testing::expect_truncations_rejected(*pub, alg, *token);
}

INSTANTIATE_TEST_SUITE_P(Rsa, JwsRsaRoundTrip,
                         ::testing::Values(Algorithm::kRS256, Algorithm::kPS256),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(JwsPs256, IsRandomizedAndNotInterchangeableWithRs256) {
  auto key = Key::from_jwk(testing::json_object(testing::kRfc7515A2Jwk));
  ASSERT_TRUE(key);
  auto a = sign_bytes(*key, Algorithm::kPS256, "m");
  auto b = sign_bytes(*key, Algorithm::kPS256, "m");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // a fresh 32-byte salt each time
  EXPECT_TRUE(verify_signature(*key, Algorithm::kPS256, "m", *a));
  EXPECT_TRUE(verify_signature(*key, Algorithm::kPS256, "m", *b));
  EXPECT_EQ(verify_signature(*key, Algorithm::kRS256, "m", *a).error(), JoseError::kBadSignature);
}

TEST(JwsRsa, KeyWithDeclaredAlgorithmRefusesTheOther) {
  auto key = Key::generate(Algorithm::kRS256);
  ASSERT_TRUE(key);
  EXPECT_EQ(sign_bytes(*key, Algorithm::kPS256, "m").error(), JoseError::kAlgorithmKeyMismatch);
  auto sig = sign_bytes(*key, Algorithm::kRS256, "m");
  EXPECT_EQ(verify_signature(*key, Algorithm::kPS256, "m", *sig).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(Signer::create(*key, Algorithm::kPS256, "JWT").error(),
            JoseError::kAlgorithmKeyMismatch);
}

TEST(JwsRsa, WrongKeyTypeIsAMismatch) {
  const Key rsa = key_from_jwk(testing::kRfc7515A2Jwk);
  const Key ed = key_from_jwk(testing::kRfc8037PublicJwk);
  EXPECT_EQ(verify_signature(rsa, Algorithm::kES256, "m", std::string(64, 'x')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(verify_signature(ed, Algorithm::kRS256, "m", std::string(256, 'x')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(sign_bytes(rsa, Algorithm::kEdDSA, "m").error(), JoseError::kAlgorithmKeyMismatch);
}

TEST(JwsRsa, SignatureOfAnotherLengthOrAboveTheModulusFails) {
  const Key key = key_from_jwk(testing::kRfc7515A2Jwk);
  for (std::size_t len : {0u, 1u, 255u, 257u, 512u}) {
    EXPECT_EQ(verify_signature(key, Algorithm::kRS256, "m", std::string(len, '\x01')).error(),
              JoseError::kBadSignature);
  }
  EXPECT_EQ(verify_signature(key, Algorithm::kRS256, "m", std::string(256, '\xff')).error(),
            JoseError::kBadSignature);
  EXPECT_EQ(verify_signature(key, Algorithm::kRS256, "m", std::string(256, '\0')).error(),
            JoseError::kBadSignature);
}

}  // namespace
}  // namespace xfx::jose
