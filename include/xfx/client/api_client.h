// Calls an XFX API with a bearer token, the spec's step 2.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "xfx/client/auth_error.h"
#include "xfx/client/config.h"
#include "xfx/client/token_source.h"
#include "xfx/client/transport.h"
#include "xfx/expected.h"

namespace xfx::client {

struct ApiError {
  enum class Kind { kAuth, kTransport, kBadUrl } kind = Kind::kTransport;
  AuthError auth;               // kAuth: why no token could be had
  TransportError transport;     // kTransport
  std::string detail;           // kBadUrl
  std::string message() const;  // one line; never a secret or a token
};

// HTTP error statuses are not ApiErrors: the response comes back with its status, headers and
// body, and the caller decides by status. ApiError means no usable response.
class ApiClient {
 public:
  // base_url: e.g. https://api.xfx.io. Throws ConfigError unless it is https or loopback http.
  ApiClient(std::string base_url, std::shared_ptr<TokenSource> tokens,
            std::shared_ptr<Transport> transport);

  // An AuthClient and a libcurl transport from the config (its api_base_url, timeouts, CA file).
  static ApiClient from_config(const Config& config);

  // target: a path joined to the base URL, or an absolute URL with the base URL's origin (a
  // token is never sent to another host). A 401 invalidates the token and the request is sent
  // once more with a fresh one; a second 401 is returned as it is.
  expected<HttpResponse, ApiError> request(std::string_view method, std::string_view target,
                                           std::string_view json_body = {},
                                           const HeaderList& extra_headers = {});
  expected<HttpResponse, ApiError> get(std::string_view target, const HeaderList& headers = {});
  expected<HttpResponse, ApiError> post(std::string_view target, std::string_view json_body,
                                        const HeaderList& headers = {});
  expected<HttpResponse, ApiError> put(std::string_view target, std::string_view json_body,
                                       const HeaderList& headers = {});
  expected<HttpResponse, ApiError> patch(std::string_view target, std::string_view json_body,
                                         const HeaderList& headers = {});
  expected<HttpResponse, ApiError> del(std::string_view target, const HeaderList& headers = {});

  // The URL `target` resolves to, or an error if it may not carry this client's token.
  expected<std::string, ApiError> resolve(std::string_view target) const;

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  std::shared_ptr<TokenSource> tokens_;
  std::shared_ptr<Transport> transport_;
};

}  // namespace xfx::client

namespace xfx {
using ApiClient = client::ApiClient;
}  // namespace xfx
