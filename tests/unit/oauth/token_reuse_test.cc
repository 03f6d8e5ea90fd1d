#include "server/oauth/token_reuse.h"

#include <gtest/gtest.h>

namespace xfx::oauth {
namespace {

IssuedToken token(std::string value, std::int64_t lifetime, std::string scope, std::int64_t iat) {
  return IssuedToken{std::move(value), lifetime, std::move(scope), iat};
}

TEST(TokenReuse, ReturnsTheSameTokenWithTheRemainingLifetime) {
  TokenReuseCache cache;
  cache.remember("c", "https://a/", "v1", token("t1", 100, "read", 1000));
  auto hit = cache.find("c", "https://a/", "read", "v1", 1030);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->access_token, "t1");
  EXPECT_EQ(hit->expires_in, 70);
  EXPECT_EQ(hit->scope, "read");
}

TEST(TokenReuse, OnlyWhileMoreThanHalfTheLifetimeIsLeft) {
  TokenReuseCache cache;
  cache.remember("c", "https://a/", "v1", token("t1", 100, "", 1000));
  EXPECT_TRUE(cache.find("c", "https://a/", "", "v1", 1049));
  EXPECT_FALSE(cache.find("c", "https://a/", "", "v1", 1050)) << "exactly half left: sign anew";
  EXPECT_FALSE(cache.find("c", "https://a/", "", "v1", 1049)) << "a stale entry is dropped";
}

TEST(TokenReuse, KeyedByClientAudienceAndScope) {
  TokenReuseCache cache;
  cache.remember("c", "https://a/", "v1", token("t1", 100, "read", 1000));
  EXPECT_FALSE(cache.find("d", "https://a/", "read", "v1", 1001));
  EXPECT_FALSE(cache.find("c", "https://b/", "read", "v1", 1001));
  EXPECT_FALSE(cache.find("c", "https://a/", "read write", "v1", 1001));
  EXPECT_FALSE(cache.find("c", "https://a/", "", "v1", 1001));
  EXPECT_FALSE(cache.find("c", "https://a/", "read", "v2", 1001))
      << "another signing key or API version: a fresh token";
  EXPECT_TRUE(cache.find("c", "https://a/", "read", "v1", 1001));
}

TEST(TokenReuse, ClockSteppedBackIsAMiss) {
  TokenReuseCache cache;
  cache.remember("c", "https://a/", "v1", token("t1", 100, "", 1000));
  EXPECT_FALSE(cache.find("c", "https://a/", "", "v1", 999));
}

TEST(TokenReuse, Bounded) {
  TokenReuseCache cache(32);
  for (int i = 0; i < 5000; ++i) {
    cache.remember("client-" + std::to_string(i), "https://a/", "v1", token("t", 100, "", 1000));
  }
  EXPECT_LE(cache.size(), 32u);
}

}  // namespace
}  // namespace xfx::oauth
