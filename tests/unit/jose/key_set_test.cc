#include "xfx/jose/key.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "unit/jose/jose_test_util.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

std::string with_kid(std::string_view jwk, std::string_view kid) {
  auto obj = testing::json_object(jwk);
  obj["kid"] = kid;
  return boost::json::serialize(obj);
}

std::string set_of(std::initializer_list<std::string> keys) {
  std::string out = R"({"keys":[)";
  bool first = true;
  for (const auto& k : keys) {
    if (!first) out += ",";
    out += k;
    first = false;
  }
  return out + "]}";
}

TEST(KeySet, ParsesSupportedKeysAndFindsByKid) {
  auto set = KeySet::parse(
      set_of({std::string(testing::kRfc7638Jwk), with_kid(testing::kRfc7515A3Jwk, "ec"),
              with_kid(testing::kRfc8037PublicJwk, "ed")}));
  ASSERT_TRUE(set) << to_string(set.error());
  EXPECT_EQ(set->size(), 3u);
  ASSERT_NE(set->find("2011-04-29"), nullptr);
  EXPECT_EQ(set->find("2011-04-29")->type(), KeyType::kRsa);
  EXPECT_EQ(set->find("ec")->type(), KeyType::kEcP256);
  EXPECT_EQ(set->find("ed")->type(), KeyType::kEd25519);
  EXPECT_EQ(set->find("missing"), nullptr);
}

TEST(KeySet, KidIsAnOpaqueMapKey) {
  auto set = KeySet::parse(set_of({with_kid(testing::kRfc8037PublicJwk, "../../dev/null")}));
  ASSERT_TRUE(set);
  EXPECT_NE(set->find("../../dev/null"), nullptr);
  for (std::string_view kid : {"' OR 1=1 --", "../../etc/passwd", "", "*", "%", "2011-04-29\0",
                               "../../dev/null/", "../../DEV/NULL"}) {
    EXPECT_EQ(set->find(kid), nullptr) << kid;
  }
  EXPECT_EQ(set->find(std::string_view("../../dev/null\0", 15)), nullptr);
}

TEST(KeySet, SkipsWhatItDoesNotUnderstand) {
  auto set = KeySet::parse(set_of({
      R"({"kty":"oct","kid":"hmac","k":"c2VjcmV0"})",
      with_kid(R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})", "p384"),
      with_kid(R"({"kty":"OKP","crv":"X25519","x":"AA"})", "x25519"),
      R"({"kty":"RSA","kid":"rsa-enc","use":"enc","n":"AA","e":"AQAB"})",
      R"({"kty":"RSA","kid":"rs512","alg":"RS512","n":"AA","e":"AQAB"})",
      R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"kty":"something-new","kid":"future"})",
      with_kid(testing::kRfc8037PublicJwk, "ok"),
  }));
  ASSERT_TRUE(set) << to_string(set.error());
  EXPECT_EQ(set->size(), 1u);
  EXPECT_NE(set->find("ok"), nullptr);
  EXPECT_EQ(set->find("hmac"), nullptr);
  EXPECT_EQ(set->find("rsa-enc"), nullptr);
}

TEST(KeySet, Errors) {
  EXPECT_EQ(KeySet::parse("").error(), JoseError::kBadJson);
  EXPECT_EQ(KeySet::parse("[]").error(), JoseError::kBadJson);
  EXPECT_EQ(KeySet::parse("{}").error(), JoseError::kBadJson);
  EXPECT_EQ(KeySet::parse(R"({"keys":{}})").error(), JoseError::kBadJson);
  EXPECT_EQ(KeySet::parse(R"({"keys":[1]})").error(), JoseError::kBadJson);
  EXPECT_EQ(KeySet::parse(R"({"keys":[],"keys":[]})").error(), JoseError::kBadJson);
  // A supported key that is broken poisons the set rather than being quietly dropped.
  EXPECT_EQ(KeySet::parse(set_of({R"({"kty":"RSA","kid":"k","n":"AA","e":"AQAB"})"})).error(),
            JoseError::kBadKey);
  EXPECT_EQ(KeySet::parse(set_of({R"({"kty":"EC","kid":"k","x":"AA","y":"AA"})"})).error(),
            JoseError::kBadKey);
  EXPECT_EQ(KeySet::parse(set_of({with_kid(testing::kRfc8037PublicJwk, "a"),
                                  with_kid(testing::kRfc7515A3Jwk, "a")}))
                .error(),
            JoseError::kBadKey);  // duplicate kid
  EXPECT_TRUE(KeySet::parse(R"({"keys":[]})"));
}

TEST(KeySet, EnforcesMaxKeysBeforeParsingThem) {
  std::string many = R"({"keys":[)";
  for (int i = 0; i < 5; ++i) many += std::string(i ? "," : "") + R"({"kty":"oct"})";
  many += "]}";
  EXPECT_TRUE(KeySet::parse(many, 5));
  EXPECT_EQ(KeySet::parse(many, 4).error(), JoseError::kMalformed);
  std::string too_many = R"({"keys":[)";
  for (std::size_t i = 0; i <= KeySet::kDefaultMaxKeys; ++i)
    too_many += std::string(i ? "," : "") + "{}";
  too_many += "]}";
  EXPECT_EQ(KeySet::parse(too_many).error(), JoseError::kMalformed);
}

TEST(KeySet, ToJsonHasOnlyPublicMembersAndParsesBack) {
  KeySet set;
  for (Algorithm alg :
       {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256, Algorithm::kEdDSA}) {
    auto key = Key::generate(alg);
    ASSERT_TRUE(key);
    set.add(std::move(*key));
  }
  set.add(testing::key_from_jwk(with_kid(testing::kRfc7515A2Jwk, "rfc")));
  const std::string text = set.to_json();
  const auto root = boost::json::parse(text).as_object();
  ASSERT_EQ(root.at("keys").as_array().size(), 5u);
  for (const auto& k : root.at("keys").as_array()) {
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi"}) {
      EXPECT_FALSE(k.as_object().contains(secret)) << secret;
    }
  }
  auto back = KeySet::parse(text);
  ASSERT_TRUE(back) << to_string(back.error());
  ASSERT_EQ(back->size(), 5u);
  for (const Key& key : set.keys()) {
    const Key* found = back->find(key.kid());
    ASSERT_NE(found, nullptr);
    EXPECT_FALSE(found->has_private());
    EXPECT_EQ(found->thumbprint(), key.thumbprint());
    EXPECT_EQ(found->algorithm(), key.algorithm());
  }
}

}  // namespace
}  // namespace xfx::jose
