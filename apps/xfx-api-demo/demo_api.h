// The demo API's routes. Every protected route asks one question, authorize(), which runs the
// RequestAuthenticator (header, verified-token cache, verifier) and turns its RFC 6750 rejection
// into the response as it is: the status, WWW-Authenticate and JSON body all come from
// xfx::verify::to_http_rejection, never from here.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "http/server.h"
#include "orders.h"
#include "xfx/verify/request_authenticator.h"

namespace xfx::api_demo {

class DemoApi {
 public:
  // `keys_loaded` says whether a key set has ever been fetched (see authorize()).
  DemoApi(std::shared_ptr<const verify::RequestAuthenticator> authenticator,
          std::function<bool()> keys_loaded);

  // GET /healthz, GET /v1/whoami, GET and POST /v1/orders. Lives as long as this object.
  http::Router router();

 private:
  // The verified token, or the response to send instead. Sets ctx.client_id for the access log.
  //
  // Until the first key set has been fetched the answer is 503 temporarily_unavailable with
  // Retry-After, not 401: without keys nothing can be said about the token, and a 401 would tell a
  // client holding a perfectly good token to throw it away and ask the issuer for another, at the
  // very moment the issuer is unreachable. Once keys are known, an unknown kid is the
  // authenticator's 401 invalid_token like any other bad token.
  std::variant<verify::VerifiedToken, http::Response> authorize(
      const http::Request& req, http::RequestContext& ctx,
      std::span<const std::string> required_scopes) const;

  http::Response healthz(const http::Request& req) const;
  http::Response whoami(const http::Request& req, http::RequestContext& ctx) const;
  http::Response list_orders(const http::Request& req, http::RequestContext& ctx) const;
  http::Response place_order(const http::Request& req, http::RequestContext& ctx);

  std::shared_ptr<const verify::RequestAuthenticator> authenticator_;
  std::function<bool()> keys_loaded_;
  OrderBook orders_;
};

}  // namespace xfx::api_demo
