// The verified-token cache: hits, exp rechecked on every hit, bounded LRU eviction, threads.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "xfx/verify/token_cache.h"

namespace xfx::verify {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

const sys_seconds kNow{seconds(1'700'000'000)};

VerifiedToken token_expiring_at(sys_seconds exp, std::string subject = "client@clients") {
  VerifiedToken t;
  t.subject = std::move(subject);
  t.client_id = "client";
  t.scopes = {"read:orders"};
  t.expires_at = exp;
  return t;
}

TEST(VerifiedTokenCacheTest, HitReturnsTheStoredClaims) {
  VerifiedTokenCache cache(100);
  EXPECT_FALSE(cache.find("a.b.c", kNow));
  cache.insert("a.b.c", token_expiring_at(kNow + seconds(60)));
  auto hit = cache.find("a.b.c", kNow);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->subject, "client@clients");
  EXPECT_EQ(hit->scopes, std::vector<std::string>{"read:orders"});
  EXPECT_FALSE(cache.find("a.b.d", kNow));  // a different token, however similar
  EXPECT_EQ(cache.size(), 1u);
}

TEST(VerifiedTokenCacheTest, ExpIsRecheckedOnEveryHit) {
  VerifiedTokenCache cache(100);
  cache.insert("t", token_expiring_at(kNow + seconds(10)));
  EXPECT_TRUE(cache.find("t", kNow + seconds(9)));
  EXPECT_TRUE(cache.find("t", kNow + std::chrono::milliseconds(9999)));
  EXPECT_FALSE(cache.find("t", kNow + seconds(10)));  // no leeway in the cache
  EXPECT_EQ(cache.size(), 0u);                        // and the expired entry is gone
  EXPECT_FALSE(cache.find("t", kNow));
}

TEST(VerifiedTokenCacheTest, FarFutureExpDoesNotOverflow) {
  VerifiedTokenCache cache(10);
  cache.insert("t",
               token_expiring_at(sys_seconds(seconds(std::numeric_limits<std::int64_t>::max()))));
  EXPECT_TRUE(cache.find("t", kNow));
}

TEST(VerifiedTokenCacheTest, EvictsLeastRecentlyUsedWithinTheBound) {
  VerifiedTokenCache cache(3);  // small: one shard, exact LRU
  cache.insert("t1", token_expiring_at(kNow + seconds(60)));
  cache.insert("t2", token_expiring_at(kNow + seconds(60)));
  cache.insert("t3", token_expiring_at(kNow + seconds(60)));
  EXPECT_TRUE(cache.find("t1", kNow));  // t1 is now the most recent; t2 the least
  cache.insert("t4", token_expiring_at(kNow + seconds(60)));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.find("t2", kNow));
  EXPECT_TRUE(cache.find("t1", kNow));
  EXPECT_TRUE(cache.find("t3", kNow));
  EXPECT_TRUE(cache.find("t4", kNow));
}

TEST(VerifiedTokenCacheTest, ShardedCacheNeverExceedsItsCapacity) {
  VerifiedTokenCache cache(1000, 16);
  for (int i = 0; i < 5000; ++i) {
    cache.insert("token-" + std::to_string(i), token_expiring_at(kNow + seconds(60)));
    ASSERT_LE(cache.size(), 1000u);
  }
  EXPECT_GE(cache.size(), 900u);  // shards fill roughly evenly
  EXPECT_TRUE(cache.find("token-4999", kNow));
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifiedTokenCacheTest, ReinsertReplaces) {
  VerifiedTokenCache cache(10);
  cache.insert("t", token_expiring_at(kNow + seconds(60), "old"));
  cache.insert("t", token_expiring_at(kNow + seconds(60), "new"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.find("t", kNow)->subject, "new");
}

TEST(VerifiedTokenCacheTest, ZeroCapacityIsAConfigurationError) {
  EXPECT_THROW(VerifiedTokenCache(0), std::invalid_argument);
}

TEST(VerifiedTokenCacheTest, ConcurrentUse) {
  VerifiedTokenCache cache(256, 4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "tok-" + std::to_string((i * 7 + t) % 512);
        if (!cache.find(key, kNow)) cache.insert(key, token_expiring_at(kNow + seconds(60)));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.size(), 256u);
}

}  // namespace
}  // namespace xfx::verify
