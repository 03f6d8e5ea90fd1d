// The pure timing rules of the token cache: when to refresh, when a token is no longer handed
// out, how long to back off.
#pragma once

#include <chrono>
#include <optional>

#include "xfx/client/config.h"

namespace xfx::client::detail {

struct TokenSchedule {
  std::chrono::steady_clock::duration refresh_after;  // from the request's start
  std::chrono::steady_clock::duration usable_for;     // from the request's start
};

// Lifetimes are measured from when the request was sent, so time in flight only makes the cache
// more conservative. The buffer is clamped to half the lifetime (a 60 s token is reused for 30 s
// instead of never). A token is not handed out in its last seconds (min(10 s, lifetime / 10)), so
// the caller has time to use it.
TokenSchedule schedule_token(std::chrono::seconds expires_in, std::chrono::seconds refresh_buffer);

// Delay before retry `attempt` (1 = after the first failure): full jitter, uniform in
// [0, min(max, initial * 2^(attempt-1))), and never less than Retry-After.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt, double random01,
                                      std::optional<std::chrono::seconds> retry_after);

// Spacing after `failures` consecutive failed fetches: half fixed, half jittered, doubling up to
// the maximum; never less than Retry-After.
std::chrono::milliseconds failure_spacing(const RetryPolicy& policy, int failures, double random01,
                                          std::optional<std::chrono::seconds> retry_after);

}  // namespace xfx::client::detail
