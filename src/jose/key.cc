// Key import, export and generation through OpenSSL 3's provider API (EVP_PKEY_fromdata and
// get_*_param); no deprecated RSA_* / EC_KEY_* calls.
#include "xfx/jose/key.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <array>
#include <climits>
#include <cstdint>
#include <stdexcept>

#include "jose/base64url_internal.h"
#include "jose/ecdsa_der.h"
#include "jose/openssl_ptr.h"
#include "jose/signature_internal.h"
#include "xfx/jose/base64url.h"

namespace xfx::jose {
namespace {

namespace json = boost::json;
using detail::BignumPtr;
using detail::EvpPkeyCtxPtr;
using detail::EvpPkeyPtr;
using detail::ParamBldPtr;
using detail::ParamPtr;

constexpr std::size_t kEd25519KeySize = 32;
constexpr const char* kP256GroupName = "prime256v1";

unexpected<JoseError> fail(JoseError e) {
  ERR_clear_error();
  return unexpected(e);
}

// Decoded key material that is wiped when it goes out of scope, on every return path.
class SecretBytes {
 public:
  SecretBytes() = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  std::string& str() { return bytes_; }
  const unsigned char* data() const {
    return reinterpret_cast<const unsigned char*>(bytes_.data());
  }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::string bytes_;
};

// Reads member `name` as canonical base64url into `out`: true if present, false if absent,
// kBadKey if present but not a non-empty canonical base64url string.
expected<bool, JoseError> read_b64(const json::object& jwk, std::string_view name,
                                   SecretBytes& out) {
  const json::value* v = jwk.if_contains(name);
  if (v == nullptr) return false;
  const json::string* s = v->if_string();
  if (s == nullptr || s->empty() || !detail::base64url_decode_into(*s, out.str())) {
    return unexpected(JoseError::kBadKey);
  }
  return true;
}

expected<void, JoseError> read_required_b64(const json::object& jwk, std::string_view name,
                                            SecretBytes& out) {
  auto present = read_b64(jwk, name, out);
  if (!present) return unexpected(present.error());
  if (!*present) return unexpected(JoseError::kBadKey);
  return {};
}

BignumPtr to_bn(const SecretBytes& b) {
  return BignumPtr(BN_bin2bn(b.data(), static_cast<int>(b.size()), nullptr));
}

expected<EvpPkeyPtr, JoseError> from_params(const char* type, OSSL_PARAM_BLD* bld,
                                            bool has_private) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return fail(JoseError::kCryptoFailure);
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, has_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return fail(JoseError::kBadKey);  // e.g. an EC point that is not on the curve
  }
  return EvpPkeyPtr(raw);
}

// RFC 7518 §6.3. A private key carries d and either all of p, q, dp, dq, qi or none of them.
expected<EvpPkeyPtr, JoseError> rsa_from_jwk(const json::object& jwk, bool& has_private) {
  SecretBytes n, e, d;
  if (auto r = read_required_b64(jwk, "n", n); !r) return unexpected(r.error());
  if (auto r = read_required_b64(jwk, "e", e); !r) return unexpected(r.error());
  auto d_present = read_b64(jwk, "d", d);
  if (!d_present) return unexpected(d_present.error());
  has_private = *d_present;

  BignumPtr bn_n = to_bn(n), bn_e = to_bn(e);
  if (!bn_n || !bn_e) return fail(JoseError::kCryptoFailure);
  const int bits = BN_num_bits(bn_n.get());
  // e = 1 would make every message its own signature; e must be odd for RSA at all; e above 64
  // bits is refused by OpenSSL's verifier for large moduli anyway.
  if (bits < detail::kMinRsaBits || bits > detail::kMaxRsaBits || !BN_is_odd(bn_n.get()) ||
      !BN_is_odd(bn_e.get()) || BN_is_one(bn_e.get()) || BN_num_bits(bn_e.get()) > 64) {
    return unexpected(JoseError::kBadKey);
  }

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return fail(JoseError::kCryptoFailure);
  }
  // Declared before the builder's output is made, so they outlive it.
  BignumPtr bn_d;
  std::array<BignumPtr, 5> crt;
  if (has_private) {
    bn_d = to_bn(d);
    if (!bn_d || BN_is_zero(bn_d.get()) || BN_cmp(bn_d.get(), bn_n.get()) >= 0) {
      return fail(JoseError::kBadKey);
    }
    if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, bn_d.get()) != 1) {
      return fail(JoseError::kCryptoFailure);
    }
    static constexpr std::array<std::pair<const char*, const char*>, 5> kCrt = {{
        {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
        {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    }};
    std::size_t found = 0;
    for (std::size_t i = 0; i < kCrt.size(); ++i) {
      SecretBytes v;
      auto present = read_b64(jwk, kCrt[i].first, v);
      if (!present) return unexpected(present.error());
      if (!*present) continue;
      ++found;
      crt[i] = to_bn(v);
      if (!crt[i] || OSSL_PARAM_BLD_push_BN(bld.get(), kCrt[i].second, crt[i].get()) != 1) {
        return fail(JoseError::kCryptoFailure);
      }
    }
    if (found != 0 && found != kCrt.size()) return unexpected(JoseError::kBadKey);
  }
  return from_params("RSA", bld.get(), has_private);
}

