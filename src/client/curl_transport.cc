// libcurl behind the Transport interface. Connections are reused by keeping a pool of easy
// handles (each keeps its live connections between transfers); DNS and TLS sessions are shared
// between them through a CURLSH. The connection cache itself is not shared across threads: each
// transfer owns its handle, so no connection is ever used by two threads at once.
#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "xfx/client/transport.h"

namespace xfx::client {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Per-transfer state the callbacks write into.
struct Sink {
  HttpResponse response;
  std::size_t max_bytes = 0;
  std::size_t header_bytes = 0;
  bool too_large = false;
};

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->response.body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  sink->header_bytes += n;
  if (sink->header_bytes > kMaxHeaderBytes) {
    sink->too_large = true;
    return 0;
  }
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    sink->response.headers.clear();  // a new response (after 100 Continue or a proxy CONNECT)
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  sink->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return n;
}

TransportErrorKind classify(CURLcode code, bool too_large) {
  if (too_large) return TransportErrorKind::kResponseTooLarge;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return TransportErrorKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportErrorKind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
      return TransportErrorKind::kTls;
    case CURLE_FILESIZE_EXCEEDED:
      return TransportErrorKind::kResponseTooLarge;
    default:
      return TransportErrorKind::kOther;
  }
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string::npos;
}

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options) : options_(std::move(options)) {
    global_init();
    share_ = curl_share_init();
    if (share_ != nullptr) {
      curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlTransport::lock);
      curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlTransport::unlock);
      curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
      curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
      curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
  }

  ~CurlTransport() override {
    idle_.clear();  // easy handles must go before the share they use
    if (share_ != nullptr) curl_share_cleanup(share_);
  }

  expected<HttpResponse, TransportError> send(const HttpRequest& request) override {
    for (const auto& [name, value] : request.headers) {
      if (has_line_break(name) || has_line_break(value) || name.empty()) {
        return unexpected(TransportError{TransportErrorKind::kOther, "invalid header"});
      }
    }
    Easy easy = acquire();
    if (!easy)
      return unexpected(TransportError{TransportErrorKind::kOther, "curl_easy_init failed"});
    CURL* h = easy.get();

    Slist headers;
    for (const auto& [name, value] : request.headers) {
      const std::string line = value.empty() ? name + ";" : name + ": " + value;
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (next == nullptr) {
        return unexpected(TransportError{TransportErrorKind::kOther, "out of memory"});
      }
      (void)headers.release();
      headers.reset(next);
    }
    // libcurl would otherwise wait for 100 Continue on larger bodies.
    if (curl_slist* next = curl_slist_append(headers.get(), "Expect:")) {
      (void)headers.release();
      headers.reset(next);
    }

    Sink sink;
    sink.max_bytes = options_.max_response_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry our credentials
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_USERAGENT, "xfx-client/0.1");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    if (share_ != nullptr) curl_easy_setopt(h, CURLOPT_SHARE, share_);

    if (request.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      if (request.method != "POST") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
      if (request.method == "POST" || !request.body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      }
    }

    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
      TransportError error;
      error.kind = classify(code, sink.too_large);
      error.message =
          error.kind == TransportErrorKind::kResponseTooLarge
              ? "response larger than " + std::to_string(options_.max_response_bytes) + " bytes"
              : std::string(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
      while (!error.message.empty() && error.message.back() == '\n') error.message.pop_back();
      // The handle's connection may be half-used; let it go rather than pool it.
      return unexpected(std::move(error));
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    sink.response.status = static_cast<int>(status);
    release(std::move(easy));
    return std::move(sink.response);
  }

 private:
  Easy acquire() {
    {
      std::lock_guard lock(pool_mu_);
      if (!idle_.empty()) {
        Easy h = std::move(idle_.back());
        idle_.pop_back();
        curl_easy_reset(h.get());  // options only; live connections stay
        return h;
      }
    }
    return Easy(curl_easy_init());
  }

  void release(Easy h) {
    // Drop references to this transfer's buffers before the handle sits idle.
    curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, nullptr);
    std::lock_guard lock(pool_mu_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(h));
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<CurlTransport*>(user)->share_mu_[index(data)].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<CurlTransport*>(user)->share_mu_[index(data)].unlock();
  }
  static std::size_t index(curl_lock_data data) {
    return static_cast<std::size_t>(data) % kShareLocks;
  }

  static constexpr std::size_t kMaxIdle = 16;
  static constexpr std::size_t kShareLocks = CURL_LOCK_DATA_LAST;

  const CurlTransportOptions options_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, kShareLocks> share_mu_;
  std::mutex pool_mu_;
  std::vector<Easy> idle_;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(CurlTransportOptions options) {
  return std::make_unique<CurlTransport>(std::move(options));
}

}  // namespace xfx::client
