// The token cache. Shape taken from google-cloud-cpp's access-token cache (one mutex for refresh
// state, the lock released across the network call, a failed refresh keeps the old token) with
// what it lacks: a cache hit that takes only a shared lock, per-(audience, scope) entries, retries
// inside a fetch, and spacing between failed fetches.
//
// Lock order: refresh_mu before cache_mu. The hot path takes cache_mu shared and nothing else.
#include "xfx/client/auth_client.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>
#include <utility>

#include "client/token_request.h"
#include "client/token_schedule.h"

namespace xfx::client {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Record {
  TokenData data;
  Clock::time_point refresh_at;
  Clock::time_point usable_until;
};

AccessToken token_of(const std::shared_ptr<const Record>& record) {
  // Aliasing constructor: shares the record's ownership, no allocation.
  return AccessToken(std::shared_ptr<const TokenData>(record, &record->data));
}

struct Entry {
  Entry(std::string a, std::string s) : audience(std::move(a)), scope(std::move(s)) {}
  const std::string audience;
  const std::string scope;
  std::shared_ptr<const Record> current;  // guarded by cache_mu

  // Guarded by refresh_mu.
  bool refreshing = false;
  std::uint64_t finished = 0;  // fetches completed, so a waiter can tell that its fetch ended
  bool last_failed = false;
  int failures = 0;  // consecutive
  Clock::time_point next_attempt_at{};
  std::optional<AuthError> last_error;
};

using Key = std::pair<std::string, std::string>;

struct KeyLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>(a.first, a.second) <
           std::pair<std::string_view, std::string_view>(b.first, b.second);
  }
};

double default_random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

AuthError shutdown_error() {
  AuthError e;
  e.kind = AuthErrorKind::kShutdown;
  return e;
}

}  // namespace

struct AuthClient::Impl {
  Impl(Config c, AuthClientHooks hooks)
      : config(std::move(c)),
        token_url(config.resolved_token_url()),
        transport(std::move(hooks.transport)),
        now(std::move(hooks.now)),
        sleep(std::move(hooks.sleep)),
        random(std::move(hooks.random)),
        log(std::move(hooks.log)) {
    if (!transport) {
      transport = make_curl_transport(
          {config.connect_timeout, config.total_timeout, config.ca_file, std::size_t{1} << 20});
    }
    if (!now) now = [] { return Clock::now(); };
    if (!random) random = default_random;
    auto entry = std::make_unique<Entry>(config.audience, config.scope);
    default_entry = entry.get();
    entries.emplace(Key{config.audience, config.scope}, std::move(entry));
  }

  expected<AccessToken, AuthError> get(Entry& e) {
    std::shared_ptr<const Record> record = load(e);
    if (record && now() < record->refresh_at) return token_of(record);
    return get_slow(e);
  }

  std::shared_ptr<const Record> load(const Entry& e) const {
    std::shared_lock lock(cache_mu);
    return e.current;
  }

  Entry& entry_for(std::string_view audience, std::string_view scope) {
    const std::pair<std::string_view, std::string_view> key(audience, scope);
    {
      std::shared_lock lock(cache_mu);
      if (auto it = entries.find(key); it != entries.end()) return *it->second;
    }
    std::unique_lock lock(cache_mu);
    if (auto it = entries.find(key); it != entries.end()) return *it->second;
    auto entry = std::make_unique<Entry>(std::string(audience), std::string(scope));
    Entry& ref = *entry;
    entries.emplace(Key{std::string(audience), std::string(scope)}, std::move(entry));
    return ref;
  }

  expected<AccessToken, AuthError> get_slow(Entry& e) {
    std::unique_lock lk(refresh_mu);
    for (;;) {
      if (stopping) return unexpected(shutdown_error());
      auto record = load(e);
      const auto t = now();
      if (record && t < record->refresh_at) return token_of(record);

      if (record && t < record->usable_until) {
        // Inside the refresh window: nobody waits while a valid token exists.
        if (e.refreshing || t < e.next_attempt_at) return token_of(record);
        if (config.background_refresh && start_background(e)) return token_of(record);
        auto fetched = fetch_as_leader(lk, e);
        if (fetched || now() >= record->usable_until) return fetched;
        return token_of(record);  // stale but valid beats an error
      }

      if (e.refreshing) {
        const auto seen = e.finished;
        refreshed_cv.wait(lk, [&] { return e.finished != seen || stopping; });
        if (e.finished != seen && e.last_failed) return unexpected(*e.last_error);
        continue;
      }
      // Failing fetches are spaced out: callers share the last failure until the next slot.
      if (t < e.next_attempt_at && e.last_error) return unexpected(*e.last_error);
      return fetch_as_leader(lk, e);
    }
  }

