#include <boost/json/serialize.hpp>

#include "jose/strict_json.h"
#include "xfx/jose/key.h"

namespace xfx::jose {
namespace {

namespace json = boost::json;

enum class Verdict { kUse, kSkip, kBad };

// RFC 7517 §5: members of a set that xfx does not understand are skipped, not fatal, so one
// exotic key (an "oct" key, a P-384 key, an RS512 key, an encryption key) never takes the whole
// set down. A member that claims a supported type but is built wrong is still an error.
Verdict screen(const json::object& jwk) {
  const json::value* kty = jwk.if_contains("kty");
  if (kty == nullptr || !kty->is_string()) return Verdict::kBad;
  const json::string& type = kty->get_string();
  if (type == "EC" || type == "OKP") {
    const json::value* crv = jwk.if_contains("crv");
    if (crv == nullptr || !crv->is_string()) return Verdict::kBad;
    if (crv->get_string() != (type == "EC" ? "P-256" : "Ed25519")) return Verdict::kSkip;
  } else if (type != "RSA") {
    return Verdict::kSkip;
  }
  if (const json::value* use = jwk.if_contains("use")) {
    if (!use->is_string()) return Verdict::kBad;
    if (use->get_string() != "sig") return Verdict::kSkip;
  }
  if (const json::value* alg = jwk.if_contains("alg")) {
    if (!alg->is_string()) return Verdict::kBad;
    if (!parse_algorithm(alg->get_string())) return Verdict::kSkip;
  }
  const json::value* kid = jwk.if_contains("kid");
  if (kid == nullptr) return Verdict::kSkip;
  if (!kid->is_string()) return Verdict::kBad;
  if (kid->get_string().empty()) return Verdict::kSkip;
  return Verdict::kUse;
}

}  // namespace

expected<KeySet, JoseError> KeySet::parse(std::string_view text, std::size_t max_keys) {
  auto root = detail::parse_json_object(text);
  if (!root) return unexpected(root.error());
  const json::value* keys = root->if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return unexpected(JoseError::kBadJson);
  // Counted before any key is parsed, so an oversized set costs no crypto work.
  if (keys->get_array().size() > max_keys) return unexpected(JoseError::kMalformed);

  KeySet set;
  for (const json::value& member : keys->get_array()) {
    if (!member.is_object()) return unexpected(JoseError::kBadJson);
    switch (screen(member.get_object())) {
      case Verdict::kSkip:
        continue;
      case Verdict::kBad:
        return unexpected(JoseError::kBadKey);
      case Verdict::kUse:
        break;
    }
    auto key = Key::from_jwk(member.get_object());
    if (!key) return unexpected(key.error());
    // kid is the only lookup key, so two keys under one kid would make find() ambiguous.
    if (set.find(key->kid()) != nullptr) return unexpected(JoseError::kBadKey);
    set.add(std::move(*key));
  }
  return set;
}

void KeySet::add(Key key) {
  keys_.push_back(std::move(key));
}

const Key* KeySet::find(std::string_view kid) const {
  for (const Key& key : keys_) {
    if (key.kid() == kid) return &key;
  }
  return nullptr;
}

std::string KeySet::to_json() const {
  json::array keys;
  keys.reserve(keys_.size());
  for (const Key& key : keys_) keys.emplace_back(key.public_jwk());
  return json::serialize(json::object{{"keys", std::move(keys)}});
}

}  // namespace xfx::jose
