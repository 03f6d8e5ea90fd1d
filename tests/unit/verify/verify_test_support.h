// Shared helpers for the verifier tests: test keys, hand-built tokens, a fake Transport.
#pragma once

#include <gtest/gtest.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "xfx/client/transport.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"
#include "xfx/jose/key.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::verify::testing {

inline constexpr std::string_view kIssuer = "https://issuer.example/";
inline constexpr std::string_view kAudience = "https://api.example/orders";

// A fixed "now" so every time test is exact.
inline std::chrono::sys_seconds now() {
  return std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000));
}
inline std::int64_t now_s() {
  return now().time_since_epoch().count();
}

// Keys are generated once per process: RSA generation is the slow part of these tests.
inline const jose::Key& rsa_key() {
  static const jose::Key key = jose::Key::generate(jose::Algorithm::kRS256).value();
  return key;
}
inline const jose::Key& other_rsa_key() {  // never in the verifier's key set
  static const jose::Key key = jose::Key::generate(jose::Algorithm::kRS256).value();
  return key;
}
inline const jose::Key& ps_key() {
  static const jose::Key key = jose::Key::generate(jose::Algorithm::kPS256).value();
  return key;
}
inline const jose::Key& ec_key() {
  static const jose::Key key = jose::Key::generate(jose::Algorithm::kES256).value();
  return key;
}

// A public key as the verifier would get it from a JWKS, optionally with another kid / alg.
inline jose::Key public_copy(const jose::Key& key, std::optional<std::string> kid = std::nullopt,
                             std::optional<std::string> alg = std::nullopt) {
  boost::json::object jwk = key.public_jwk();
  if (kid) jwk["kid"] = *kid;
  if (alg) jwk["alg"] = *alg;
  return jose::Key::from_jwk(jwk).value();
}

inline std::shared_ptr<const jose::KeySet> key_set(std::initializer_list<jose::Key> keys) {
  auto set = std::make_shared<jose::KeySet>();
  for (const jose::Key& k : keys) set->add(public_copy(k));
  return set;
}

inline boost::json::object default_header(const jose::Key& key, std::string_view alg = "RS256") {
  return {{"alg", alg}, {"typ", "JWT"}, {"kid", key.kid()}};
}

inline boost::json::object default_claims() {
  return {{"iss", kIssuer},
          {"sub", "demo-client@clients"},
          {"aud", kAudience},
          {"iat", now_s() - 10},
          {"exp", now_s() + 3600},
          {"azp", "demo-client"},
          {"scope", "read:orders write:orders"},
          {"gty", "client-credentials"},
          {"jti", "jti-1"}};
}

inline std::string encode(const boost::json::object& obj) {
  return jose::base64url_encode(boost::json::serialize(obj));
}

// header.payload.signature, signed by `key` under `alg` whatever the header says.
inline std::string make_token(const boost::json::object& header, const boost::json::object& claims,
                              const jose::Key& key, jose::Algorithm alg = jose::Algorithm::kRS256) {
  std::string input = encode(header) + "." + encode(claims);
  std::string sig = jose::sign_bytes(key, alg, input).value();
  return input + "." + jose::base64url_encode(sig);
}

inline std::string valid_token() {
  return make_token(default_header(rsa_key()), default_claims(), rsa_key());
}

inline VerifierConfig default_config() {
  VerifierConfig config;
  config.issuer = std::string(kIssuer);
  config.audiences = {std::string(kAudience)};
  return config;
}

// Records every request; answers from a table of url -> response or transport error.
class FakeTransport final : public client::Transport {
 public:
  expected<client::HttpResponse, client::TransportError> send(
      const client::HttpRequest& request) override {
    std::unique_lock lock(mu_);
    ++calls_[request.url];
    ++total_;
    if (gate_closed_) {
      ++waiting_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !gate_closed_; });
      --waiting_;
    }
    auto it = routes_.find(request.url);
    if (it == routes_.end()) {
      return unexpected(client::TransportError{client::TransportErrorKind::kConnect, "refused"});
    }
    return it->second;
  }

  void serve(const std::string& url, std::string body, int status = 200) {
    std::lock_guard lock(mu_);
    client::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    routes_[url] = std::move(r);
  }
  void take_down(const std::string& url) {
    std::lock_guard lock(mu_);
    routes_.erase(url);
  }
  int calls(const std::string& url) {
    std::lock_guard lock(mu_);
    return calls_[url];
  }
  int total() {
    std::lock_guard lock(mu_);
    return total_;
  }
  // While closed, send() blocks: lets a test hold a fetch in flight.
  void close_gate() {
    std::lock_guard lock(mu_);
    gate_closed_ = true;
  }
  void open_gate() {
    {
      std::lock_guard lock(mu_);
      gate_closed_ = false;
    }
    cv_.notify_all();
  }
  void wait_until_blocked(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, client::HttpResponse> routes_;
  std::map<std::string, int> calls_;
  int total_ = 0;
  bool gate_closed_ = false;
  int waiting_ = 0;
};

// A steady clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point t{std::chrono::hours(1)};
  void advance(std::chrono::seconds d) { t += d; }
  std::function<std::chrono::steady_clock::time_point()> fn() {
    return [this] { return t; };
  }
};

}  // namespace xfx::verify::testing
