#include <gtest/gtest.h>

#include <array>

#include "jose/ecdsa_der.h"
#include "unit/jose/jose_test_util.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

using testing::key_from_jwk;

TEST(JwsEs256, Rfc7515AppendixA3Verifies) {
  const Key key = key_from_jwk(testing::kRfc7515A3Jwk);
  auto jws = parse_compact(testing::kRfc7515A3Token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("alg").as_string(), "ES256");
  EXPECT_EQ(jws->payload, testing::kRfc7515Payload);
  ASSERT_EQ(jws->signature.size(), 64u);
  EXPECT_TRUE(verify_signature(key, Algorithm::kES256, jws->signing_input, jws->signature));
  testing::expect_tamper_evident(key, Algorithm::kES256, jws->signing_input, jws->signature);
  testing::expect_truncations_rejected(key, Algorithm::kES256, testing::kRfc7515A3Token);
}

TEST(JwsEs256, Rfc7515AppendixA3KeySignsVerifiably) {
  const Key key = key_from_jwk(testing::kRfc7515A3Jwk);
  auto signer = Signer::create(key, Algorithm::kES256, "at+jwt");
  ASSERT_TRUE(signer);
  auto token = signer->sign(testing::kRfc7515Payload);
  ASSERT_TRUE(token);
  auto jws = parse_compact(*token, 8192);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("typ").as_string(), "at+jwt");
  EXPECT_FALSE(jws->header.contains("kid"));  // the RFC key has none
  EXPECT_EQ(jws->signature.size(), 64u);
  EXPECT_TRUE(verify_signature(key, Algorithm::kES256, jws->signing_input, jws->signature));
}

TEST(JwsEs256, GeneratedRoundTripAndTamper) {
  auto key = Key::generate(Algorithm::kES256);
  ASSERT_TRUE(key);
  auto pub = Key::from_jwk(key->public_jwk());
  ASSERT_TRUE(pub);
  // Many signatures, so R and S with leading zero bytes or a high bit set all occur.
  for (int i = 0; i < 300; ++i) {
    const std::string msg = "message " + std::to_string(i);
    auto sig = sign_bytes(*key, Algorithm::kES256, msg);
    ASSERT_TRUE(sig);
    ASSERT_EQ(sig->size(), 64u);
    ASSERT_TRUE(verify_signature(*pub, Algorithm::kES256, msg, *sig)) << i;
  }
  auto signer = Signer::create(*key, Algorithm::kES256, "JWT");
  auto token = signer->sign("{}");
  ASSERT_TRUE(token);
  auto jws = parse_compact(*token, 8192);
  ASSERT_TRUE(jws);
  testing::expect_tamper_evident(*pub, Algorithm::kES256, jws->signing_input, jws->signature);
  testing::expect_truncations_rejected(*pub, Algorithm::kES256, *token);
}

TEST(JwsEs256, RejectsWrongLengthsZeroAndDer) {
  const Key key = key_from_jwk(testing::kRfc7515A3Jwk);
  auto jws = parse_compact(testing::kRfc7515A3Token, 8192);
  const std::string& sig = jws->signature;
  for (std::string bad :
       {sig + '\0', std::string(1, '\0') + sig, sig.substr(0, 63), std::string(64, '\0'),
        std::string(64, '\xff'), std::string(), sig + sig}) {
    EXPECT_EQ(verify_signature(key, Algorithm::kES256, jws->signing_input, bad).error(),
              JoseError::kBadSignature);
  }
  // A DER encoding of the same (r, s) is not a JWS signature.
  std::array<std::uint8_t, detail::kP256MaxDerSignatureSize> der;
  std::array<std::uint8_t, 64> raw;
  std::copy(sig.begin(), sig.end(), raw.begin());
  const std::size_t der_len = detail::ecdsa_raw_to_der(raw, der);
  EXPECT_EQ(verify_signature(key, Algorithm::kES256, jws->signing_input,
                             std::string(reinterpret_cast<const char*>(der.data()), der_len))
                .error(),
            JoseError::kBadSignature);
}

