#include "xfx/jose/claims.h"

#include <gtest/gtest.h>

namespace xfx::jose {
namespace {

Claims full() {
  Claims c;
  c.iss = "https://issuer.example/";
  c.sub = "abc@clients";
  c.aud = {"https://api.example"};
  c.iat = 1700000000;
  c.exp = 1700086400;
  c.azp = "abc";
  c.scope = "read:a write:b";
  c.gty = "client-credentials";
  c.jti = "j-1";
  return c;
}

TEST(Claims, SerialisesCompactlyWithOneAudienceAsAString) {
  EXPECT_EQ(to_json(full()),
            R"({"iss":"https://issuer.example/","sub":"abc@clients","aud":"https://api.example",)"
            R"("iat":1700000000,"exp":1700086400,"azp":"abc","scope":"read:a write:b",)"
            R"("gty":"client-credentials","jti":"j-1"})");
}

TEST(Claims, SeveralAudiencesAreAnArrayAndEmptyMembersAreOmitted) {
  Claims c;
  c.aud = {"a", "b"};
  c.nbf = -5;
  c.client_id = "cid";
  EXPECT_EQ(to_json(c), R"({"aud":["a","b"],"nbf":-5,"client_id":"cid"})");
  EXPECT_EQ(to_json(Claims{}), "{}");
}

TEST(Claims, RoundTrip) {
  Claims c = full();
  c.aud = {"x", "y", "z"};
  c.nbf = 1699999990;
  c.client_id = "abc";
  auto back = parse_claims(to_json(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->iss, c.iss);
  EXPECT_EQ(back->sub, c.sub);
  EXPECT_EQ(back->aud, c.aud);
  EXPECT_EQ(back->iat, c.iat);
  EXPECT_EQ(back->exp, c.exp);
  EXPECT_EQ(back->nbf, c.nbf);
  EXPECT_EQ(back->azp, c.azp);
  EXPECT_EQ(back->client_id, c.client_id);
  EXPECT_EQ(back->scope, c.scope);
  EXPECT_EQ(back->gty, c.gty);
  EXPECT_EQ(back->jti, c.jti);
}

TEST(Claims, ParseIgnoresUnknownAndKeepsAbsentUnset) {
  auto c = parse_claims(R"({"aud":"one","http://example.com/is_root":true,"x":{"y":[1]}})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->aud, std::vector<std::string>{"one"});
  EXPECT_FALSE(c->exp);
  EXPECT_FALSE(c->iat);
  EXPECT_EQ(c->iss, "");
}

TEST(Claims, TimesMustBeIntegersThatFit) {
  EXPECT_EQ(parse_claims(R"({"exp":9223372036854775807})")->exp, INT64_MAX);
  EXPECT_EQ(parse_claims(R"({"exp":-9223372036854775808})")->exp, INT64_MIN);
  for (std::string_view bad :
       {R"({"exp":1.5})", R"({"exp":1e9})", R"({"exp":1.0})", R"({"exp":"1700000000"})",
        R"({"exp":null})", R"({"exp":true})", R"({"exp":[1]})", R"({"iat":9223372036854775808})",
        R"({"nbf":18446744073709551615})", R"({"nbf":1e400})", R"({"exp":-9223372036854775809})",
        R"({"iat":123456789012345678901234567890})"}) {
    auto c = parse_claims(bad);
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error(), JoseError::kBadJson) << bad;
  }
}

TEST(Claims, TypesAreChecked) {
  for (std::string_view bad :
       {R"({"iss":1})", R"({"sub":null})", R"({"aud":1})", R"({"aud":["a",1]})",
        R"({"aud":[["a"]]})", R"({"scope":["a"]})", R"({"jti":{}})", R"({"client_id":false})",
        R"([])", R"("x")", R"({"exp":1,"exp":2})", R"({"aud":"a","aud":"b"})", "", "{"}) {
    auto c = parse_claims(bad);
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error(), JoseError::kBadJson) << bad;
  }
}

TEST(SplitScope, DistinctNonEmptyTokensInOrder) {
  EXPECT_EQ(split_scope("read:a  write:b read:a "),
            (std::vector<std::string>{"read:a", "write:b"}));
  EXPECT_TRUE(split_scope("").empty());
  EXPECT_TRUE(split_scope("   ").empty());
  EXPECT_EQ(split_scope("a"), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace xfx::jose
