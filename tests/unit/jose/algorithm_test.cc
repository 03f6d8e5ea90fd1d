#include "xfx/jose/algorithm.h"

#include <gtest/gtest.h>

#include "xfx/jose/error.h"

namespace xfx::jose {
namespace {

TEST(Algorithm, NamesRoundTrip) {
  for (Algorithm alg :
       {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256, Algorithm::kEdDSA}) {
    EXPECT_EQ(parse_algorithm(to_string(alg)), alg);
  }
  EXPECT_EQ(to_string(Algorithm::kEdDSA), "EdDSA");
}

TEST(Algorithm, RejectsEverythingElse) {
  for (std::string_view name : {"none", "None", "HS256", "HS512", "rs256", "Rs256", "RS256 ",
                                " RS256", "RS384", "ES256K", "EDDSA", "Ed25519", ""}) {
    EXPECT_FALSE(parse_algorithm(name)) << name;
  }
  EXPECT_FALSE(parse_algorithm(std::string_view("RS256\0", 6)));
}

TEST(Algorithm, KeyTypes) {
  EXPECT_EQ(key_type_for(Algorithm::kRS256), KeyType::kRsa);
  EXPECT_EQ(key_type_for(Algorithm::kPS256), KeyType::kRsa);
  EXPECT_EQ(key_type_for(Algorithm::kES256), KeyType::kEcP256);
  EXPECT_EQ(key_type_for(Algorithm::kEdDSA), KeyType::kEd25519);
  EXPECT_EQ(to_string(KeyType::kRsa), "RSA");
  EXPECT_EQ(to_string(KeyType::kEcP256), "EC");
  EXPECT_EQ(to_string(KeyType::kEd25519), "OKP");
}

TEST(JoseErrorNames, AreDistinctAndNonEmpty) {
  const JoseError all[] = {JoseError::kMalformed,
                           JoseError::kBadBase64,
                           JoseError::kBadJson,
                           JoseError::kUnsupportedAlgorithm,
                           JoseError::kAlgorithmKeyMismatch,
                           JoseError::kBadSignature,
                           JoseError::kBadKey,
                           JoseError::kCryptoFailure};
  for (JoseError a : all) {
    EXPECT_FALSE(to_string(a).empty());
    for (JoseError b : all) {
      if (a != b) {
        EXPECT_NE(to_string(a), to_string(b));
      }
    }
  }
}

}  // namespace
}  // namespace xfx::jose
