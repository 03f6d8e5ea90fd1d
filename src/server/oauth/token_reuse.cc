#include "server/oauth/token_reuse.h"

#include <algorithm>
#include <functional>

namespace xfx::oauth {

TokenReuseCache::TokenReuseCache(std::size_t max_entries)
    : max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)), shards_(kShards) {}

std::string TokenReuseCache::key_of(std::string_view client_id, std::string_view audience,
                                    std::string_view scope, std::string_view variant) {
  // NUL cannot occur in any of the three (client ids and scopes are printable, audiences are
  // URIs), so the key is unambiguous.
  std::string key;
  key.reserve(client_id.size() + audience.size() + scope.size() + variant.size() + 3);
  key.append(client_id).push_back('\0');
  key.append(audience).push_back('\0');
  key.append(scope).push_back('\0');
  key.append(variant);
  return key;
}

TokenReuseCache::Shard& TokenReuseCache::shard_for(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::optional<IssuedToken> TokenReuseCache::find(std::string_view client_id,
                                                 std::string_view audience, std::string_view scope,
                                                 std::string_view variant, std::int64_t now) {
  auto key = key_of(client_id, audience, scope, variant);
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return std::nullopt;
  const IssuedToken& cached = it->second;
  std::int64_t remaining = cached.issued_at + cached.expires_in - now;
  // Strictly more than half, and never a token from the future (a clock stepped back).
  if (now < cached.issued_at || remaining * 2 <= cached.expires_in) {
    shard.entries.erase(it);
    return std::nullopt;
  }
  IssuedToken out = cached;
  out.expires_in = remaining;
  return out;
}

void TokenReuseCache::remember(std::string_view client_id, std::string_view audience,
                               std::string_view variant, const IssuedToken& token) {
  auto key = key_of(client_id, audience, token.scope, variant);
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  // Bounded: a full shard starts over, which only costs a few extra signatures.
  if (shard.entries.size() >= max_per_shard_ && !shard.entries.contains(key)) {
    shard.entries.clear();
  }
  shard.entries.insert_or_assign(std::move(key), token);
}

std::size_t TokenReuseCache::size() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.entries.size();
  }
  return n;
}

}  // namespace xfx::oauth
