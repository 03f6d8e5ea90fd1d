// The CLI's token cache across runs: one file per (token URL, client id, audience, scope) under
// $XDG_CACHE_HOME/xfx/ (else ~/.cache/xfx/), mode 0600, reused until the refresh buffer. Wall
// clock, unlike the in-process cache: a process's monotonic clock means nothing to the next one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "xfx/client/auth_client.h"
#include "xfx/client/token_source.h"

namespace xfx::cli {

struct StoredToken {
  std::string access_token;
  std::string token_type = "Bearer";
  std::string scope;
  std::int64_t expires_in = 0;  // as issued
  std::int64_t expires_at = 0;  // unix seconds
  std::int64_t refresh_at = 0;  // unix seconds; not served from the file after this
};

class TokenFileCache {
 public:
  // nullopt when neither XDG_CACHE_HOME (absolute) nor HOME is set.
  static std::optional<std::filesystem::path> default_dir();
  // Hex SHA-256 of the key fields, so the file name reveals nothing about them.
  static std::string key(const client::Config& config, std::string_view audience,
                         std::string_view scope);

  TokenFileCache(std::filesystem::path dir, std::string key);

  // A token still before its refresh time. A file that is not ours, not 0600, a symlink, or
  // malformed is ignored (and later overwritten).
  std::optional<StoredToken> load(std::int64_t now_unix) const;
  // Atomically replaces the file (temp file 0600 + rename). Returns an error message on failure.
  std::optional<std::string> store(const StoredToken& token) const;
  void remove() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

// The CLI's TokenSource: the file first, then the AuthClient (and the file is updated).
class CachedTokenSource final : public client::TokenSource {
 public:
  CachedTokenSource(std::shared_ptr<client::AuthClient> auth, std::optional<TokenFileCache> cache,
                    bool verbose);
  expected<client::AccessToken, client::AuthError> access_token() override;
  void invalidate(const client::AccessToken& rejected) override;
  bool served_from_file() const { return served_from_file_; }

 private:
  std::shared_ptr<client::AuthClient> auth_;
  std::optional<TokenFileCache> cache_;
  bool verbose_;
  bool served_from_file_ = false;
};

// The cache for this config, or nullopt (with a note on stderr if verbose) when caching is off
// or there is nowhere to put it.
std::optional<TokenFileCache> file_cache_for(const client::Config& config, bool enabled,
                                             bool verbose);

}  // namespace xfx::cli