// RFC 7518 §6.2: x, y and d are exactly the field size (32 octets for P-256).
expected<EvpPkeyPtr, JoseError> ec_from_jwk(const json::object& jwk, bool& has_private) {
  SecretBytes x, y, d;
  if (auto r = read_required_b64(jwk, "x", x); !r) return unexpected(r.error());
  if (auto r = read_required_b64(jwk, "y", y); !r) return unexpected(r.error());
  auto d_present = read_b64(jwk, "d", d);
  if (!d_present) return unexpected(d_present.error());
  has_private = *d_present;
  if (x.size() != detail::kP256ScalarSize || y.size() != detail::kP256ScalarSize ||
      (has_private && d.size() != detail::kP256ScalarSize)) {
    return unexpected(JoseError::kBadKey);
  }
  std::array<unsigned char, 1 + 2 * detail::kP256ScalarSize> point;
  point[0] = 0x04;  // SEC 1 uncompressed point
  std::copy(x.data(), x.data() + x.size(), point.begin() + 1);
  std::copy(y.data(), y.data() + y.size(), point.begin() + 1 + detail::kP256ScalarSize);

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kP256GroupName, 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return fail(JoseError::kCryptoFailure);
  }
  BignumPtr bn_d;
  if (has_private) {
    bn_d = to_bn(d);
    if (!bn_d || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, bn_d.get()) != 1) {
      return fail(JoseError::kCryptoFailure);
    }
  }
  auto pkey = from_params("EC", bld.get(), has_private);
  if (!pkey) return pkey;
  // fromdata already decodes the point onto the curve; the explicit check also rejects the
  // point at infinity and points outside the prime-order subgroup, whatever OpenSSL version.
  EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return fail(JoseError::kBadKey);
  return pkey;
}

// RFC 8037 §2: x (and d) are the raw 32-byte Ed25519 keys.
expected<EvpPkeyPtr, JoseError> ed25519_from_jwk(const json::object& jwk, bool& has_private) {
  SecretBytes x, d;
  if (auto r = read_required_b64(jwk, "x", x); !r) return unexpected(r.error());
  auto d_present = read_b64(jwk, "d", d);
  if (!d_present) return unexpected(d_present.error());
  has_private = *d_present;
  if (x.size() != kEd25519KeySize || (has_private && d.size() != kEd25519KeySize)) {
    return unexpected(JoseError::kBadKey);
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, x.data(), x.size()) !=
          1 ||
      (has_private && OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY,
                                                       d.data(), d.size()) != 1)) {
    return fail(JoseError::kCryptoFailure);
  }
  return from_params("ED25519", bld.get(), has_private);
}

Algorithm default_algorithm(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return Algorithm::kRS256;
    case KeyType::kEcP256:
      return Algorithm::kES256;
    case KeyType::kEd25519:
      return Algorithm::kEdDSA;
  }
  return Algorithm::kRS256;
}

