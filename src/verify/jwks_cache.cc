#include "xfx/verify/jwks_cache.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace xfx::verify {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// An absolute http(s) URL with a non-empty host; https unless insecure is allowed.
bool url_allowed(std::string_view url, bool allow_insecure_http) {
  std::size_t scheme_len = 0;
  if (starts_with_nocase(url, "https://")) {
    scheme_len = 8;
  } else if (allow_insecure_http && starts_with_nocase(url, "http://")) {
    scheme_len = 7;
  } else {
    return false;
  }
  return url.size() > scheme_len && url[scheme_len] != '/';
}

// OpenID Connect Discovery §4: the issuer with any trailing '/' removed, then the well-known path,
// so "https://x/" and "https://x" both give "https://x/.well-known/openid-configuration".
std::string discovery_url(std::string_view issuer) {
  while (!issuer.empty() && issuer.back() == '/') issuer.remove_suffix(1);
  return std::string(issuer) + "/.well-known/openid-configuration";
}

}  // namespace

std::string_view to_string(JwksFetchError e) {
  switch (e) {
    case JwksFetchError::kTransport:
      return "transport";
    case JwksFetchError::kHttpStatus:
      return "http_status";
    case JwksFetchError::kTooLarge:
      return "too_large";
    case JwksFetchError::kBadDiscovery:
      return "bad_discovery";
    case JwksFetchError::kIssuerMismatch:
      return "issuer_mismatch";
    case JwksFetchError::kInsecureUrl:
      return "insecure_url";
    case JwksFetchError::kBadKeySet:
      return "bad_key_set";
    case JwksFetchError::kNoUsableKeys:
      return "no_usable_keys";
  }
  return "unknown";
}

JwksCache::JwksCache(std::shared_ptr<client::Transport> transport, JwksCacheOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
  if (transport_ == nullptr) throw std::invalid_argument("jwks: transport is required");
  if (options_.jwks_uri.empty() == options_.issuer.empty()) {
    throw std::invalid_argument("jwks: set exactly one of jwks_uri and issuer");
  }
  const std::string& url = options_.jwks_uri.empty() ? options_.issuer : options_.jwks_uri;
  if (!url_allowed(url, options_.allow_insecure_http)) {
    throw std::invalid_argument("jwks: the JWKS or issuer URL must be https");
  }
  if (options_.max_response_bytes == 0 || options_.max_keys == 0) {
    throw std::invalid_argument("jwks: limits must be positive");
  }
  if (options_.refresh_interval.count() <= 0 || options_.unknown_kid_cooldown.count() < 0) {
    throw std::invalid_argument("jwks: bad refresh interval or cooldown");
  }
}

JwksCache::~JwksCache() {
  stop_background_refresh();
}

JwksCache::TimePoint JwksCache::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

std::optional<jose::Key> JwksCache::find(std::string_view kid) {
  if (auto snap = snapshot_.load()) {
    if (const jose::Key* key = snap->find(kid)) return *key;
  }
  // Look again even when the cooldown said "no fetch": another thread's fetch may have published
  // the key between the first look and now.
  (void)fetch_single_flight(Trigger::kUnknownKid);
  if (auto snap = snapshot_.load()) {
    if (const jose::Key* key = snap->find(kid)) return *key;
  }
  return std::nullopt;
}

expected<void, JwksFetchError> JwksCache::refresh() {
  return *fetch_single_flight(Trigger::kForced);
}

void JwksCache::tick() {
  (void)fetch_single_flight(Trigger::kScheduled);
}