TEST(JwsEs256, WrongKeyTypesAreMismatches) {
  const Key ec = key_from_jwk(testing::kRfc7515A3Jwk);
  const Key rsa = key_from_jwk(testing::kRfc7638Jwk);
  EXPECT_EQ(verify_signature(rsa, Algorithm::kES256, "m", std::string(64, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(verify_signature(ec, Algorithm::kEdDSA, "m", std::string(64, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(verify_signature(ec, Algorithm::kRS256, "m", std::string(256, '\1')).error(),
            JoseError::kAlgorithmKeyMismatch);
  EXPECT_EQ(Signer::create(ec, Algorithm::kEdDSA, "JWT").error(), JoseError::kAlgorithmKeyMismatch);
}

// ---- The DER <-> R||S conversion itself.

std::array<std::uint8_t, 64> raw_of(std::uint8_t r_first, std::uint8_t s_first) {
  std::array<std::uint8_t, 64> raw{};
  for (std::size_t i = 0; i < 64; ++i) raw[i] = static_cast<std::uint8_t>(i + 1);
  raw[0] = r_first;
  raw[32] = s_first;
  return raw;
}

TEST(EcdsaDer, RoundTripsHighBitAndLeadingZeros) {
  for (auto [r0, s0] : {std::pair<std::uint8_t, std::uint8_t>{0x01, 0x01},
                        {0x80, 0xff},
                        {0x00, 0x00},
                        {0x7f, 0x80}}) {
    const auto raw = raw_of(r0, s0);
    std::array<std::uint8_t, detail::kP256MaxDerSignatureSize> der;
    const std::size_t len = detail::ecdsa_raw_to_der(raw, der);
    std::array<std::uint8_t, 64> back{};
    ASSERT_TRUE(detail::ecdsa_der_to_raw(std::span(der.data(), len), back));
    EXPECT_EQ(back, raw);
  }
  // A high bit gets a 0x00 pad: 2 + (2 + 33) * 2.
  std::array<std::uint8_t, detail::kP256MaxDerSignatureSize> der;
  EXPECT_EQ(detail::ecdsa_raw_to_der(raw_of(0x80, 0x80), der), 72u);
  // Leading zero bytes are dropped: r = 0x00 0x02 ... is 31 bytes.
  EXPECT_EQ(detail::ecdsa_raw_to_der(raw_of(0x00, 0x01), der), 2u + 33u + 34u);
  std::array<std::uint8_t, 64> zero{};
  EXPECT_EQ(detail::ecdsa_raw_to_der(zero, der), 8u);  // 30 06 02 01 00 02 01 00
}

TEST(EcdsaDer, RejectsNonStrictDer) {
  std::array<std::uint8_t, 64> out{};
  auto parse = [&](std::initializer_list<std::uint8_t> bytes) {
    std::vector<std::uint8_t> v(bytes);
    return detail::ecdsa_der_to_raw(v, out);
  };
  EXPECT_TRUE(parse({0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}));
  EXPECT_FALSE(parse({}));
  EXPECT_FALSE(parse({0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}));        // not SEQUENCE
  EXPECT_FALSE(parse({0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}));        // length
  EXPECT_FALSE(parse({0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00}));  // trailing
  EXPECT_FALSE(parse({0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x02}));        // negative
  EXPECT_FALSE(parse({0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02}));  // not minimal
  EXPECT_FALSE(parse({0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x02}));              // empty INTEGER
  EXPECT_FALSE(parse({0x30, 0x03, 0x02, 0x01, 0x01}));                          // one INTEGER
  std::vector<std::uint8_t> big = {0x30, 0x25, 0x02, 0x21};  // 33 significant bytes
  big.insert(big.end(), 33, 0x11);
  big.insert(big.end(), {0x02, 0x01, 0x01});
  big[1] = static_cast<std::uint8_t>(big.size() - 2);
  EXPECT_FALSE(detail::ecdsa_der_to_raw(big, out));
}

}  // namespace
}  // namespace xfx::jose
