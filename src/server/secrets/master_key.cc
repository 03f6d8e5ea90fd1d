#include "server/secrets/master_key.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace xfx::secrets {
namespace {

using Error = xfx::unexpected<std::string>;

std::string errno_text() {
  return std::strerror(errno);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// The key bytes; or missing = true when the file does not exist; or why it is refused.
xfx::expected<std::string, std::string> read_key(const std::filesystem::path& file, bool& missing) {
  missing = false;
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      missing = true;
      return std::string();
    }
    return Error("cannot open master key " + file.string() + ": " + errno_text());
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return Error("cannot stat master key " + file.string() + ": " + errno_text());
  }
  if (!S_ISREG(st.st_mode)) return Error("master key " + file.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Error("master key " + file.string() + " has mode " + mode +
                 "; it must not be accessible by group or others (chmod 600 it)");
  }
  if (st.st_size != static_cast<off_t>(MasterKey::kSize)) {
    return Error("master key " + file.string() + " is " + std::to_string(st.st_size) +
                 " bytes; expected exactly " + std::to_string(MasterKey::kSize));
  }
  std::string bytes(MasterKey::kSize, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      return Error("cannot read master key " + file.string() + ": " +
                   (n < 0 ? errno_text() : std::string("short read")));
    }
    got += static_cast<std::size_t>(n);
  }
  return bytes;
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Writes a fresh key to a private temporary file, then link()s it into place: link fails if the
// name exists, so two processes starting together never see a half-written key, and exactly one
// key wins. Returns false when another process won (the caller re-reads).
xfx::expected<bool, std::string> create_key(const std::filesystem::path& file) {
  std::string bytes(MasterKey::kSize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) !=
      1) {
    return Error("RAND_bytes failed while creating the master key");
  }
  std::string tmp_template = file.string() + ".tmp.XXXXXX";
  const int raw_fd = ::mkstemp(tmp_template.data());  // mode 0600
  if (raw_fd < 0) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return Error("cannot create master key " + file.string() + ": " + errno_text());
  }
  const std::filesystem::path tmp(tmp_template);
  std::string problem;
  {
    Fd fd(raw_fd);
    if (::fchmod(fd.get(), 0600) != 0 || !write_all(fd.get(), bytes) || ::fsync(fd.get()) != 0) {
      problem = "cannot write master key " + file.string() + ": " + errno_text();
    }
  }
  OPENSSL_cleanse(bytes.data(), bytes.size());
  bool created = false;
  if (problem.empty()) {
    if (::link(tmp.c_str(), file.c_str()) == 0) {
      created = true;
    } else if (errno != EEXIST) {
      problem = "cannot create master key " + file.string() + ": " + errno_text();
    }
  }
  ::unlink(tmp.c_str());
  if (!problem.empty()) return Error(problem);
  if (created) {
    // Make the new name durable, not just the contents.
    Fd dir(::open(file.parent_path().empty() ? "." : file.parent_path().c_str(),
                  O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) ::fsync(dir.get());
  }
  return created;
}

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

}  // namespace

xfx::expected<MasterKey, std::string> MasterKey::load_or_create(const std::filesystem::path& file) {
  // Two rounds at most: if another process creates the file between our read and our link,
  // the second read finds its key.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool missing = false;
    auto bytes = read_key(file, missing);
    if (!bytes) return Error(bytes.error());
    if (!missing) return MasterKey(std::move(*bytes));
    auto created = create_key(file);
    if (!created) return Error(created.error());
  }
  bool missing = false;
  auto bytes = read_key(file, missing);
  if (!bytes) return Error(bytes.error());
  if (missing) return Error("master key " + file.string() + " vanished while being created");
  return MasterKey(std::move(*bytes));
}

MasterKey MasterKey::from_bytes(std::string_view bytes) {
  if (bytes.size() != kSize) throw std::invalid_argument("master key must be 32 bytes");
  return MasterKey(std::string(bytes));
}

MasterKey::~MasterKey() {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

std::string MasterKey::derive(std::string_view label) const {
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) throw std::runtime_error("HKDF is unavailable in OpenSSL");
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) throw std::runtime_error("EVP_KDF_CTX_new failed");
  char digest[] = "SHA256";
  // OSSL_PARAM wants non-const pointers; HKDF only reads them.
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(bytes_.data()),
                                        bytes_.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(label.data()),
                                        label.size()),
      OSSL_PARAM_construct_end(),
  };
  std::string out(32, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) !=
      1) {
    throw std::runtime_error("HKDF derivation failed");
  }
  return out;
}

}  // namespace xfx::secrets