std::optional<expected<void, JwksFetchError>> JwksCache::fetch_single_flight(Trigger trigger) {
  std::unique_lock lock(mu_);
  if (fetching_) {
    // Join the fetch in flight rather than start another; its outcome is ours.
    const std::uint64_t awaited = generation_ + 1;
    fetch_done_.wait(lock, [&] { return generation_ >= awaited; });
    return last_result_;
  }
  const TimePoint t = now();
  if (trigger == Trigger::kUnknownKid && last_attempt_ &&
      t - *last_attempt_ < options_.unknown_kid_cooldown) {
    return std::nullopt;
  }
  if (trigger == Trigger::kScheduled && next_refresh_ && t < *next_refresh_) return std::nullopt;

  fetching_ = true;
  last_attempt_ = t;
  ++stats_.fetches;
  lock.unlock();  // never hold the lock across the network

  auto fetched = fetch_key_set();

  lock.lock();
  const TimePoint done = now();
  if (fetched) {
    snapshot_.store(std::move(*fetched));
    last_result_ = {};
    stats_.last_error.reset();
    next_refresh_ = done + options_.refresh_interval;
  } else {
    // Keep the last good snapshot; retry on the cooldown rather than the long interval.
    last_result_ = unexpected(fetched.error());
    ++stats_.failures;
    stats_.last_error = fetched.error();
    next_refresh_ = done + options_.unknown_kid_cooldown;
  }
  fetching_ = false;
  ++generation_;
  auto result = last_result_;
  lock.unlock();
  fetch_done_.notify_all();
  return result;
}

expected<std::string, JwksFetchError> JwksCache::get(const std::string& url) {
  client::HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers.emplace_back("Accept", "application/json");
  auto response = transport_->send(request);
  if (!response) {
    return unexpected(response.error().kind == client::TransportErrorKind::kResponseTooLarge
                          ? JwksFetchError::kTooLarge
                          : JwksFetchError::kTransport);
  }
  if (response->status != 200) return unexpected(JwksFetchError::kHttpStatus);
  if (response->body.size() > options_.max_response_bytes) {
    return unexpected(JwksFetchError::kTooLarge);
  }
  return std::move(response->body);
}

expected<std::string, JwksFetchError> JwksCache::discover_jwks_uri() {
  auto body = get(discovery_url(options_.issuer));
  if (!body) return unexpected(body.error());
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(*body, ec);
  const boost::json::object* obj = ec ? nullptr : doc.if_object();
  if (obj == nullptr) return unexpected(JwksFetchError::kBadDiscovery);
  const boost::json::value* issuer = obj->if_contains("issuer");
  const boost::json::value* jwks_uri = obj->if_contains("jwks_uri");
  if (issuer == nullptr || !issuer->is_string() || jwks_uri == nullptr || !jwks_uri->is_string()) {
    return unexpected(JwksFetchError::kBadDiscovery);
  }
  // RFC 8414 §3.3 / OIDC Discovery §4.3: the document must name exactly the issuer we asked for.
  if (issuer->get_string() != options_.issuer) return unexpected(JwksFetchError::kIssuerMismatch);
  std::string uri(jwks_uri->get_string());
  if (!url_allowed(uri, options_.allow_insecure_http)) {
    return unexpected(JwksFetchError::kInsecureUrl);
  }
  return uri;
}

expected<std::shared_ptr<const jose::KeySet>, JwksFetchError> JwksCache::fetch_key_set() {
  std::string uri = options_.jwks_uri;
  if (uri.empty()) {
    if (discovered_jwks_uri_.empty()) {
      auto discovered = discover_jwks_uri();
      if (!discovered) return unexpected(discovered.error());
      discovered_jwks_uri_ = std::move(*discovered);
    }
    uri = discovered_jwks_uri_;
  }
  auto body = get(uri);
  if (!body) {
    discovered_jwks_uri_.clear();  // the issuer may have moved its keys: rediscover next time
    return unexpected(body.error());
  }
  auto keys = jose::KeySet::parse(*body, options_.max_keys);
  if (!keys) return unexpected(JwksFetchError::kBadKeySet);
  // An empty set would lock every caller out; keeping the old keys is the safer failure.
  if (keys->empty()) return unexpected(JwksFetchError::kNoUsableKeys);
  return std::make_shared<const jose::KeySet>(std::move(*keys));
}

void JwksCache::start_background_refresh(std::chrono::milliseconds poll) {
  std::lock_guard lock(thread_mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this, poll] {
    std::unique_lock lk(thread_mu_);
    while (!stop_) {
      lk.unlock();
      tick();
      lk.lock();
      thread_cv_.wait_for(lk, poll, [this] { return stop_; });
    }
  });
}

void JwksCache::stop_background_refresh() {
  std::thread thread;
  {
    std::lock_guard lock(thread_mu_);
    stop_ = true;
    thread = std::move(thread_);
  }
  thread_cv_.notify_all();
  if (thread.joinable()) thread.join();
}

JwksCacheStats JwksCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace xfx::verify
