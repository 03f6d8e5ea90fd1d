#include "server/oauth/rate_limiter.h"

#include <gtest/gtest.h>

namespace xfx::oauth {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimiter, DisabledAllowsEverything) {
  RateLimiter limiter({0, 0});
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.acquire("a", Clock::time_point{}), 0);
}

TEST(RateLimiter, BurstThenRetryAfter) {
  RateLimiter limiter({1, 3});
  Clock::time_point t{1h};
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 1);
  // Other clients have their own bucket.
  EXPECT_EQ(limiter.acquire("b", t), 0);
  // A second later one token is back.
  EXPECT_EQ(limiter.acquire("a", t + 1s), 0);
  EXPECT_EQ(limiter.acquire("a", t + 1s), 1);
}

TEST(RateLimiter, RetryAfterRoundsUpToWholeSeconds) {
  RateLimiter limiter({0.1, 1});
  Clock::time_point t{1h};
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 10);
  EXPECT_EQ(limiter.acquire("a", t + 5s), 5);
}

TEST(RateLimiter, MemoryIsBounded) {
  RateLimiter limiter({1, 1}, 16);
  Clock::time_point t{1h};
  for (int i = 0; i < 10000; ++i) limiter.acquire("client-" + std::to_string(i), t);
  EXPECT_LE(limiter.tracked_keys(), 16u);
  EXPECT_GT(limiter.tracked_keys(), 0u);
}

}  // namespace
}  // namespace xfx::oauth
