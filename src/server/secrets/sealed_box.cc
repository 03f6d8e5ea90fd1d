#include "server/secrets/sealed_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>
#include <stdexcept>

namespace xfx::secrets {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const unsigned char* bytes_of(std::string_view s) {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

SealedBox::SealedBox(std::string key32) : key_(std::move(key32)) {
  if (key_.size() != kKeySize) {
    OPENSSL_cleanse(key_.data(), key_.size());
    throw std::invalid_argument("sealed box key must be 32 bytes");
  }
}

SealedBox::~SealedBox() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

std::string SealedBox::seal(std::string_view plaintext, std::string_view aad) const {
  if (plaintext.size() > INT_MAX / 2 || aad.size() > INT_MAX / 2) {
    throw std::invalid_argument("sealed box input too large");
  }
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  auto* body = nonce + kNonceSize;
  // A random 96-bit nonce per seal: safe for far more than the few keys ever sealed under one
  // derived key (the birthday bound is ~2^32 messages).
  if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1) {
    throw std::runtime_error("RAND_bytes failed while sealing");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int total = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                         reinterpret_cast<const unsigned char*>(key_.data()), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes_of(aad), static_cast<int>(aad.size())) !=
          1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, bytes_of(plaintext),
                        static_cast<int>(plaintext.size())) != 1) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), body + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          body + plaintext.size()) != 1) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  return out;
}

xfx::expected<std::string, std::string> SealedBox::open(std::string_view sealed,
                                                        std::string_view aad) const {
  using Error = xfx::unexpected<std::string>;
  if (sealed.size() < kNonceSize + kTagSize) return Error("sealed value is too short");
  if (sealed.size() > INT_MAX / 2 || aad.size() > INT_MAX / 2) {
    return Error("sealed value is too large");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const std::string_view body = sealed.substr(kNonceSize, sealed.size() - kNonceSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  std::string plaintext(body.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                         reinterpret_cast<const unsigned char*>(key_.data()), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes_of(aad), static_cast<int>(aad.size())) !=
          1 ||
      // A null output would make OpenSSL treat the body as more aad; skip an empty body.
      (!body.empty() &&
       EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &len,
                         bytes_of(body), static_cast<int>(body.size())) != 1) ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1) {
    return Error("AES-256-GCM decryption failed");
  }
  unsigned char final_block[16];
  if (EVP_DecryptFinal_ex(ctx.get(), final_block, &len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Error("sealed value failed authentication (wrong key, wrong context, or tampered)");
  }
  return plaintext;
}

}  // namespace xfx::secrets
