#include "server/oauth/oauth_error.h"

#include <boost/json.hpp>

namespace xfx::oauth {

WireError to_wire(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidRequest:
      return {400, "invalid_request"};
    case ErrorCode::kInvalidClient:
      return {401, "invalid_client"};
    case ErrorCode::kUnauthorizedClient:
      return {403, "unauthorized_client"};
    case ErrorCode::kUnsupportedGrantType:
      return {400, "unsupported_grant_type"};
    case ErrorCode::kInvalidScope:
      return {400, "invalid_scope"};
    case ErrorCode::kInvalidTarget:
      return {400, "invalid_target"};
    case ErrorCode::kAccessDenied:
      return {403, "access_denied"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "invalid_request"};
    case ErrorCode::kUnsupportedMediaType:
      return {400, "invalid_request"};
    case ErrorCode::kTooManyRequests:
      return {429, "too_many_requests"};
    case ErrorCode::kTemporarilyUnavailable:
      return {503, "temporarily_unavailable"};
    case ErrorCode::kServerError:
      return {500, "server_error"};
  }
  return {500, "server_error"};
}

std::string to_json_body(const OAuthError& e) {
  boost::json::object body;
  body["error"] = to_wire(e.code).error;
  body["error_description"] = e.description;
  return boost::json::serialize(body);
}

}  // namespace xfx::oauth
