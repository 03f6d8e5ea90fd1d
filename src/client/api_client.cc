#include "xfx/client/api_client.h"

#include <boost/url/parse.hpp>

#include "client/token_request.h"
#include "xfx/client/auth_client.h"

namespace xfx::client {

namespace {

ApiError bad_url(std::string detail) {
  ApiError e;
  e.kind = ApiError::Kind::kBadUrl;
  e.detail = std::move(detail);
  return e;
}

// scheme://host:port, lower-cased scheme and host, so two spellings of one origin compare equal.
std::optional<std::string> origin_of(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->encoded_host().empty()) return std::nullopt;
  std::string scheme(parsed->scheme());
  std::string host(parsed->encoded_host());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string port(parsed->port());
  if (port.empty()) port = scheme == "https" ? "443" : "80";
  return scheme + "://" + host + ":" + port;
}

bool is_absolute(std::string_view target) {
  return target.rfind("https://", 0) == 0 || target.rfind("http://", 0) == 0;
}

}  // namespace

std::string ApiError::message() const {
  switch (kind) {
    case Kind::kAuth:
      return auth.message();
    case Kind::kTransport:
      return "request failed: transport error (" + std::string(to_string(transport.kind)) +
             "): " + transport.message;
    case Kind::kBadUrl:
      return "request not sent: " + detail;
  }
  return "request failed";
}

ApiClient::ApiClient(std::string base_url, std::shared_ptr<TokenSource> tokens,
                     std::shared_ptr<Transport> transport)
    : base_url_(std::move(base_url)), tokens_(std::move(tokens)), transport_(std::move(transport)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  if (!base_url_.empty() && !is_secure_or_loopback_url(base_url_)) {
    throw ConfigError("API base URL must be https (or http to a loopback address): " + base_url_);
  }
  if (!tokens_ || !transport_) throw ConfigError("ApiClient needs a token source and a transport");
}

ApiClient ApiClient::from_config(const Config& config) {
  std::shared_ptr<Transport> transport = make_curl_transport(
      {config.connect_timeout, config.total_timeout, config.ca_file, std::size_t{16} << 20});
  AuthClientHooks hooks;
  hooks.transport = transport;
  auto auth = std::make_shared<AuthClient>(config, std::move(hooks));
  return ApiClient(config.api_base_url, std::move(auth), std::move(transport));
}

expected<std::string, ApiError> ApiClient::resolve(std::string_view target) const {
  if (is_absolute(target)) {
    if (!is_secure_or_loopback_url(target)) {
      return unexpected(bad_url("a bearer token is only sent over https (or to loopback)"));
    }
    // With no base URL any secure URL may be called; with one, only its origin.
    if (!base_url_.empty() && origin_of(target) != origin_of(base_url_)) {
      return unexpected(bad_url("URL is not on the API base URL's origin " + base_url_));
    }
    return std::string(target);
  }
  if (base_url_.empty()) {
    return unexpected(bad_url("a path needs an API base URL (XFX_API_BASE_URL)"));
  }
  if (target.empty() || target.front() != '/') return base_url_ + "/" + std::string(target);
  return base_url_ + std::string(target);
}

expected<HttpResponse, ApiError> ApiClient::request(std::string_view method,
                                                    std::string_view target,
                                                    std::string_view json_body,
                                                    const HeaderList& extra_headers) {
  auto url = resolve(target);
  if (!url) return unexpected(url.error());

  HttpRequest request;
  request.method = std::string(method);
  request.url = std::move(*url);
  request.body = std::string(json_body);
  request.headers = extra_headers;
  request.headers.emplace_back("Accept", "application/json");
  if (!json_body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  const std::size_t auth_slot = request.headers.size();
  request.headers.emplace_back("Authorization", "");

  for (int attempt = 0;; ++attempt) {
    auto token = tokens_->access_token();
    if (!token) {
      ApiError e;
      e.kind = ApiError::Kind::kAuth;
      e.auth = token.error();
      return unexpected(std::move(e));
    }
    request.headers[auth_slot].second = token->authorization();
    auto response = transport_->send(request);
    if (!response) {
      ApiError e;
      e.kind = ApiError::Kind::kTransport;
      e.transport = response.error();
      e.transport.message = detail::scrub(e.transport.message, token->value(), 300);
      return unexpected(std::move(e));
    }
    // A 401 means the API no longer accepts this token (revoked, keys rotated, clock skew): one
    // more try with a fresh one, never a loop.
    if (response->status == 401 && attempt == 0) {
      tokens_->invalidate(*token);
      continue;
    }
    return std::move(*response);
  }
}

expected<HttpResponse, ApiError> ApiClient::get(std::string_view target,
                                                const HeaderList& headers) {
  return request("GET", target, {}, headers);
}
expected<HttpResponse, ApiError> ApiClient::post(std::string_view target,
                                                 std::string_view json_body,
                                                 const HeaderList& headers) {
  return request("POST", target, json_body, headers);
}
expected<HttpResponse, ApiError> ApiClient::put(std::string_view target, std::string_view json_body,
                                                const HeaderList& headers) {
  return request("PUT", target, json_body, headers);
}
expected<HttpResponse, ApiError> ApiClient::patch(std::string_view target,
                                                  std::string_view json_body,
                                                  const HeaderList& headers) {
  return request("PATCH", target, json_body, headers);
}
expected<HttpResponse, ApiError> ApiClient::del(std::string_view target,
                                                const HeaderList& headers) {
  return request("DELETE", target, {}, headers);
}

}  // namespace xfx::client
