// A bounded cache of verified tokens, so a busy API does not re-verify the same token on every
// request. Keyed by SHA-256 of the token (the cache never holds a usable token), sharded LRU,
// thread-safe. exp is rechecked on every hit, without leeway, so a cached token can never
// outlive what a fresh verification would allow.
//
// Store only tokens verified by one TokenVerifier (same issuer, audiences, type); check the
// request's scopes with check_scopes() after a hit. A key removed from the JWKS does not evict
// tokens it signed: call clear() when that matters.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "xfx/verify/token_verifier.h"

namespace xfx::verify {

class VerifiedTokenCache {
 public:
  // Throws std::invalid_argument if max_entries is 0. Shards are fewer when max_entries is small.
  explicit VerifiedTokenCache(std::size_t max_entries = 10000, std::size_t shards = 16);
  ~VerifiedTokenCache();
  VerifiedTokenCache(const VerifiedTokenCache&) = delete;
  VerifiedTokenCache& operator=(const VerifiedTokenCache&) = delete;

  // The cached claims if present and now < exp; an expired entry is dropped.
  std::optional<VerifiedToken> find(std::string_view token,
                                    std::chrono::system_clock::time_point now);
  void insert(std::string_view token, const VerifiedToken& verified);
  void clear();
  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  struct Shard;
  Shard& shard_for(const std::string& digest);
  std::size_t capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace xfx::verify