  // Called with lk held; releases it across the network call.
  expected<AccessToken, AuthError> fetch_as_leader(std::unique_lock<std::mutex>& lk, Entry& e) {
    e.refreshing = true;
    lk.unlock();
    expected<std::shared_ptr<const Record>, AuthError> result = unexpected(shutdown_error());
    try {
      result = fetch(e);
    } catch (...) {
      lk.lock();
      finish(e, unexpected(shutdown_error()));
      throw;
    }
    lk.lock();
    finish(e, result);
    if (!result) return unexpected(result.error());
    return token_of(*result);
  }

  // Called with refresh_mu held.
  bool start_background(Entry& e) {
    try {
      if (!worker.joinable()) worker = std::thread([this] { run_worker(); });
    } catch (const std::system_error&) {
      return false;  // no thread to be had: refresh inline instead
    }
    e.refreshing = true;
    queue.push_back(&e);
    work_cv.notify_one();
    return true;
  }

  void run_worker() {
    std::unique_lock lk(refresh_mu);
    for (;;) {
      work_cv.wait(lk, [&] { return stopping || !queue.empty(); });
      if (stopping) {
        for (Entry* e : queue) finish(*e, unexpected(shutdown_error()));
        queue.clear();
        return;
      }
      Entry& e = *queue.front();
      queue.pop_front();
      lk.unlock();
      expected<std::shared_ptr<const Record>, AuthError> result = unexpected(shutdown_error());
      try {
        result = fetch(e);
      } catch (...) {
        // Nothing to hand the exception to: the entry records a failure and is retried later.
      }
      lk.lock();
      finish(e, result);
    }
  }

  // Called with refresh_mu held.
  void finish(Entry& e, const expected<std::shared_ptr<const Record>, AuthError>& result) {
    e.refreshing = false;
    ++e.finished;
    if (result) {
      {
        std::unique_lock lock(cache_mu);
        e.current = *result;
      }
      e.failures = 0;
      e.last_failed = false;
      e.last_error.reset();
      e.next_attempt_at = {};
    } else {
      ++e.failures;
      e.last_failed = true;
      e.last_error = result.error();
      const auto spacing =
          detail::failure_spacing(config.retry, e.failures, random(), result.error().retry_after);
      e.next_attempt_at = now() + spacing;
      emit(LogLevel::kWarning, result.error().message() + "; next attempt in " +
                                   std::to_string(spacing.count()) + " ms (audience " + e.audience +
                                   ")");
    }
    refreshed_cv.notify_all();
  }

  expected<std::shared_ptr<const Record>, AuthError> fetch(const Entry& e) {
    for (int attempt = 1;; ++attempt) {
      if (stopping) return unexpected(shutdown_error());
      const HttpRequest request =
          detail::build_token_request(config, token_url, e.audience, e.scope);
      const auto started = now();
      AuthError error;
      auto response = send(request);
      if (response) {
        auto parsed = detail::interpret_token_response(*response, config.client_secret);
        if (parsed) return make_record(std::move(*parsed), started, e);
        error = parsed.error();
        scrub_echoes(error, request, e);
      } else {
        error = detail::from_transport_error(response.error(), config.client_secret);
        scrub_echoes(error, request, e);
      }
      error.attempts = attempt;
      if (!error.retryable() || attempt >= config.retry.max_attempts) return unexpected(error);
      if (error.retry_after && *error.retry_after > config.retry.max_retry_after) {
        return unexpected(error);  // not worth holding callers; the spacing honours it instead
      }
      const auto delay = detail::retry_delay(config.retry, attempt, random(), error.retry_after);
      emit(LogLevel::kInfo,
           error.message() + "; retrying in " + std::to_string(delay.count()) + " ms");
      pause(delay);
    }
  }

