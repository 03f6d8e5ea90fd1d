#include "server/keys/signing_keys.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "xfx/jose/key.h"

namespace xfx::keys {
namespace {

class SigningKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "xfx-keys-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(tmpl.data()));
    dir_ = tmpl;
    auto r = store::open_sqlite_registry({.path = dir_ / "registry.db"});
    ASSERT_TRUE(r) << r.error().message;
    registry_ = std::move(*r);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<store::SigningKeyRecord> records() { return *registry_->list_signing_keys(); }
  std::size_t jwks_size(const SigningKeys& keys) {
    return boost::json::parse(keys.jwks_json()).at("keys").as_array().size();
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Registry> registry_;
  secrets::SealedBox box_{std::string(32, 'b')};
  const std::int64_t now_ = 1'800'000'000;
};

TEST_F(SigningKeysTest, EnsureCreatesCurrentAndNextPerAlgorithmOnce) {
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_));
  EXPECT_EQ(records().size(), 8u);
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_ + 10));
  EXPECT_EQ(records().size(), 8u);
}

TEST_F(SigningKeysTest, LoadBuildsSignersAndPublicJwks) {
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_));
  auto keys = SigningKeys::load(records(), box_, now_);
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(jwks_size(**keys), 8u);
  EXPECT_EQ((*keys)->jwks_json().find("\"d\""), std::string::npos);
  for (auto alg : kAlgorithms) {
    const auto& signer = (*keys)->signer(alg, store::TokenProfile::kAuth0);
    EXPECT_EQ(signer.algorithm(), alg);
    auto token = signer.sign(R"({"sub":"x"})");
    ASSERT_TRUE(token);
    auto parsed = jose::parse_compact(*token, 8192);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->header.at("typ"), "JWT");
    auto at = (*keys)->signer(alg, store::TokenProfile::kRfc9068).sign("{}");
    ASSERT_TRUE(at);
    EXPECT_EQ(jose::parse_compact(*at, 8192)->header.at("typ"), "at+jwt");
  }
}

TEST_F(SigningKeysTest, PrivateKeysAreSealedAtRest) {
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_));
  for (const auto& r : records()) {
    EXPECT_EQ(r.sealed_private_key.find("PRIVATE KEY"), std::string::npos);
  }
  secrets::SealedBox other(std::string(32, 'x'));
  auto keys = SigningKeys::load(records(), other, now_);
  EXPECT_FALSE(keys) << "a different master key cannot open the keys";
}

TEST_F(SigningKeysTest, RotationPromotesNextAndKeepsRetiredPublished) {
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_));
  auto before = *SigningKeys::load(records(), box_, now_);
  std::string old_kid =
      before->signer(jose::Algorithm::kRS256, store::TokenProfile::kAuth0).key().kid();
  std::string next_kid;
  for (const auto& r : records()) {
    if (r.alg == "RS256" && r.state == store::KeyState::kNext) next_kid = r.kid;
  }

  ASSERT_TRUE(rotate_signing_key(*registry_, box_, jose::Algorithm::kRS256, now_ + 100));
  auto after = *SigningKeys::load(records(), box_, now_ + 100);
  EXPECT_NE(after->fingerprint(), before->fingerprint());
  EXPECT_EQ(after->signer(jose::Algorithm::kRS256, store::TokenProfile::kAuth0).key().kid(),
            next_kid);
  EXPECT_EQ(jwks_size(*after), 9u) << "retired + current + new next for RS256, 6 others";
  EXPECT_NE(after->jwks_json().find(old_kid), std::string::npos);

  auto later = now_ + 100 + kRetiredKeyPublishSeconds;
  EXPECT_NE(fingerprint_of(records(), later), after->fingerprint())
      << "ageing out changes the fingerprint, so a running server reloads its JWKS";
  auto much_later = *SigningKeys::load(records(), box_, later);
  EXPECT_EQ(much_later->jwks_json().find(old_kid), std::string::npos)
      << "retired keys leave the JWKS once every token they signed has expired";
}

TEST_F(SigningKeysTest, FingerprintIgnoresOrder) {
  ASSERT_TRUE(ensure_signing_keys(*registry_, box_, now_));
  auto r = records();
  auto reversed = r;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(fingerprint_of(r, now_), fingerprint_of(reversed, now_));
}

TEST_F(SigningKeysTest, MissingCurrentKeyIsAnError) {
  EXPECT_FALSE(SigningKeys::load({}, box_, now_));
}

}  // namespace
}  // namespace xfx::keys
