#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

#include "http/server.h"

namespace xfx::http {

namespace ssl = boost::asio::ssl;

namespace {

// Mozilla "intermediate" TLS 1.2 suites: forward secrecy and AEAD only. TLS 1.3 suites are
// OpenSSL's defaults, which are all fine.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string quoted(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

void require_readable(const std::filesystem::path& p, const char* what) {
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) {
    throw std::runtime_error(std::string(what) + " file " + quoted(p) + " does not exist");
  }
  if (std::filesystem::is_directory(p, ec)) {
    throw std::runtime_error(std::string(what) + " file " + quoted(p) + " is a directory");
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    throw std::runtime_error(std::string(what) + " file " + quoted(p) +
                             " cannot be read (permission denied?)");
  }
}

// OpenSSL's reason string ("no start line", "bad decrypt") names the problem, never the data.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  std::string reason = code != 0 && ERR_reason_error_string(code) != nullptr
                           ? ERR_reason_error_string(code)
                           : "unknown error";
  ERR_clear_error();
  return reason;
}

// Never prompt on the terminal for a passphrase: an encrypted key simply fails to load.
int refuse_passphrase(char*, int, int, void*) {
  return 0;
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const std::filesystem::path& cert_chain_pem,
                                               const std::filesystem::path& private_key_pem) {
  require_readable(cert_chain_pem, "TLS certificate chain");
  require_readable(private_key_pem, "TLS private key");

  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                   ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(
      native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw std::runtime_error("TLS: cannot configure cipher suites: " + openssl_reason());
  }

  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_chain_pem.string(), ec);
  if (ec) {
    throw std::runtime_error("TLS certificate chain file " + quoted(cert_chain_pem) +
                             " is not a valid PEM certificate chain: " + openssl_reason());
  }
  // Parse the key ourselves: SSL_CTX_use_PrivateKey_file reports "wrong format" and "does not
  // match the certificate" alike.
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(private_key_pem.c_str(), "r"),
                                                &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr) : nullptr,
      &EVP_PKEY_free);
  if (!key) {
    throw std::runtime_error("TLS private key file " + quoted(private_key_pem) +
                             " is not a valid unencrypted PEM private key: " + openssl_reason());
  }
  if (SSL_CTX_use_PrivateKey(native, key.get()) != 1 || SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    throw std::runtime_error("TLS private key " + quoted(private_key_pem) +
                             " does not match the certificate in " + quoted(cert_chain_pem));
  }
  return ctx;
}

}  // namespace xfx::http
