// Test doubles for the client's edges: a scripted transport and a hand-driven monotonic clock.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "xfx/client/transport.h"

namespace xfx::client::testing {

inline HttpResponse token_response(const std::string& token, int expires_in,
                                   const std::string& scope = "") {
  HttpResponse r;
  r.status = 200;
  r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  r.body = R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":)" +
           std::to_string(expires_in) + (scope.empty() ? "" : R"(,"scope":")" + scope + "\"") + "}";
  return r;
}

inline HttpResponse oauth_error(int status, const std::string& error,
                                const std::string& description,
                                std::optional<int> retry_after = std::nullopt) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  if (retry_after) r.headers.emplace_back("Retry-After", std::to_string(*retry_after));
  r.body = R"({"error":")" + error + R"(","error_description":")" + description + "\"}";
  return r;
}

using SendResult = expected<HttpResponse, TransportError>;

inline SendResult transport_error(TransportErrorKind kind, std::string message = "boom") {
  return unexpected(TransportError{kind, std::move(message)});
}

// Answers from a script, then from a fallback handler. Optionally holds every request at a gate
// until the test opens it, to pile callers up behind one in-flight request.
class FakeTransport final : public Transport {
 public:
  using Handler = std::function<SendResult(const HttpRequest&)>;

  void push(SendResult r) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(r));
  }
  void set_fallback(Handler h) {
    std::lock_guard lock(mu_);
    fallback_ = std::move(h);
  }
  void close_gate() {
    std::lock_guard lock(mu_);
    gate_open_ = false;
  }
  void open_gate() {
    {
      std::lock_guard lock(mu_);
      gate_open_ = true;
    }
    cv_.notify_all();
  }
  // Blocks until `n` requests have arrived (whether or not they are held at the gate).
  bool wait_for_calls(int n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return calls_ >= n; });
  }

  int calls() const { return calls_.load(); }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

  SendResult send(const HttpRequest& request) override {
    std::unique_lock lock(mu_);
    requests_.push_back(request);
    ++calls_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return gate_open_; });
    if (!script_.empty()) {
      SendResult r = std::move(script_.front());
      script_.pop_front();
      return r;
    }
    if (fallback_) {
      Handler h = fallback_;
      lock.unlock();
      return h(request);
    }
    return transport_error(TransportErrorKind::kConnect, "no scripted response");
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<SendResult> script_;
  Handler fallback_;
  std::vector<HttpRequest> requests_;
  std::atomic<int> calls_{0};
  bool gate_open_ = true;
};

class FakeClock {
 public:
  std::chrono::steady_clock::time_point now() const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns_.load()));
  }
  void advance(std::chrono::nanoseconds d) { ns_ += d.count(); }

 private:
  std::atomic<std::int64_t> ns_{std::chrono::nanoseconds(std::chrono::hours(1000)).count()};
};

}  // namespace xfx::client::testing