// A private half that does not belong to the public half would sign tokens nobody can verify,
// so imported private keys must sign something their own public key accepts.
expected<void, JoseError> check_key_pair(EVP_PKEY* pkey, KeyType type) {
  static constexpr std::string_view kProbe = "xfx-jose key pair check";
  std::array<std::uint8_t, detail::kMaxSignatureSize> sig;
  auto len = detail::sign_raw(pkey, default_algorithm(type), kProbe, sig);
  if (!len) return unexpected(JoseError::kBadKey);
  std::string_view view(reinterpret_cast<const char*>(sig.data()), *len);
  if (!detail::verify_raw(pkey, default_algorithm(type), kProbe, view)) {
    return unexpected(JoseError::kBadKey);
  }
  return {};
}

// Which of the supported key types an EVP_PKEY from outside (a PEM) is, or kBadKey.
expected<KeyType, JoseError> classify(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    const int bits = EVP_PKEY_get_bits(pkey);
    if (bits < detail::kMinRsaBits || bits > detail::kMaxRsaBits) {
      return unexpected(JoseError::kBadKey);
    }
    return KeyType::kRsa;
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    std::array<char, 64> group{};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                       &len) != 1 ||
        std::string_view(group.data(), len) != kP256GroupName) {
      return fail(JoseError::kBadKey);
    }
    return KeyType::kEcP256;
  }
  if (EVP_PKEY_is_a(pkey, "ED25519")) return KeyType::kEd25519;
  return unexpected(JoseError::kBadKey);  // RSA-PSS-only keys, other curves, DSA, ...
}

[[noreturn]] void export_failed() {
  ERR_clear_error();
  throw std::runtime_error("xfx::jose: OpenSSL could not export a member of a key it accepted");
}

std::string bn_param(EVP_PKEY* pkey, const char* name, int pad_to) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) export_failed();
  BignumPtr bn(raw);
  const int size = pad_to > 0 ? pad_to : BN_num_bytes(bn.get());
  std::string out(static_cast<std::size_t>(size), '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), size) != size) {
    export_failed();
  }
  return base64url_encode(out);
}

std::string octet_param(EVP_PKEY* pkey, const char* name) {
  std::array<unsigned char, kEd25519KeySize> buf;
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey, name, buf.data(), buf.size(), &len) != 1 ||
      len != buf.size()) {
    export_failed();
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(buf.data()), len));
}

// The RFC 7638 required members other than kty, in lexicographic order.
std::vector<std::pair<std::string_view, std::string>> public_members(EVP_PKEY* pkey, KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return {{"e", bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, 0)},
              {"n", bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, 0)}};
    case KeyType::kEcP256:
      return {{"crv", "P-256"},
              {"x", bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, detail::kP256ScalarSize)},
              {"y", bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, detail::kP256ScalarSize)}};
    case KeyType::kEd25519:
      return {{"crv", "Ed25519"}, {"x", octet_param(pkey, OSSL_PKEY_PARAM_PUB_KEY)}};
  }
  return {};
}

int no_passphrase(char*, int, int, void*) {
  return -1;
}  // never prompt on a terminal

}  // namespace

Key::Key(std::shared_ptr<EVP_PKEY> pkey, KeyType type, bool has_private, std::string kid,
         std::optional<Algorithm> alg)
    : pkey_(std::move(pkey)),
      type_(type),
      has_private_(has_private),
      kid_(std::move(kid)),
      alg_(alg) {}

expected<Key, JoseError> Key::generate(Algorithm alg) {
  EVP_PKEY* raw = nullptr;
  switch (alg) {
    case Algorithm::kRS256:
    case Algorithm::kPS256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
      break;  // e defaults to 65537
    case Algorithm::kES256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kP256GroupName);
      break;
    case Algorithm::kEdDSA:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (raw == nullptr) return fail(JoseError::kCryptoFailure);
  Key key(std::shared_ptr<EVP_PKEY>(EvpPkeyPtr(raw)), key_type_for(alg), true, {}, alg);
  key.kid_ = key.thumbprint();
  return key;
}

