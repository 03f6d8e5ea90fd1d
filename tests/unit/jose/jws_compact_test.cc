#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "jose/strict_json.h"
#include "unit/jose/jose_test_util.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace xfx::jose {
namespace {

constexpr std::size_t kCap = 8192;

std::string token_of(std::string_view header_json, std::string_view payload,
                     std::string_view sig = "sig") {
  return base64url_encode(header_json) + "." + base64url_encode(payload) + "." +
         base64url_encode(sig);
}

JoseError parse_error(std::string_view token, std::size_t cap = kCap) {
  auto r = parse_compact(token, cap);
  EXPECT_FALSE(r.has_value()) << token;
  return r ? JoseError::kCryptoFailure : r.error();
}

TEST(ParseCompact, SplitsAndDecodes) {
  const std::string token = token_of(R"({"alg":"ES256","kid":"k1"})", "payload", "\x01\x02");
  auto jws = parse_compact(token, kCap);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("kid").as_string(), "k1");
  EXPECT_EQ(jws->payload, "payload");
  EXPECT_EQ(jws->signature, "\x01\x02");
  EXPECT_EQ(jws->signing_input, std::string_view(token).substr(0, token.rfind('.')));
  EXPECT_EQ(jws->signing_input.data(), token.data());  // a view into the caller's token
}

TEST(ParseCompact, RequiresExactlyThreeNonEmptySegments) {
  const std::string h = base64url_encode(R"({"alg":"RS256"})");
  EXPECT_EQ(parse_error(""), JoseError::kMalformed);
  EXPECT_EQ(parse_error(h), JoseError::kMalformed);
  EXPECT_EQ(parse_error(h + ".cGF5"), JoseError::kMalformed);            // 2 segments
  EXPECT_EQ(parse_error(h + ".cGF5.c2ln.c2ln"), JoseError::kMalformed);  // 4 segments
  EXPECT_EQ(parse_error(h + ".cGF5.c2ln."), JoseError::kMalformed);      // trailing dot
  EXPECT_EQ(parse_error(h + "..c2ln"), JoseError::kMalformed);           // empty payload
  EXPECT_EQ(parse_error(h + ".cGF5."), JoseError::kMalformed);           // empty signature
  EXPECT_EQ(parse_error(".cGF5.c2ln"), JoseError::kMalformed);           // empty header
  EXPECT_EQ(parse_error("a..b"), JoseError::kMalformed);
  EXPECT_EQ(parse_error(".."), JoseError::kMalformed);
  EXPECT_EQ(parse_error("..."), JoseError::kMalformed);
  EXPECT_TRUE(parse_compact(h + ".cGF5.c2ln", kCap));
}

TEST(ParseCompact, SizeCapComesFirst) {
  const std::string token = token_of(R"({"alg":"RS256"})", "p");
  EXPECT_TRUE(parse_compact(token, token.size()));
  EXPECT_EQ(parse_error(token, token.size() - 1), JoseError::kMalformed);
  EXPECT_EQ(parse_error(std::string(kCap + 1, 'A'), kCap), JoseError::kMalformed);
}

TEST(ParseCompact, SegmentsMustBeCanonicalBase64Url) {
  const std::string h = base64url_encode(R"({"alg":"RS256"})");
  EXPECT_EQ(parse_error(h + ".cGF5.c2ln="), JoseError::kBadBase64);
  EXPECT_EQ(parse_error(h + "=.cGF5.c2ln"), JoseError::kBadBase64);
  EXPECT_EQ(parse_error(h + ".cG F5.c2ln"), JoseError::kBadBase64);
  EXPECT_EQ(parse_error(h + ".cGF5.c2l+"), JoseError::kBadBase64);
  EXPECT_EQ(parse_error(h + ".cGF5.QR"), JoseError::kBadBase64);     // stray trailing bits
  EXPECT_EQ(parse_error(h + ".cGF5.c2lnA"), JoseError::kBadBase64);  // length % 4 == 1
}

