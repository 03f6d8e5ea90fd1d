// The token's shape and its signature: everything decided before a claim is read.
#include <openssl/bio.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <string>

#include "verify_test_support.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::verify {
namespace {

using namespace xfx::verify::testing;

class TokenStructureTest : public ::testing::Test {
 protected:
  expected<VerifiedToken, VerifyError> verify(std::string_view token) {
    return verifier_.verify(token, *keys_, now());
  }
  VerifyError error_of(std::string_view token) {
    auto r = verify(token);
    EXPECT_FALSE(r.has_value());
    return r ? VerifyError::kMalformed : r.error();
  }

  TokenVerifier verifier_{default_config()};
  std::shared_ptr<const jose::KeySet> keys_ = key_set({rsa_key()});
};

std::string pem_public_key(const jose::Key& key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key.native());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

TEST_F(TokenStructureTest, AcceptsValidTokenAndReturnsClaims) {
  auto r = verify(valid_token());
  ASSERT_TRUE(r.has_value()) << to_string(r.error());
  EXPECT_EQ(r->subject, "demo-client@clients");
  EXPECT_EQ(r->client_id, "demo-client");
  EXPECT_EQ(r->issuer, kIssuer);
  EXPECT_EQ(r->audiences, std::vector<std::string>{std::string(kAudience)});
  EXPECT_EQ(r->scopes, (std::vector<std::string>{"read:orders", "write:orders"}));
  EXPECT_EQ(r->expires_at.time_since_epoch().count(), now_s() + 3600);
  ASSERT_TRUE(r->issued_at.has_value());
  EXPECT_EQ(r->issued_at->time_since_epoch().count(), now_s() - 10);
  EXPECT_EQ(r->token_id, "jti-1");
}

TEST_F(TokenStructureTest, RejectsAlgNone) {
  std::string unsigned_part = encode({{"alg", "none"}, {"typ", "JWT"}, {"kid", rsa_key().kid()}}) +
                              "." + encode(default_claims());
  EXPECT_EQ(error_of(unsigned_part + "."), VerifyError::kMalformed);  // empty signature segment
  EXPECT_EQ(error_of(unsigned_part + ".AAAA"), VerifyError::kUnsupportedAlgorithm);
  for (const char* spelling : {"None", "NONE", "nOnE"}) {
    std::string t = encode({{"alg", spelling}, {"typ", "JWT"}, {"kid", rsa_key().kid()}}) + "." +
                    encode(default_claims()) + ".AAAA";
    EXPECT_EQ(error_of(t), VerifyError::kUnsupportedAlgorithm) << spelling;
  }
}

// The classic confusion: HMAC keyed with the bytes the verifier would use as a public key.
TEST_F(TokenStructureTest, RejectsHs256KeyedWithThePublicKey) {
  const std::string pem = pem_public_key(rsa_key());
  const std::string jwk = boost::json::serialize(rsa_key().public_jwk());
  for (const std::string& secret : {pem, jwk}) {
    std::string input = encode({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", rsa_key().kid()}}) + "." +
                        encode(default_claims());
    std::string token = input + "." + jose::base64url_encode(hmac_sha256(secret, input));
    EXPECT_EQ(error_of(token), VerifyError::kUnsupportedAlgorithm);
  }
}

TEST_F(TokenStructureTest, RejectsAlgorithmsOutsideTheAllowList) {
  // Lower-case spelling, a missing alg, a non-string alg.
  for (const boost::json::value& alg :
       {boost::json::value("rs256"), boost::json::value(nullptr), boost::json::value(256)}) {
    boost::json::object header = default_header(rsa_key());
    if (alg.is_null()) {
      header.erase("alg");
    } else {
      header["alg"] = alg;
    }
    EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())),
              VerifyError::kUnsupportedAlgorithm);
  }
  // PS256 is a fine algorithm for an RSA key, but this verifier allows RS256 only.
  auto keys = key_set({rsa_key(), ps_key()});
  std::string ps = make_token(default_header(ps_key(), "PS256"), default_claims(), ps_key(),
                              jose::Algorithm::kPS256);
  EXPECT_EQ(verifier_.verify(ps, *keys, now()).error(), VerifyError::kUnsupportedAlgorithm);
  VerifierConfig config = default_config();
  config.algorithms.push_back(jose::Algorithm::kPS256);
  EXPECT_TRUE(TokenVerifier(config).verify(ps, *keys, now()).has_value());
}

TEST(TokenAlgorithmTest, AlgorithmMustFitTheKeyType) {
  VerifierConfig config = default_config();
  config.algorithms = {jose::Algorithm::kRS256, jose::Algorithm::kES256};
  TokenVerifier verifier(config);
  auto keys = key_set({rsa_key(), ec_key()});
  // ES256 header naming the RSA key.
  std::string t = make_token(default_header(rsa_key(), "ES256"), default_claims(), ec_key(),
                             jose::Algorithm::kES256);
  EXPECT_EQ(verifier.verify(t, *keys, now()).error(), VerifyError::kKeyMismatch);
  // A genuine ES256 token is fine.
  std::string ok = make_token(default_header(ec_key(), "ES256"), default_claims(), ec_key(),
                              jose::Algorithm::kES256);
  EXPECT_TRUE(verifier.verify(ok, *keys, now()).has_value());
}