expected<Key, JoseError> Key::from_jwk(const json::object& jwk) {
  const json::value* kty = jwk.if_contains("kty");
  if (kty == nullptr || !kty->is_string()) return unexpected(JoseError::kBadKey);
  KeyType type;
  if (kty->get_string() == "RSA") {
    type = KeyType::kRsa;
  } else if (kty->get_string() == "EC" || kty->get_string() == "OKP") {
    const json::value* crv = jwk.if_contains("crv");
    const std::string_view want = kty->get_string() == "EC" ? "P-256" : "Ed25519";
    if (crv == nullptr || !crv->is_string() || crv->get_string() != want) {
      return unexpected(JoseError::kBadKey);
    }
    type = kty->get_string() == "EC" ? KeyType::kEcP256 : KeyType::kEd25519;
  } else {
    return unexpected(JoseError::kBadKey);
  }

  std::optional<Algorithm> alg;
  if (const json::value* a = jwk.if_contains("alg")) {
    if (!a->is_string()) return unexpected(JoseError::kBadKey);
    alg = parse_algorithm(a->get_string());
    if (!alg) return unexpected(JoseError::kUnsupportedAlgorithm);
    if (key_type_for(*alg) != type) return unexpected(JoseError::kAlgorithmKeyMismatch);
  }
  std::string kid;
  if (const json::value* k = jwk.if_contains("kid")) {
    if (!k->is_string()) return unexpected(JoseError::kBadKey);
    kid = k->get_string();
  }

  bool has_private = false;
  expected<EvpPkeyPtr, JoseError> pkey = unexpected(JoseError::kBadKey);
  switch (type) {
    case KeyType::kRsa:
      pkey = rsa_from_jwk(jwk, has_private);
      break;
    case KeyType::kEcP256:
      pkey = ec_from_jwk(jwk, has_private);
      break;
    case KeyType::kEd25519:
      pkey = ed25519_from_jwk(jwk, has_private);
      break;
  }
  if (!pkey) return unexpected(pkey.error());
  if (has_private) {
    if (auto ok = check_key_pair(pkey->get(), type); !ok) return unexpected(ok.error());
  }
  return Key(std::shared_ptr<EVP_PKEY>(std::move(*pkey)), type, has_private, std::move(kid), alg);
}

expected<Key, JoseError> Key::from_private_pem(std::string_view pem, std::string kid,
                                               std::optional<Algorithm> alg) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) return unexpected(JoseError::kBadKey);
  detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail(JoseError::kCryptoFailure);
  EvpPkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!pkey) return fail(JoseError::kBadKey);
  auto type = classify(pkey.get());
  if (!type) return unexpected(type.error());
  if (alg && key_type_for(*alg) != *type) return unexpected(JoseError::kAlgorithmKeyMismatch);
  if (auto ok = check_key_pair(pkey.get(), *type); !ok) return unexpected(ok.error());
  return Key(std::shared_ptr<EVP_PKEY>(std::move(pkey)), *type, true, std::move(kid), alg);
}

std::string Key::private_pem() const {
  if (!has_private_) return {};
  // A secure-heap BIO, so the PEM text is wiped when the BIO is freed.
  detail::BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    export_failed();
  }
  BUF_MEM* mem = nullptr;
  BIO_get_mem_ptr(bio.get(), &mem);
  if (mem == nullptr) export_failed();
  return std::string(mem->data, mem->length);
}

json::object Key::public_jwk() const {
  json::object jwk;
  jwk["kty"] = to_string(type_);
  if (!kid_.empty()) jwk["kid"] = kid_;
  jwk["use"] = "sig";
  if (alg_) jwk["alg"] = to_string(*alg_);
  for (auto& [name, value] : public_members(pkey_.get(), type_)) jwk[name] = std::move(value);
  return jwk;
}

std::string Key::thumbprint() const {
  // RFC 7638 §3.2: required members only, sorted by name, no whitespace. Every name and value
  // here is ASCII without characters JSON would escape, so plain concatenation is canonical.
  std::string canonical = "{";
  bool kty_written = false;
  for (auto& [name, value] : public_members(pkey_.get(), type_)) {
    if (!kty_written && name > std::string_view("kty")) {
      canonical += "\"kty\":\"" + std::string(to_string(type_)) + "\",";
      kty_written = true;
    }
    canonical += "\"" + std::string(name) + "\":\"" + value + "\",";
  }
  canonical.back() = '}';
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int len = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest.data(), &len, EVP_sha256(), nullptr) !=
      1) {
    export_failed();
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), len));
}

}  // namespace xfx::jose
