#include "server/oauth/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace xfx::oauth {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys)
    : limit_(limit),
      max_keys_per_shard_(std::max<std::size_t>(1, max_keys / kShards)),
      shards_(kShards) {
  if (limit_.per_second > 0) limit_.burst = std::max(1.0, limit_.burst);
}

std::int64_t RateLimiter::acquire(std::string_view key, Clock::time_point now) {
  if (!enabled()) return 0;
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    // Bounded memory: a full shard forgets everyone, which only ever errs towards allowing.
    if (shard.buckets.size() >= max_keys_per_shard_) shard.buckets.clear();
    it = shard.buckets.emplace(std::string(key), Bucket{limit_.burst, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(limit_.burst, b.tokens + std::max(0.0, elapsed) * limit_.per_second);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  // Clamped before the conversion: a tiny rate would otherwise overflow int64.
  double wait = std::min(86400.0, std::ceil((1.0 - b.tokens) / limit_.per_second));
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(wait));
}

std::size_t RateLimiter::tracked_keys() {
  std::size_t n = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.buckets.size();
  }
  return n;
}

}  // namespace xfx::oauth
