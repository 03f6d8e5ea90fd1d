// Where the verifier gets keys from: the configured key set and nothing else. A token's own
// jwk/jku/x5u/x5c headers are never consulted; kid is an opaque map key.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "xfx/jose/key.h"

namespace xfx::verify {

class KeyResolver {
 public:
  virtual ~KeyResolver() = default;
  // The key with exactly this kid, or nullopt. May block (JwksCache refetches on a miss).
  // Keys are returned by value: copies share the parsed EVP_PKEY, and the caller's copy stays
  // valid after the resolver publishes a new key set.
  virtual std::optional<jose::Key> find(std::string_view kid) = 0;
};

// A fixed key set, for tests, the CLI and services that load keys from a file.
class StaticKeyResolver final : public KeyResolver {
 public:
  explicit StaticKeyResolver(std::shared_ptr<const jose::KeySet> keys) : keys_(std::move(keys)) {}
  std::optional<jose::Key> find(std::string_view kid) override {
    if (keys_ == nullptr) return std::nullopt;
    if (const jose::Key* key = keys_->find(kid)) return *key;
    return std::nullopt;
  }

 private:
  std::shared_ptr<const jose::KeySet> keys_;
};

}  // namespace xfx::verify
