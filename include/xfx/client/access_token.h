// An access token handed out by a TokenSource: an immutable, shared value.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace xfx::client {

struct TokenData {
  std::string value;       // the bearer credential; never logged, never in an error message
  std::string token_type;  // "Bearer"
  std::string scope;       // as granted, when the server said
  std::chrono::seconds expires_in{0};                // lifetime as issued
  std::chrono::steady_clock::time_point expires_at;  // on the source's monotonic clock
};

// Cheap to copy (one reference count); copying never allocates. Deliberately has no operator<<,
// so a token cannot be streamed into a log by accident.
class AccessToken {
 public:
  explicit AccessToken(std::shared_ptr<const TokenData> data) : data_(std::move(data)) {}

  std::string_view value() const { return data_->value; }
  std::string_view token_type() const { return data_->token_type; }
  std::string_view scope() const { return data_->scope; }
  std::chrono::seconds expires_in() const { return data_->expires_in; }
  std::chrono::steady_clock::time_point expires_at() const { return data_->expires_at; }

  // "Bearer <token>", for an Authorization header.
  std::string authorization() const { return "Bearer " + data_->value; }

  // The same issued token (not merely an equal string): lets invalidate() drop only the token
  // that was rejected, so a burst of 401s on one token causes one refresh.
  bool same_as(const AccessToken& other) const { return data_ == other.data_; }

 private:
  std::shared_ptr<const TokenData> data_;
};

}  // namespace xfx::client