TEST(TokenAlgorithmTest, HeaderAlgMustEqualTheJwkAlg) {
  VerifierConfig config = default_config();
  config.algorithms = {jose::Algorithm::kRS256, jose::Algorithm::kPS256};
  TokenVerifier verifier(config);
  jose::KeySet keys;
  keys.add(public_copy(rsa_key(), std::nullopt, "PS256"));  // the JWK binds this key to PS256
  std::string rs = make_token(default_header(rsa_key()), default_claims(), rsa_key());
  EXPECT_EQ(verifier.verify(rs, keys, now()).error(), VerifyError::kKeyMismatch);
}

TEST_F(TokenStructureTest, KidIsRequired) {
  boost::json::object header = default_header(rsa_key());
  header.erase("kid");
  // The set has exactly one key, and the token is signed by it: still no "try every key".
  EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())), VerifyError::kUnknownKey);
  header["kid"] = "";
  EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())), VerifyError::kUnknownKey);
  header["kid"] = 7;
  EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())), VerifyError::kUnknownKey);
}

TEST_F(TokenStructureTest, KidIsAnOpaqueMapKey) {
  for (const char* kid : {"../../dev/null", "/dev/null", "' OR '1'='1", "x'; DROP TABLE keys; --",
                          "*", "%", "..", "\\u0000"}) {
    boost::json::object header = default_header(rsa_key());
    header["kid"] = kid;
    EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())), VerifyError::kUnknownKey)
        << kid;
  }
  // The same strange strings are fine as kids when the key set really uses them.
  jose::KeySet keys;
  keys.add(public_copy(rsa_key(), "../../dev/null"));
  boost::json::object header = default_header(rsa_key());
  header["kid"] = "../../dev/null";
  EXPECT_TRUE(verifier_.verify(make_token(header, default_claims(), rsa_key()), keys, now()));
  header["kid"] = "../../dev/null ";
  EXPECT_FALSE(verifier_.verify(make_token(header, default_claims(), rsa_key()), keys, now()));
}

// jwk / jku / x5u / x5c headers name keys the attacker controls; they are never read.
TEST_F(TokenStructureTest, IgnoresKeysEmbeddedOrLinkedInTheHeader) {
  const jose::Key& attacker = other_rsa_key();
  boost::json::array chain{"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"};
  const boost::json::object extras[] = {
      {{"jwk", attacker.public_jwk()}},
      {{"jku", "https://attacker.example/jwks.json"}},
      {{"x5u", "https://attacker.example/cert.pem"}},
      {{"x5c", chain}},
      {{"x5t", "abc"}},
  };
  for (const boost::json::object& extra : extras) {
    boost::json::object header = default_header(attacker);  // kid = the attacker key's kid
    for (const auto& kv : extra) header[kv.key()] = kv.value();
    EXPECT_EQ(error_of(make_token(header, default_claims(), attacker)), VerifyError::kUnknownKey);
    // Borrowing the trusted key's kid only gets as far as the signature check.
    header["kid"] = rsa_key().kid();
    EXPECT_EQ(error_of(make_token(header, default_claims(), attacker)), VerifyError::kBadSignature);
  }
}

TEST_F(TokenStructureTest, RejectsValidTokenFromAKeyNotInTheSet) {
  std::string t = make_token(default_header(other_rsa_key()), default_claims(), other_rsa_key());
  EXPECT_EQ(error_of(t), VerifyError::kUnknownKey);
}

TEST_F(TokenStructureTest, RejectsNonCanonicalBase64url) {
  const std::string token = valid_token();
  ASSERT_TRUE(verify(token).has_value());
  // A 256-byte RSA signature leaves 4 unused bits in its last character: set one of them. A
  // lenient decoder would decode the same bytes; the strict one must refuse the spelling.
  std::string respelled = token;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::size_t v = kAlphabet.find(respelled.back());
  ASSERT_NE(v, std::string_view::npos);
  respelled.back() = kAlphabet[v ^ 1];
  EXPECT_EQ(error_of(respelled), VerifyError::kMalformed);
  EXPECT_EQ(error_of(token + "="), VerifyError::kMalformed);  // padding
  EXPECT_EQ(error_of(token + "=="), VerifyError::kMalformed);
  EXPECT_EQ(error_of(" " + token), VerifyError::kMalformed);  // whitespace
  std::string with_newline = token;
  with_newline.insert(with_newline.find('.') + 1, "\n");
  EXPECT_EQ(error_of(with_newline), VerifyError::kMalformed);
  std::string plus = token;  // base64 (not url) alphabet
  std::replace(plus.begin(), plus.end(), '-', '+');
  std::replace(plus.begin(), plus.end(), '_', '/');
  if (plus != token) {
    EXPECT_EQ(error_of(plus), VerifyError::kMalformed);
  }
}

