// The server's signing keys: what signs tokens now, and what the JWKS publishes.
//
// Each algorithm has a life cycle of keys (store::KeyState): "next" is published before it
// signs, so verifiers have it cached when rotation makes it "current"; "retired" keys stay
// published long enough for every token they signed to expire.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/secrets/sealed_box.h"
#include "server/store/model.h"
#include "server/store/registry.h"
#include "xfx/expected.h"
#include "xfx/jose/algorithm.h"
#include "xfx/jose/jws.h"

namespace xfx::keys {

// Every algorithm the server signs with; each gets its own key chain.
inline constexpr std::array<jose::Algorithm, 4> kAlgorithms = {
    jose::Algorithm::kRS256, jose::Algorithm::kPS256, jose::Algorithm::kES256,
    jose::Algorithm::kEdDSA};

// Retired keys stay in the JWKS this long: the longest token lifetime plus a day of margin for
// verifiers' clocks and caches.
inline constexpr std::int64_t kRetiredKeyPublishSeconds = store::kMaxTokenLifetime + 86400;

// An immutable set of parsed keys, built from the store's records. Shared by all I/O threads.
class SigningKeys {
 public:
  // Opens each sealed private key (the kid is the aad) and builds a Signer per algorithm and
  // token type. Fails if a record cannot be opened or parsed, or an algorithm has no current key.
  static expected<std::shared_ptr<const SigningKeys>, std::string> load(
      const std::vector<store::SigningKeyRecord>& records, const secrets::SealedBox& box,
      std::int64_t now);

  // The current signer for an algorithm and profile (typ "JWT" or "at+jwt").
  const jose::Signer& signer(jose::Algorithm alg, store::TokenProfile profile) const;
  // {"keys":[...]}: current, next and recently retired public keys.
  const std::string& jwks_json() const { return jwks_json_; }
  // Identifies the records this set was built from (kids and states), to detect changes.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  SigningKeys() = default;
  std::vector<jose::Signer> signers_;  // index: alg * 2 + profile
  std::string jwks_json_;
  std::string fingerprint_;
};

// (kid, state) of each record published at `now`, in a stable order: equal fingerprints mean
// equal key sets, and a retired key ageing out of the JWKS changes the fingerprint.
std::string fingerprint_of(const std::vector<store::SigningKeyRecord>& records, std::int64_t now);

// Gives every algorithm a current and a next key, generating and storing what is missing.
// Idempotent; safe to call at every start.
expected<void, std::string> ensure_signing_keys(store::Registry& registry,
                                                const secrets::SealedBox& box, std::int64_t now);

// Rotation for one algorithm: current → retired, next → current, and a new next.
expected<void, std::string> rotate_signing_key(store::Registry& registry,
                                               const secrets::SealedBox& box, jose::Algorithm alg,
                                               std::int64_t now);

}  // namespace xfx::keys
