#include "server/keys/signing_keys.h"

#include <openssl/crypto.h>
#include <boost/json.hpp>

#include <algorithm>
#include <tuple>

#include "xfx/jose/key.h"

namespace xfx::keys {
namespace {

std::size_t signer_index(jose::Algorithm alg, store::TokenProfile profile) {
  return static_cast<std::size_t>(alg) * 2 + (profile == store::TokenProfile::kRfc9068 ? 1 : 0);
}

std::string_view typ_of(store::TokenProfile profile) {
  return profile == store::TokenProfile::kRfc9068 ? "at+jwt" : "JWT";
}

bool published(const store::SigningKeyRecord& r, std::int64_t now) {
  if (r.state != store::KeyState::kRetired) return true;
  return r.retired_at && now - *r.retired_at < kRetiredKeyPublishSeconds;
}

expected<store::SigningKeyRecord, std::string> new_record(const secrets::SealedBox& box,
                                                          jose::Algorithm alg,
                                                          store::KeyState state, std::int64_t now) {
  auto key = jose::Key::generate(alg);
  if (!key) {
    return unexpected(std::string("cannot generate a ") + std::string(jose::to_string(alg)) +
                      " key: " + std::string(jose::to_string(key.error())));
  }
  store::SigningKeyRecord record;
  record.kid = key->kid();
  record.alg = std::string(jose::to_string(alg));
  std::string pem = key->private_pem();
  record.sealed_private_key = box.seal(pem, record.kid);
  OPENSSL_cleanse(pem.data(), pem.size());
  record.state = state;
  record.created_at = now;
  return record;
}

expected<void, std::string> insert(store::Registry& registry,
                                   expected<store::SigningKeyRecord, std::string> record) {
  if (!record) return unexpected(record.error());
  if (auto r = registry.insert_signing_key(*record); !r) {
    return unexpected("cannot store a signing key: " + r.error().message);
  }
  return {};
}

const store::SigningKeyRecord* find_state(const std::vector<store::SigningKeyRecord>& records,
                                          std::string_view alg, store::KeyState state) {
  const store::SigningKeyRecord* best = nullptr;
  for (const auto& r : records) {
    if (r.alg == alg && r.state == state && (!best || r.created_at > best->created_at)) best = &r;
  }
  return best;
}

}  // namespace

std::string fingerprint_of(const std::vector<store::SigningKeyRecord>& records, std::int64_t now) {
  std::vector<std::tuple<std::string_view, std::string_view>> items;
  for (const auto& r : records) {
    if (published(r, now)) items.emplace_back(r.kid, store::to_string(r.state));
  }
  std::sort(items.begin(), items.end());
  std::string out;
  for (const auto& [kid, state] : items) {
    out.append(kid).append(":").append(state).append(";");
  }
  return out;
}

expected<std::shared_ptr<const SigningKeys>, std::string> SigningKeys::load(
    const std::vector<store::SigningKeyRecord>& records, const secrets::SealedBox& box,
    std::int64_t now) {
  auto keys = std::shared_ptr<SigningKeys>(new SigningKeys());
  std::vector<std::optional<jose::Signer>> signers(kAlgorithms.size() * 2);
  boost::json::array jwks;
  for (const auto& record : records) {
    if (!published(record, now)) continue;
    auto alg = jose::parse_algorithm(record.alg);
    if (!alg)
      return unexpected("signing key " + record.kid + " has unknown algorithm " + record.alg);
    auto pem = box.open(record.sealed_private_key, record.kid);
    if (!pem) return unexpected("cannot open signing key " + record.kid + ": " + pem.error());
    auto key = jose::Key::from_private_pem(*pem, record.kid, *alg);
    OPENSSL_cleanse(pem->data(), pem->size());
    if (!key) {
      return unexpected("signing key " + record.kid +
                        " is unreadable: " + std::string(jose::to_string(key.error())));
    }
    jwks.push_back(key->public_jwk());
    if (record.state != store::KeyState::kCurrent) continue;
    // Two current keys for one algorithm can only come from a rotation race; the newest wins.
    if (find_state(records, record.alg, store::KeyState::kCurrent) != &record) continue;
    for (auto profile : {store::TokenProfile::kAuth0, store::TokenProfile::kRfc9068}) {
      auto signer = jose::Signer::create(*key, *alg, typ_of(profile));
      if (!signer) {
        return unexpected("cannot sign with key " + record.kid + ": " +
                          std::string(jose::to_string(signer.error())));
      }
      signers[signer_index(*alg, profile)].emplace(std::move(*signer));
    }
  }
  for (auto alg : kAlgorithms) {
    if (!signers[signer_index(alg, store::TokenProfile::kAuth0)]) {
      return unexpected("no current signing key for " + std::string(jose::to_string(alg)));
    }
  }
  for (auto& s : signers) keys->signers_.push_back(std::move(*s));
  keys->jwks_json_ = boost::json::serialize(boost::json::object{{"keys", std::move(jwks)}});
  keys->fingerprint_ = fingerprint_of(records, now);
  return std::shared_ptr<const SigningKeys>(std::move(keys));
}

const jose::Signer& SigningKeys::signer(jose::Algorithm alg, store::TokenProfile profile) const {
  return signers_[signer_index(alg, profile)];
}

expected<void, std::string> ensure_signing_keys(store::Registry& registry,
                                                const secrets::SealedBox& box, std::int64_t now) {
  auto records = registry.list_signing_keys();
  if (!records) return unexpected("cannot read signing keys: " + records.error().message);
  for (auto alg : kAlgorithms) {
    auto name = jose::to_string(alg);
    if (!find_state(*records, name, store::KeyState::kCurrent)) {
      if (auto r = insert(registry, new_record(box, alg, store::KeyState::kCurrent, now)); !r) {
        return r;
      }
    }
    if (!find_state(*records, name, store::KeyState::kNext)) {
      if (auto r = insert(registry, new_record(box, alg, store::KeyState::kNext, now)); !r) {
        return r;
      }
    }
  }
  return {};
}

expected<void, std::string> rotate_signing_key(store::Registry& registry,
                                               const secrets::SealedBox& box, jose::Algorithm alg,
                                               std::int64_t now) {
  if (auto r = ensure_signing_keys(registry, box, now); !r) return r;
  auto records = registry.list_signing_keys();
  if (!records) return unexpected("cannot read signing keys: " + records.error().message);
  auto name = jose::to_string(alg);
  const auto* current = find_state(*records, name, store::KeyState::kCurrent);
  const auto* next = find_state(*records, name, store::KeyState::kNext);
  if (!current || !next) {
    // Another process changed the keys between ensure and list (a concurrent rotation).
    return unexpected("the " + std::string(name) +
                      " keys changed during rotation (another rotation running?); try again");
  }
  // Promote next before retiring current, so a crash in between leaves two current keys (the
  // newest signs) rather than none.
  if (auto r = registry.set_signing_key_state(next->kid, store::KeyState::kCurrent, std::nullopt);
      !r) {
    return unexpected("cannot promote key " + next->kid + ": " + r.error().message);
  }
  if (auto r = registry.set_signing_key_state(current->kid, store::KeyState::kRetired, now); !r) {
    return unexpected("cannot retire key " + current->kid + ": " + r.error().message);
  }
  return insert(registry, new_record(box, alg, store::KeyState::kNext, now));
}

}  // namespace xfx::keys