TEST_F(TokenStructureTest, RequiresExactlyThreeSegments) {
  const std::string token = valid_token();
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.find('.', dot1 + 1);
  for (const std::string& bad :
       {token + ".", token + ".AAAA", "." + token, token.substr(0, dot2), token.substr(0, dot1),
        token.substr(0, dot2) + ".." + token.substr(dot2 + 1), std::string("..."), std::string(),
        std::string("."), std::string("..")}) {
    EXPECT_EQ(error_of(bad), VerifyError::kMalformed) << bad;
  }
}

TEST_F(TokenStructureTest, HeaderMustBeAJsonObject) {
  std::string sig_part = valid_token().substr(valid_token().rfind('.'));
  for (std::string_view header : {"[]", "\"JWT\"", "{", "null", "{\"alg\":\"RS256\",}"}) {
    std::string t = jose::base64url_encode(header) + "." + encode(default_claims()) + sig_part;
    EXPECT_EQ(error_of(t), VerifyError::kMalformed) << header;
  }
}

TEST_F(TokenStructureTest, RejectsTokensOverTheSizeCap) {
  boost::json::object claims = default_claims();
  claims["padding"] = std::string(9000, 'p');
  EXPECT_EQ(error_of(make_token(default_header(rsa_key()), claims, rsa_key())),
            VerifyError::kTooLarge);
  EXPECT_EQ(error_of(std::string(8 * 1024 + 1, 'A')), VerifyError::kTooLarge);

  const std::string token = valid_token();
  VerifierConfig config = default_config();
  config.max_token_bytes = token.size();
  EXPECT_TRUE(TokenVerifier(config).verify(token, *keys_, now()).has_value());
  config.max_token_bytes = token.size() - 1;
  EXPECT_EQ(TokenVerifier(config).verify(token, *keys_, now()).error(), VerifyError::kTooLarge);
}

TEST_F(TokenStructureTest, RejectsAnyCritHeader) {
  for (const boost::json::value& crit :
       {boost::json::value(boost::json::array{"exp"}), boost::json::value(boost::json::array{}),
        boost::json::value("b64"), boost::json::value(nullptr), boost::json::value(1)}) {
    boost::json::object header = default_header(rsa_key());
    header["crit"] = crit;
    header["exp"] = now_s() + 10;
    EXPECT_EQ(error_of(make_token(header, default_claims(), rsa_key())),
              VerifyError::kUnsupportedCritical)
        << boost::json::serialize(crit);
  }
}

// jwt_verify_lib's habit: every single-character change and every truncation must fail.
TEST_F(TokenStructureTest, EveryOneCharacterChangeAndTruncationFails) {
  const std::string token = valid_token();
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') continue;
    std::string mutated = token;
    mutated[i] = token[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify(mutated).has_value()) << "position " << i;
  }
  for (std::size_t len = 0; len < token.size(); ++len) {
    EXPECT_FALSE(verify(token.substr(0, len)).has_value()) << "length " << len;
  }
}

TEST_F(TokenStructureTest, ChecksSignatureBeforeAnyClaim) {
  boost::json::object claims = default_claims();
  claims["exp"] = now_s() - 100000;
  claims["iss"] = "https://evil.example/";
  std::string forged = make_token(default_header(rsa_key()), claims, other_rsa_key());
  EXPECT_EQ(error_of(forged), VerifyError::kBadSignature);
  // A wrong typ on a forged token is also reported as the forgery it is.
  boost::json::object header = default_header(rsa_key());
  header["typ"] = "JOSE";
  EXPECT_EQ(error_of(make_token(header, default_claims(), other_rsa_key())),
            VerifyError::kBadSignature);
}

TEST(TokenVerifierConfigTest, RejectsUnusableConfiguration) {
  auto with = [](auto mutate) {
    VerifierConfig c = default_config();
    mutate(c);
    return c;
  };
  EXPECT_THROW(TokenVerifier(with([](VerifierConfig& c) { c.issuer.clear(); })),
               std::invalid_argument);
  EXPECT_THROW(TokenVerifier(with([](VerifierConfig& c) { c.audiences.clear(); })),
               std::invalid_argument);
  EXPECT_THROW(TokenVerifier(with([](VerifierConfig& c) { c.algorithms.clear(); })),
               std::invalid_argument);
  EXPECT_THROW(TokenVerifier(with([](VerifierConfig& c) { c.leeway = std::chrono::seconds(-1); })),
               std::invalid_argument);
  EXPECT_THROW(TokenVerifier(with([](VerifierConfig& c) { c.max_token_bytes = 0; })),
               std::invalid_argument);
  EXPECT_EQ(default_config().algorithms, std::vector<jose::Algorithm>{jose::Algorithm::kRS256});
  EXPECT_EQ(default_config().leeway, std::chrono::seconds(60));
  EXPECT_EQ(default_config().max_token_bytes, 8192u);
}

}  // namespace
}  // namespace xfx::verify
