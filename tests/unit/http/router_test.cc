// Router, json_response and path_of as pure functions: no sockets.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/server.h"
#include "unit/http/test_support.h"

namespace xfx::http {
namespace {

namespace bhttp = boost::beast::http;
using testing::text_response;

Request make_request(bhttp::verb method, std::string target) {
  Request req{method, target, 11};
  req.prepare_payload();
  return req;
}

Router demo_router() {
  Router router;
  router.add(bhttp::verb::get, "/hello",
             [](const Request& req, RequestContext&) { return text_response(req, "hi"); });
  router.add(bhttp::verb::post, "/hello",
             [](const Request& req, RequestContext&) { return text_response(req, "posted"); });
  router.add(bhttp::verb::post, "/oauth/token", [](const Request& req, RequestContext& ctx) {
    ctx.client_id = "svc";
    return text_response(req, "token");
  });
  return router;
}

TEST(PathOf, DropsQueryAndFragment) {
  EXPECT_EQ(path_of("/a/b?secret=1"), "/a/b");
  EXPECT_EQ(path_of("/a#frag"), "/a");
  EXPECT_EQ(path_of("/a"), "/a");
  EXPECT_EQ(path_of(""), "");
}

TEST(JsonResponse, SetsTypeLengthAndKeepAlive) {
  Request req = make_request(bhttp::verb::get, "/");
  const Response res = json_response(req, bhttp::status::created, R"({"a":1})");
  EXPECT_EQ(res.result(), bhttp::status::created);
  EXPECT_EQ(res[bhttp::field::content_type], "application/json");
  EXPECT_EQ(res[bhttp::field::content_length], "7");
  EXPECT_TRUE(res.keep_alive());

  req.keep_alive(false);
  EXPECT_FALSE(json_response(req, bhttp::status::ok, "{}").keep_alive());
}

TEST(JsonError, EscapesDescription) {
  const Request req = make_request(bhttp::verb::get, "/");
  const Response res = json_error(req, bhttp::status::bad_request, "invalid_request", "a \"q\"\n");
  const auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("error").as_string(), "invalid_request");
  EXPECT_EQ(body.at("error_description").as_string(), "a \"q\"\n");
}

TEST(Router, DispatchesOnExactPathIgnoringQuery) {
  const Router router = demo_router();
  RequestContext ctx;
  EXPECT_EQ(router(make_request(bhttp::verb::get, "/hello?x=1"), ctx).body(), "hi");
  EXPECT_EQ(router(make_request(bhttp::verb::post, "/hello"), ctx).body(), "posted");
  EXPECT_EQ(router(make_request(bhttp::verb::post, "/oauth/token"), ctx).body(), "token");
  EXPECT_EQ(ctx.client_id, "svc");
}

TEST(Router, UnknownPathIs404Json) {
  const Router router = demo_router();
  RequestContext ctx;
  for (const char* target : {"/x", "/hello/", "/HELLO", "/hell"}) {
    const Response res = router(make_request(bhttp::verb::get, target), ctx);
    EXPECT_EQ(res.result(), bhttp::status::not_found) << target;
    EXPECT_EQ(res[bhttp::field::content_type], "application/json");
    const auto body = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(body.at("error").as_string(), "not_found");
    EXPECT_EQ(body.at("error_description").as_string(), std::string("no route for GET ") + target);
  }
}

TEST(Router, KnownPathOtherMethodIs405WithAllow) {
  const Router router = demo_router();
  RequestContext ctx;
  Response res = router(make_request(bhttp::verb::delete_, "/hello"), ctx);
  EXPECT_EQ(res.result(), bhttp::status::method_not_allowed);
  EXPECT_EQ(res[bhttp::field::allow], "GET, POST");
  EXPECT_EQ(boost::json::parse(res.body()).at("error").as_string(), "method_not_allowed");

  res = router(make_request(bhttp::verb::get, "/oauth/token?client_secret=s"), ctx);
  EXPECT_EQ(res.result(), bhttp::status::method_not_allowed);
  EXPECT_EQ(res[bhttp::field::allow], "POST");
  EXPECT_EQ(res.body().find("client_secret"), std::string::npos);
}

}  // namespace
}  // namespace xfx::http