  // A transport message is not ours: remove every spelling of a credential the request carried
  // (the secret raw and form-encoded, the Basic credential) and the token this entry holds.
  void scrub_echoes(AuthError& error, const HttpRequest& request, const Entry& e) {
    std::vector<std::string> spellings{detail::form_urlencode(config.client_secret)};
    for (const auto& [name, value] : request.headers) {
      if (name == "Authorization" && value.rfind("Basic ", 0) == 0)
        spellings.push_back(value.substr(6));
    }
    if (auto current = load(e)) spellings.push_back(current->data.value);
    for (std::string* text : {&error.detail, &error.error_description}) {
      for (const auto& s : spellings) *text = detail::scrub(*text, s, 300);
    }
  }

  expected<HttpResponse, TransportError> send(const HttpRequest& request) {
    try {
      return transport->send(request);
    } catch (const std::exception&) {
      // Its what() is not ours to vouch for; it could quote the request.
      return unexpected(TransportError{TransportErrorKind::kOther, "transport threw"});
    }
  }

  std::shared_ptr<const Record> make_record(detail::TokenResponse response,
                                            Clock::time_point started, const Entry& e) {
    const auto schedule = detail::schedule_token(response.expires_in, config.refresh_buffer);
    auto record = std::make_shared<Record>();
    record->data.value = std::move(response.access_token);
    record->data.token_type = std::move(response.token_type);
    record->data.scope = std::move(response.scope);
    record->data.expires_in = response.expires_in;
    record->data.expires_at = started + response.expires_in;
    record->refresh_at = started + schedule.refresh_after;
    record->usable_until = started + schedule.usable_for;
    emit(LogLevel::kDebug, "token obtained for audience " + e.audience + ", expires in " +
                               std::to_string(response.expires_in.count()) + " s");
    return record;
  }

  void pause(milliseconds delay) {
    if (sleep) {
      sleep(delay);
      return;
    }
    std::unique_lock lk(refresh_mu);
    stop_cv.wait_for(lk, delay, [&] { return stopping.load(); });
  }

  void emit(LogLevel level, const std::string& line) {
    if (log) log(level, line);
  }

  void invalidate(const AccessToken& rejected) {
    std::unique_lock lock(cache_mu);
    for (auto& [key, e] : entries) {
      if (e->current && token_of(e->current).same_as(rejected)) e->current.reset();
    }
  }

  void invalidate_all() {
    std::unique_lock lock(cache_mu);
    for (auto& [key, e] : entries) e->current.reset();
  }

  void stop() {
    {
      std::lock_guard lk(refresh_mu);
      stopping = true;
    }
    work_cv.notify_all();
    stop_cv.notify_all();
    refreshed_cv.notify_all();
    if (worker.joinable()) worker.join();
  }

  const Config config;
  const std::string token_url;
  std::shared_ptr<Transport> transport;
  std::function<Clock::time_point()> now;
  std::function<void(milliseconds)> sleep;
  std::function<double()> random;
  std::function<void(LogLevel, std::string_view)> log;

  mutable std::shared_mutex cache_mu;
  std::map<Key, std::unique_ptr<Entry>, KeyLess> entries;  // entries are never erased
  Entry* default_entry = nullptr;

  std::mutex refresh_mu;
  std::condition_variable refreshed_cv;  // a fetch finished
  std::condition_variable work_cv;       // the worker has work or must stop
  std::condition_variable stop_cv;       // interrupts retry sleeps
  std::deque<Entry*> queue;
  std::atomic<bool> stopping{false};
  std::thread worker;  // started on the first background refresh; joined in stop()
};

AuthClient::AuthClient(Config config, AuthClientHooks hooks) {
  config.validate();
  impl_ = std::make_unique<Impl>(std::move(config), std::move(hooks));
}

AuthClient::~AuthClient() {
  impl_->stop();
}

expected<AccessToken, AuthError> AuthClient::access_token() {
  return impl_->get(*impl_->default_entry);
}

expected<AccessToken, AuthError> AuthClient::access_token(std::string_view audience,
                                                          std::string_view scope) {
  return impl_->get(impl_->entry_for(audience, scope));
}

void AuthClient::invalidate(const AccessToken& rejected) {
  impl_->invalidate(rejected);
}

void AuthClient::invalidate() {
  impl_->invalidate_all();
}

const Config& AuthClient::config() const {
  return impl_->config;
}

}  // namespace xfx::client
