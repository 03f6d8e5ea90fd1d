#include "demo_api.h"

#include <chrono>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

namespace xfx::api_demo {
namespace {

namespace bh = boost::beast::http;

const std::string kReadOrders = "read:orders";
const std::string kWriteOrders = "write:orders";

// What a caller learns about itself must not be cached by anything in between.
http::Response private_json(const http::Request& req, bh::status status,
                            const boost::json::object& body) {
  auto res = http::json_response(req, status, boost::json::serialize(body));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

boost::json::array strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

}  // namespace

DemoApi::DemoApi(std::shared_ptr<const verify::RequestAuthenticator> authenticator,
                 std::function<bool()> keys_loaded)
    : authenticator_(std::move(authenticator)), keys_loaded_(std::move(keys_loaded)) {}

http::Router DemoApi::router() {
  http::Router r;
  r.add(bh::verb::get, "/healthz",
        [this](const http::Request& req, http::RequestContext&) { return healthz(req); });
  r.add(bh::verb::get, "/v1/whoami",
        [this](const http::Request& req, http::RequestContext& ctx) { return whoami(req, ctx); });
  r.add(bh::verb::get, "/v1/orders", [this](const http::Request& req, http::RequestContext& ctx) {
    return list_orders(req, ctx);
  });
  r.add(bh::verb::post, "/v1/orders", [this](const http::Request& req, http::RequestContext& ctx) {
    return place_order(req, ctx);
  });
  return r;
}

std::variant<verify::VerifiedToken, http::Response> DemoApi::authorize(
    const http::Request& req, http::RequestContext& ctx,
    std::span<const std::string> required_scopes) const {
  if (!keys_loaded_()) {
    auto res = http::json_error(req, bh::status::service_unavailable, "temporarily_unavailable",
                                "The issuer's signing keys have not been fetched yet");
    res.set(bh::field::retry_after, "1");
    return res;
  }
  std::vector<std::string_view> authorization;
  for (auto it = req.find(bh::field::authorization);
       it != req.end() && it->name() == bh::field::authorization; ++it) {
    authorization.push_back(it->value());
  }
  auto verified = authenticator_->authenticate(authorization, std::chrono::system_clock::now(),
                                               required_scopes);
  if (!verified) {
    const verify::HttpRejection& rejection = verified.error();
    auto res = http::json_response(req, static_cast<bh::status>(rejection.status), rejection.body);
    res.set(bh::field::www_authenticate, rejection.www_authenticate);
    return res;
  }
  ctx.client_id = verified->client_id;
  return std::move(*verified);
}

http::Response DemoApi::healthz(const http::Request& req) const {
  if (!keys_loaded_()) {
    return http::json_response(req, bh::status::service_unavailable,
                               R"({"status":"starting","reason":"signing keys not fetched yet"})");
  }
  return http::json_response(req, bh::status::ok, R"({"status":"ok"})");
}

http::Response DemoApi::whoami(const http::Request& req, http::RequestContext& ctx) const {
  auto auth = authorize(req, ctx, {});
  if (auto* rejected = std::get_if<http::Response>(&auth)) return std::move(*rejected);
  const auto& token = std::get<verify::VerifiedToken>(auth);
  return private_json(req, bh::status::ok,
                      {{"client_id", token.client_id},
                       {"subject", token.subject},
                       {"audience", strings(token.audiences)},
                       {"scopes", strings(token.scopes)},
                       {"expires_at", token.expires_at.time_since_epoch().count()}});
}

http::Response DemoApi::list_orders(const http::Request& req, http::RequestContext& ctx) const {
  auto auth = authorize(req, ctx, std::span(&kReadOrders, 1));
  if (auto* rejected = std::get_if<http::Response>(&auth)) return std::move(*rejected);
  boost::json::array orders;
  for (const auto& order : orders_.list()) orders.emplace_back(to_json(order));
  return private_json(req, bh::status::ok, {{"orders", std::move(orders)}});
}

http::Response DemoApi::place_order(const http::Request& req, http::RequestContext& ctx) {
  // Authentication before validation: a caller without the scope learns nothing about the body.
  auto auth = authorize(req, ctx, std::span(&kWriteOrders, 1));
  if (auto* rejected = std::get_if<http::Response>(&auth)) return std::move(*rejected);
  auto order = parse_new_order(req.body());
  if (!order)
    return http::json_error(req, bh::status::bad_request, "invalid_request", order.error());
  auto placed = orders_.place(std::move(*order), std::get<verify::VerifiedToken>(auth).client_id);
  auto res = private_json(req, bh::status::created, to_json(placed));
  return res;
}

}  // namespace xfx::api_demo
