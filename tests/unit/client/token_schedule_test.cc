#include "client/token_schedule.h"

#include <gtest/gtest.h>

namespace xfx::client::detail {
namespace {

using namespace std::chrono_literals;

TEST(TokenSchedule, DayLongTokenRefreshesFiveMinutesEarly) {
  const auto s = schedule_token(86400s, 300s);
  EXPECT_EQ(s.refresh_after, 86100s);
  EXPECT_EQ(s.usable_for, 86390s);
}

TEST(TokenSchedule, BufferIsClampedToHalfTheLifetime) {
  EXPECT_EQ(schedule_token(600s, 300s).refresh_after, 300s);
  EXPECT_EQ(schedule_token(300s, 300s).refresh_after, 150s);
  EXPECT_EQ(schedule_token(60s, 300s).refresh_after, 30s);
  EXPECT_EQ(schedule_token(1s, 300s).refresh_after, 500ms);
}

TEST(TokenSchedule, LastMomentsAreNotHandedOut) {
  EXPECT_EQ(schedule_token(60s, 300s).usable_for, 54s);
  EXPECT_EQ(schedule_token(3600s, 0s).usable_for, 3590s);
  EXPECT_EQ(schedule_token(3600s, 0s).refresh_after, 3600s);
}

TEST(TokenSchedule, ZeroLifetimeIsNeverReused) {
  const auto s = schedule_token(0s, 300s);
  EXPECT_EQ(s.refresh_after, 0s);
  EXPECT_EQ(s.usable_for, 0s);
}

TEST(RetryDelay, FullJitterUnderADoublingCap) {
  RetryPolicy p;  // 200 ms doubling to 10 s
  EXPECT_EQ(retry_delay(p, 1, 0.0, std::nullopt), 0ms);
  EXPECT_EQ(retry_delay(p, 1, 0.999, std::nullopt), 199ms);
  EXPECT_EQ(retry_delay(p, 2, 0.5, std::nullopt), 200ms);
  EXPECT_EQ(retry_delay(p, 3, 0.5, std::nullopt), 400ms);
  EXPECT_EQ(retry_delay(p, 30, 1.0, std::nullopt), 10s);
}

TEST(RetryDelay, NeverShorterThanRetryAfter) {
  RetryPolicy p;
  EXPECT_EQ(retry_delay(p, 1, 0.5, 5s), 5s);
  EXPECT_EQ(retry_delay(p, 1, 0.5, 0s), 100ms);
}

TEST(FailureSpacing, DoublesToTheMaximumWithHalfJitter) {
  RetryPolicy p;  // 1 s doubling to 60 s
  EXPECT_EQ(failure_spacing(p, 1, 0.0, std::nullopt), 500ms);
  EXPECT_EQ(failure_spacing(p, 1, 1.0, std::nullopt), 1s);
  EXPECT_EQ(failure_spacing(p, 3, 0.0, std::nullopt), 2s);
  EXPECT_EQ(failure_spacing(p, 100, 1.0, std::nullopt), 60s);
  EXPECT_EQ(failure_spacing(p, 1, 0.0, 120s), 120s);
}

}  // namespace
}  // namespace xfx::client::detail
