// Per-client token buckets for the token endpoint: a client that ignores the spec's "do not
// request a new token for every API call" cannot take the signing CPU from everyone else.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace xfx::oauth {

struct RateLimit {
  double per_second = 0;  // 0 disables limiting
  double burst = 0;       // bucket size; at least 1 when enabled
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kDefaultMaxKeys = 100000;

  explicit RateLimiter(RateLimit limit, std::size_t max_keys = kDefaultMaxKeys);

  // Takes one token from key's bucket at `now`. Returns 0 when allowed, otherwise the whole
  // seconds (>= 1) after which a token will be available, for Retry-After.
  std::int64_t acquire(std::string_view key, Clock::time_point now);

  bool enabled() const { return limit_.per_second > 0; }
  // How many clients have a bucket now (bounded by max_keys).
  std::size_t tracked_keys();

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;

  RateLimit limit_;
  std::size_t max_keys_per_shard_;
  std::vector<Shard> shards_;
};

}  // namespace xfx::oauth