TEST(ParseCompact, HeaderMustBeAJsonObject) {
  EXPECT_EQ(parse_error(token_of("[]", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of("\"alg\"", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of("null", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of("{", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256"} )"
                                 "x",
                                 "p")),
            JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256"}{})", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256",})", "p")), JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256"/*c*/})", "p")), JoseError::kBadJson);
  // The payload is bytes; whether it is JSON is the caller's business.
  EXPECT_TRUE(parse_compact(token_of(R"({"alg":"RS256"})", "not json"), kCap));
}

TEST(ParseCompact, RejectsDuplicateHeaderMembers) {
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256","alg":"none"})", "p")), JoseError::kBadJson);
  // Spelled differently, equal once unescaped.
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256","\u0061lg":"none"})", "p")),
            JoseError::kBadJson);
  EXPECT_EQ(parse_error(token_of(R"({"alg":"RS256","x":{"a":1,"a":2}})", "p")),
            JoseError::kBadJson);
}

TEST(StrictJson, ParsesNestedValuesAndRejectsDuplicatesAtAnyDepth) {
  auto v = detail::parse_json_object(
      R"({"a":[1,-2,18446744073709551615,1.5,"s",true,false,null,{"b":{}}],"c":{"a":1},"\u00e9":"x"})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->at("a").as_array().size(), 9u);
  EXPECT_EQ(v->at("a").as_array()[2].as_uint64(), 18446744073709551615ull);
  EXPECT_EQ(v->at("c").at("a").as_int64(), 1);
  EXPECT_TRUE(v->contains("\xc3\xa9"));
  // The same name in sibling and nested objects is fine.
  EXPECT_TRUE(detail::parse_json_object(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})"));
  EXPECT_FALSE(detail::parse_json_object(R"({"b":[{"a":1,"a":2}]})"));
  EXPECT_FALSE(detail::parse_json_object(R"({"a":1,"b":2,"c":3,"a":4})"));
  EXPECT_FALSE(detail::parse_json_object(""));
  EXPECT_FALSE(detail::parse_json_object("[1]"));
  std::string deep(100, '[');
  EXPECT_FALSE(detail::parse_json_object("{\"a\":" + deep + "}"));
}

TEST(Signer, RefusesPublicKeysAndMismatchedAlgorithms) {
  const Key pub = testing::key_from_jwk(testing::kRfc8037PublicJwk);
  EXPECT_EQ(Signer::create(pub, Algorithm::kEdDSA, "JWT").error(), JoseError::kBadKey);
  const Key priv = testing::key_from_jwk(testing::kRfc8037PrivateJwk);
  EXPECT_EQ(Signer::create(priv, Algorithm::kES256, "JWT").error(),
            JoseError::kAlgorithmKeyMismatch);
}

TEST(Signer, HeaderIsEscapedJson) {
  auto key =
      Key::from_jwk(testing::json_object(R"({"kty":"OKP","crv":"Ed25519","kid":"a\"b\\c",)"
                                         R"("d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",)"
                                         R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"));
  ASSERT_TRUE(key);
  auto signer = Signer::create(*key, Algorithm::kEdDSA, "at+jwt");
  ASSERT_TRUE(signer);
  auto jws = parse_compact(*signer->sign("{}"), kCap);
  ASSERT_TRUE(jws);
  EXPECT_EQ(jws->header.at("kid").as_string(), "a\"b\\c");
  EXPECT_EQ(jws->header.at("typ").as_string(), "at+jwt");
  EXPECT_EQ(jws->header.size(), 3u);
}

// Many threads share one Key for signing and verifying (TSan/ASan builds make this meaningful).
TEST(Concurrency, OneKeyManyThreads) {
  for (Algorithm alg :
       {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256, Algorithm::kEdDSA}) {
    auto key = Key::generate(alg);
    ASSERT_TRUE(key);
    auto signer = Signer::create(*key, alg, "JWT");
    ASSERT_TRUE(signer);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 20; ++i) {
          auto token = signer->sign("{\"n\":" + std::to_string(t * 100 + i) + "}");
          if (!token) {
            ++failures;
            continue;
          }
          auto jws = parse_compact(*token, kCap);
          if (!jws || !verify_signature(signer->key(), alg, jws->signing_input, jws->signature)) {
            ++failures;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0) << to_string(alg);
  }
}

}  // namespace
}  // namespace xfx::jose
