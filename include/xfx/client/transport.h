// The HTTP edge of the client SDK and the verifier's JWKS fetcher: one small interface, so tests
// inject faults and production uses libcurl.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xfx/expected.h"

namespace xfx::client {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // names as received; look up with header()
  std::string body;

  // Case-insensitive lookup of the first header with this name.
  std::optional<std::string_view> header(std::string_view name) const;
};

enum class TransportErrorKind {
  kConnect,           // DNS, refused, unreachable
  kTimeout,           // connect or total timeout
  kTls,               // handshake or certificate verification failed
  kResponseTooLarge,  // over max_response_bytes
  kOther,
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::kOther;
  std::string message;  // never contains a request body or an Authorization header
};

std::string_view to_string(TransportErrorKind kind);

class Transport {
 public:
  virtual ~Transport() = default;
  // Thread-safe: may be called from many threads at once.
  virtual expected<HttpResponse, TransportError> send(const HttpRequest& request) = 0;
};

struct CurlTransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::string ca_file;  // empty: the system's trust store; verification is always on
  std::size_t max_response_bytes = 1 << 20;
};

// libcurl with connection reuse; proxies from the usual environment variables.
std::unique_ptr<Transport> make_curl_transport(CurlTransportOptions options = {});

}  // namespace xfx::client
