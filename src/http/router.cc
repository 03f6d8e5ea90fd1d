#include <algorithm>
#include <string>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "http/server.h"

namespace xfx::http {

namespace beast_http = boost::beast::http;

std::string_view path_of(std::string_view target) {
  return target.substr(0, std::min(target.find('?'), target.find('#')));
}

Response json_response(const Request& req, beast_http::status status, std::string body_json) {
  Response res{status, req.version()};
  res.set(beast_http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body_json);
  res.prepare_payload();
  return res;
}

Response json_error(const Request& req, beast_http::status status, std::string_view error,
                    std::string_view description) {
  boost::json::object body;
  body["error"] = error;
  body["error_description"] = description;
  return json_response(req, status, boost::json::serialize(body));
}

void Router::add(beast_http::verb method, std::string path, Handler handler) {
  routes_[std::move(path)].emplace_back(method, std::move(handler));
}

Response Router::operator()(const Request& req, RequestContext& ctx) const {
  const std::string_view path = path_of(req.target());
  const auto route = routes_.find(path);
  if (route == routes_.end()) {
    return json_error(req, beast_http::status::not_found, "not_found",
                      "no route for " + std::string(req.method_string()) + " " + std::string(path));
  }
  std::string allow;
  for (const auto& [method, handler] : route->second) {
    if (method == req.method()) return handler(req, ctx);
    if (!allow.empty()) allow += ", ";
    allow += beast_http::to_string(method);
  }
  Response res = json_error(
      req, beast_http::status::method_not_allowed, "method_not_allowed",
      "method " + std::string(req.method_string()) + " not allowed for " + std::string(path));
  res.set(beast_http::field::allow, allow);
  return res;
}

}  // namespace xfx::http
