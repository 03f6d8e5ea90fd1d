// Signing and verification with one fresh EVP_MD_CTX per call: the shared EVP_PKEY is only read,
// which OpenSSL 3 allows from any number of threads, and nothing per-call outlives the call.
#include <openssl/err.h>
#include <openssl/rsa.h>

#include <array>

#include "jose/ecdsa_der.h"
#include "jose/openssl_ptr.h"
#include "jose/signature_internal.h"
#include "xfx/jose/jws.h"
#include "xfx/jose/key.h"

namespace xfx::jose {
namespace detail {
namespace {

// RFC 7518 §3.5: the PSS salt is as long as the digest, MGF1 uses the same hash.
constexpr int kPssSaltLength = 32;

const EVP_MD* digest_for(Algorithm alg) {
  return alg == Algorithm::kEdDSA ? nullptr : EVP_sha256();  // Ed25519 hashes internally
}

bool configure(EVP_PKEY_CTX* pctx, Algorithm alg) {
  if (alg != Algorithm::kPS256) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, kPssSaltLength) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1;
}

unexpected<JoseError> fail(JoseError e) {
  ERR_clear_error();  // leave nothing on this thread's queue for an unrelated caller to read
  return unexpected(e);
}

const std::uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

}  // namespace

expected<std::size_t, JoseError> sign_raw(EVP_PKEY* pkey, Algorithm alg, std::string_view data,
                                          std::span<std::uint8_t, kMaxSignatureSize> out) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, digest_for(alg), nullptr, pkey) != 1 ||
      !configure(pctx, alg)) {
    return fail(JoseError::kCryptoFailure);
  }
  if (alg == Algorithm::kES256) {
    std::array<std::uint8_t, kP256MaxDerSignatureSize> der;
    std::size_t der_len = der.size();
    if (EVP_DigestSign(ctx.get(), der.data(), &der_len, bytes(data), data.size()) != 1 ||
        !ecdsa_der_to_raw(std::span(der.data(), der_len), out.first<kP256RawSignatureSize>())) {
      return fail(JoseError::kCryptoFailure);
    }
    return kP256RawSignatureSize;
  }
  std::size_t len = out.size();
  if (EVP_DigestSign(ctx.get(), out.data(), &len, bytes(data), data.size()) != 1) {
    return fail(JoseError::kCryptoFailure);
  }
  return len;
}

expected<void, JoseError> verify_raw(EVP_PKEY* pkey, Algorithm alg, std::string_view data,
                                     std::string_view signature) {
  // Fixed lengths first: a JWS signature has exactly one valid length per key, and checking it
  // here keeps odd-sized input away from OpenSSL's parsers.
  std::array<std::uint8_t, kP256MaxDerSignatureSize> der;
  std::span<const std::uint8_t> sig(bytes(signature), signature.size());
  switch (alg) {
    case Algorithm::kRS256:
    case Algorithm::kPS256:
      if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey))) {
        return unexpected(JoseError::kBadSignature);
      }
      break;
    case Algorithm::kES256:
      if (signature.size() != kP256RawSignatureSize) return unexpected(JoseError::kBadSignature);
      sig = std::span(der.data(),
                      ecdsa_raw_to_der(sig.first<kP256RawSignatureSize>(), std::span(der)));
      break;
    case Algorithm::kEdDSA:
      if (signature.size() != 64) return unexpected(JoseError::kBadSignature);
      break;
  }
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, digest_for(alg), nullptr, pkey) != 1 ||
      !configure(pctx, alg)) {
    return fail(JoseError::kCryptoFailure);
  }
  // Anything but 1 is a failed verification: OpenSSL's negative codes here come from the
  // signature's content (e.g. an RSA value >= n), which is the sender's fault, not ours.
  if (EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), bytes(data), data.size()) != 1) {
    return fail(JoseError::kBadSignature);
  }
  return {};
}

}  // namespace detail

namespace detail {

expected<void, JoseError> check_fit(const Key& key, Algorithm alg) {
  if (key.type() != key_type_for(alg)) return unexpected(JoseError::kAlgorithmKeyMismatch);
  if (key.algorithm() && *key.algorithm() != alg) {
    return unexpected(JoseError::kAlgorithmKeyMismatch);
  }
  return {};
}

}  // namespace detail

expected<void, JoseError> verify_signature(const Key& key, Algorithm alg,
                                           std::string_view signing_input,
                                           std::string_view signature) {
  if (auto fit = detail::check_fit(key, alg); !fit) return fit;
  return detail::verify_raw(key.native(), alg, signing_input, signature);
}

expected<std::string, JoseError> sign_bytes(const Key& key, Algorithm alg, std::string_view data) {
  if (auto fit = detail::check_fit(key, alg); !fit) return unexpected(fit.error());
  if (!key.has_private()) return unexpected(JoseError::kBadKey);
  std::array<std::uint8_t, detail::kMaxSignatureSize> sig;
  auto len = detail::sign_raw(key.native(), alg, data, sig);
  if (!len) return unexpected(len.error());
  return std::string(reinterpret_cast<const char*>(sig.data()), *len);
}

}  // namespace xfx::jose
