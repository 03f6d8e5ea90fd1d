#include "token_file_cache.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "client/token_schedule.h"

namespace xfx::cli {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::size_t kMaxFile = 64 * 1024;

}  // namespace

std::optional<fs::path> TokenFileCache::default_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return fs::path(xdg) / "xfx";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return fs::path(home) / ".cache" / "xfx";
  }
  return std::nullopt;
}

std::string TokenFileCache::key(const client::Config& config, std::string_view audience,
                                std::string_view scope) {
  const std::string token_url = config.resolved_token_url();
  std::string material;
  for (std::string_view part :
       {std::string_view(token_url), std::string_view(config.client_id), audience, scope}) {
    material += std::to_string(part.size());  // length-prefixed: no ambiguity between fields
    material += ':';
    material += part;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(material.data(), material.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

TokenFileCache::TokenFileCache(fs::path dir, std::string key)
    : dir_(std::move(dir)), path_(dir_ / ("token-" + key + ".json")) {}

std::optional<StoredToken> TokenFileCache::load(std::int64_t now_unix) const {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::string text;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
      (st.st_mode & 077) == 0 && st.st_size > 0 &&
      static_cast<std::size_t>(st.st_size) < kMaxFile) {
    text.resize(static_cast<std::size_t>(st.st_size));
    const ssize_t n = ::read(fd, text.data(), text.size());
    if (n != st.st_size) text.clear();
  }
  ::close(fd);
  if (text.empty()) return std::nullopt;

  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  try {
    StoredToken t;
    t.access_token = json::value_to<std::string>(o.at("access_token"));
    t.token_type = json::value_to<std::string>(o.at("token_type"));
    t.scope = json::value_to<std::string>(o.at("scope"));
    t.expires_in = json::value_to<std::int64_t>(o.at("expires_in"));
    t.expires_at = json::value_to<std::int64_t>(o.at("expires_at"));
    t.refresh_at = json::value_to<std::int64_t>(o.at("refresh_at"));
    if (t.access_token.empty() || now_unix >= t.refresh_at || now_unix >= t.expires_at) {
      return std::nullopt;
    }
    return t;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> TokenFileCache::store(const StoredToken& token) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return "cannot create " + dir_.string() + ": " + ec.message();
  ::chmod(dir_.c_str(), 0700);

  json::object o;
  o["access_token"] = token.access_token;
  o["token_type"] = token.token_type;
  o["scope"] = token.scope;
  o["expires_in"] = token.expires_in;
  o["expires_at"] = token.expires_at;
  o["refresh_at"] = token.refresh_at;
  const std::string text = json::serialize(o);

  std::string temp = (dir_ / ".token-XXXXXX").string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // created 0600
  if (fd < 0) return "cannot write in " + dir_.string() + ": " + std::strerror(errno);
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(temp.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return "cannot write " + path_.string() + ": " + why;
  }
  return std::nullopt;
}

void TokenFileCache::remove() const {
  ::unlink(path_.c_str());
}

std::optional<TokenFileCache> file_cache_for(const client::Config& config, bool enabled,
                                             bool verbose) {
  if (!enabled) return std::nullopt;
  auto dir = TokenFileCache::default_dir();
  if (!dir) {
    if (verbose) std::cerr << "xfx: no XDG_CACHE_HOME or HOME; not caching the token\n";
    return std::nullopt;
  }
  return TokenFileCache(*dir, TokenFileCache::key(config, config.audience, config.scope));
}

CachedTokenSource::CachedTokenSource(std::shared_ptr<client::AuthClient> auth,
                                     std::optional<TokenFileCache> cache, bool verbose)
    : auth_(std::move(auth)), cache_(std::move(cache)), verbose_(verbose) {}

expected<client::AccessToken, client::AuthError> CachedTokenSource::access_token() {
  served_from_file_ = false;
  const std::int64_t now = unix_now();
  if (cache_) {
    if (auto stored = cache_->load(now)) {
      auto data = std::make_shared<client::TokenData>();
      data->value = std::move(stored->access_token);
      data->token_type = std::move(stored->token_type);
      data->scope = std::move(stored->scope);
      data->expires_in = std::chrono::seconds(stored->expires_in);
      data->expires_at =
          std::chrono::steady_clock::now() + std::chrono::seconds(stored->expires_at - now);
      served_from_file_ = true;
      return client::AccessToken(std::move(data));
    }
  }
  auto token = auth_->access_token();
  if (token && cache_) {
    // Times count from before the request, as in the in-memory cache.
    const auto schedule =
        client::detail::schedule_token(token->expires_in(), auth_->config().refresh_buffer);
    StoredToken stored;
    stored.access_token = std::string(token->value());
    stored.token_type = std::string(token->token_type());
    stored.scope = std::string(token->scope());
    stored.expires_in = token->expires_in().count();
    stored.expires_at = now + token->expires_in().count();
    stored.refresh_at =
        now + std::chrono::duration_cast<std::chrono::seconds>(schedule.refresh_after).count();
    if (stored.refresh_at > now) {
      if (auto error = cache_->store(stored); error && verbose_) {
        std::cerr << "xfx: not caching the token: " << *error << "\n";
      }
    }
  }
  return token;
}

void CachedTokenSource::invalidate(const client::AccessToken& rejected) {
  if (cache_) {
    if (auto stored = cache_->load(unix_now());
        stored && stored->access_token == rejected.value()) {
      cache_->remove();
    }
  }
  auth_->invalidate(rejected);
}

}  // namespace xfx::cli
