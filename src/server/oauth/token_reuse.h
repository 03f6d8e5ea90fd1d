// Server-side token reuse (per API, off by default): a client that asks again for the same
// audience and scopes while the token it last got has more than half its lifetime left gets
// that token back, with its remaining expires_in, instead of a new signature. It protects the
// signing CPU from clients that ignore the spec's "do not request a new token for every call".
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/oauth/token_issuer.h"

namespace xfx::oauth {

class TokenReuseCache {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 100000;

  explicit TokenReuseCache(std::size_t max_entries = kDefaultMaxEntries);

  // The cached token for this (client, audience, scope) if more than half its lifetime is left
  // at `now`, with expires_in reduced to what remains.
  std::optional<IssuedToken> find(std::string_view client_id, std::string_view audience,
                                  std::string_view scope, std::int64_t now);
  void remember(std::string_view client_id, std::string_view audience, const IssuedToken& token);
  std::size_t size();

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, IssuedToken> entries;  // as issued: full expires_in
  };
  static constexpr std::size_t kShards = 16;
  static std::string key_of(std::string_view client_id, std::string_view audience,
                            std::string_view scope);
  Shard& shard_for(const std::string& key);

  std::size_t max_per_shard_;
  std::vector<Shard> shards_;
};

}  // namespace xfx::oauth
