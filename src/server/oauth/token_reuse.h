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

  // `variant` names everything else a token depends on (the signing key in force, the API's
  // and the grant's versions): when any of it changes, earlier tokens are not handed out again.
  //
  // The cached token for this (client, audience, scope, variant) if more than half its
  // lifetime is left at `now`, with expires_in reduced to what remains.
  std::optional<IssuedToken> find(std::string_view client_id, std::string_view audience,
                                  std::string_view scope, std::string_view variant,
                                  std::int64_t now);
  void remember(std::string_view client_id, std::string_view audience, std::string_view variant,
                const IssuedToken& token);
  std::size_t size();

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, IssuedToken> entries;  // as issued: full expires_in
  };
  static constexpr std::size_t kShards = 16;
  static std::string key_of(std::string_view client_id, std::string_view audience,
                            std::string_view scope, std::string_view variant);
  Shard& shard_for(const std::string& key);

  std::size_t max_per_shard_;
  std::vector<Shard> shards_;
};

}  // namespace xfx::oauth
