#include "client/token_schedule.h"

#include <algorithm>

namespace xfx::client::detail {

using std::chrono::milliseconds;
using std::chrono::seconds;

TokenSchedule schedule_token(seconds expires_in, seconds refresh_buffer) {
  if (expires_in <= seconds{0}) return {};
  const auto lifetime = std::chrono::duration_cast<milliseconds>(expires_in);
  const auto buffer = std::clamp(std::chrono::duration_cast<milliseconds>(refresh_buffer),
                                 milliseconds{0}, lifetime / 2);
  const auto last_moments = std::min<milliseconds>(seconds{10}, lifetime / 10);
  return {lifetime - buffer, lifetime - last_moments};
}

namespace {

milliseconds doubling_cap(milliseconds initial, milliseconds max, int step) {
  milliseconds cap = std::max(initial, milliseconds{1});
  for (int i = 1; i < step && cap < max; ++i) cap *= 2;
  return std::min(cap, max);
}

milliseconds at_least(milliseconds d, std::optional<seconds> retry_after) {
  if (retry_after) d = std::max<milliseconds>(d, *retry_after);
  return d;
}

double unit(double r) {
  return std::clamp(r, 0.0, 1.0);
}

}  // namespace

milliseconds retry_delay(const RetryPolicy& policy, int attempt, double random01,
                         std::optional<seconds> retry_after) {
  const auto cap = doubling_cap(policy.initial_backoff, policy.max_backoff, attempt);
  const auto jittered = milliseconds{static_cast<milliseconds::rep>(cap.count() * unit(random01))};
  return at_least(jittered, retry_after);
}

milliseconds failure_spacing(const RetryPolicy& policy, int failures, double random01,
                             std::optional<seconds> retry_after) {
  const auto cap =
      doubling_cap(policy.initial_failure_spacing, policy.max_failure_spacing, failures);
  const auto half = cap / 2;
  const auto jittered =
      half + milliseconds{static_cast<milliseconds::rep>(half.count() * unit(random01))};
  return at_least(jittered, retry_after);
}

}  // namespace xfx::client::detail
