#include "xfx/verify/token_cache.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <list>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

namespace xfx::verify {
namespace {

// The key is a digest, so the cache never holds a bearer token that a memory dump could replay.
std::string sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("token cache: SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(md), len);
}

}  // namespace

// One LRU list and index under one mutex; sharding keeps threads off each other's locks.
struct VerifiedTokenCache::Shard {
  using Entry = std::pair<std::string, VerifiedToken>;  // digest, claims
  std::mutex mu;
  std::size_t capacity = 0;
  std::list<Entry> lru;  // front = most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index;
};

VerifiedTokenCache::VerifiedTokenCache(std::size_t max_entries, std::size_t shards)
    : capacity_(max_entries) {
  if (max_entries == 0) throw std::invalid_argument("token cache: max_entries must be positive");
  // At least 64 entries per shard, so a small cache still behaves like one LRU.
  std::size_t n = std::clamp<std::size_t>(std::min(shards, max_entries / 64), 1, 256);
  for (std::size_t i = 0; i < n; ++i) {
    auto shard = std::make_unique<Shard>();
    // Spread the remainder so the shard capacities sum to max_entries exactly.
    shard->capacity = max_entries / n + (i < max_entries % n ? 1 : 0);
    shards_.push_back(std::move(shard));
  }
}

VerifiedTokenCache::~VerifiedTokenCache() = default;

VerifiedTokenCache::Shard& VerifiedTokenCache::shard_for(const std::string& digest) {
  std::size_t h = 0;
  std::memcpy(&h, digest.data(), std::min(sizeof h, digest.size()));
  return *shards_[h % shards_.size()];
}

std::optional<VerifiedToken> VerifiedTokenCache::find(std::string_view token,
                                                      std::chrono::system_clock::time_point now) {
  const std::string digest = sha256(token);
  Shard& shard = shard_for(digest);
  std::lock_guard lock(shard.mu);
  auto it = shard.index.find(digest);
  if (it == shard.index.end()) return std::nullopt;
  // Compare in seconds: exp is the issuer's choice and may not fit in nanoseconds.
  if (std::chrono::floor<std::chrono::seconds>(now) >= it->second->second.expires_at) {
    shard.lru.erase(it->second);
    shard.index.erase(it);
    return std::nullopt;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  return it->second->second;
}

void VerifiedTokenCache::insert(std::string_view token, const VerifiedToken& verified) {
  std::string digest = sha256(token);
  Shard& shard = shard_for(digest);
  std::lock_guard lock(shard.mu);
  if (auto it = shard.index.find(digest); it != shard.index.end()) {
    it->second->second = verified;
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    return;
  }
  shard.lru.emplace_front(digest, verified);
  shard.index.emplace(std::move(digest), shard.lru.begin());
  while (shard.lru.size() > shard.capacity) {
    shard.index.erase(shard.lru.back().first);
    shard.lru.pop_back();
  }
}

void VerifiedTokenCache::clear() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mu);
    shard->index.clear();
    shard->lru.clear();
  }
}

std::size_t VerifiedTokenCache::size() const {
  std::size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mu);
    n += shard->lru.size();
  }
  return n;
}

}  // namespace xfx::verify
