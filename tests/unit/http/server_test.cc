// The server over real sockets with libcurl as the client: routing, keep-alive, handler
// failures, access log, listen errors.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include <boost/json/parse.hpp>

#include "unit/http/test_support.h"

namespace xfx::http {
namespace {

namespace bhttp = boost::beast::http;
using namespace testing;

Router demo_router() {
  Router router;
  router.add(bhttp::verb::get, "/hello", [](const Request& req, RequestContext& ctx) {
    ctx.client_id = "demo-client";
    return json_response(req, bhttp::status::ok,
                         R"({"hello":"world","tls":)" + std::string(ctx.tls ? "true" : "false") +
                             R"(,"remote":")" + ctx.remote_address + "\"}");
  });
  router.add(bhttp::verb::post, "/echo", [](const Request& req, RequestContext&) {
    return text_response(req, std::to_string(req.body().size()));
  });
  router.add(bhttp::verb::get, "/throw",
             [](const Request&, RequestContext&) -> Response { throw std::runtime_error("boom"); });
  router.add(bhttp::verb::get, "/throw-int",
             [](const Request&, RequestContext&) -> Response { throw 42; });
  return router;
}

boost::json::object json_body(const CurlResult& r) {
  return boost::json::parse(r.body).as_object();
}

TEST(Server, RoutesWith200_404_405AsJson) {
  RunningServer server(demo_router());
  CurlClient curl;

  CurlResult ok = curl.get(server.url("/hello"));
  ASSERT_EQ(ok.code, CURLE_OK) << curl_easy_strerror(ok.code);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("Content-Type"), "application/json");
  EXPECT_EQ(json_body(ok).at("tls").as_bool(), false);
  EXPECT_EQ(json_body(ok).at("remote").as_string(), "127.0.0.1");

  CurlResult missing = curl.get(server.url("/nope?q=1"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json_body(missing).at("error").as_string(), "not_found");
  EXPECT_EQ(json_body(missing).at("error_description").as_string(), "no route for GET /nope");

  CurlResult wrong = curl.request("DELETE", server.url("/echo"), nullptr, {});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "POST");
  EXPECT_EQ(json_body(wrong).at("error").as_string(), "method_not_allowed");

  CurlResult head = curl.request("HEAD", server.url("/hello"), nullptr, {});
  EXPECT_EQ(head.code, CURLE_OK) << curl_easy_strerror(head.code);
  EXPECT_EQ(head.status, 405);
  EXPECT_TRUE(head.body.empty());
  // The connection survives the bodiless HEAD answer.
  CurlResult after_head = curl.get(server.url("/hello"));
  EXPECT_EQ(after_head.status, 200);
  EXPECT_EQ(after_head.num_connects, 0);
}

TEST(Server, KeepAliveReusesTheConnection) {
  RunningServer server(demo_router());
  CurlClient curl;
  CurlResult first = curl.get(server.url("/hello"));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.num_connects, 1);
  CurlResult second = curl.post(server.url("/echo"), "abc");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "3");
  EXPECT_EQ(second.num_connects, 0);
}

TEST(Server, MaxRequestsPerConnectionClosesAfterTheLimit) {
  Limits limits;
  limits.max_requests_per_connection = 1;
  RunningServer server(demo_router(), limits);
  CurlClient curl;
  CurlResult first = curl.get(server.url("/hello"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("Connection"), "close");
  CurlResult second = curl.get(server.url("/hello"));
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.num_connects, 1);
}

TEST(Server, HandlerExceptionBecomes500AndServerKeepsServing) {
  RunningServer server(demo_router());
  CurlClient curl;
  for (const char* path : {"/throw", "/throw-int"}) {
    CurlResult r = curl.get(server.url(path));
    ASSERT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(json_body(r).at("error").as_string(), "server_error");
    EXPECT_EQ(json_body(r).at("error_description").as_string(), "internal error");
  }
  EXPECT_TRUE(server.logs().wait_for(R"("event":"handler_exception","what":"boom")"));
  EXPECT_EQ(curl.get(server.url("/hello")).status, 200);
  CurlClient fresh;
  EXPECT_EQ(fresh.get(server.url("/hello")).status, 200);
}

TEST(Server, AccessLogIsOneJsonLinePerRequestWithoutQuery) {
  RunningServer server(demo_router());
  CurlClient curl;
  ASSERT_EQ(curl.get(server.url("/hello?client_secret=hunter2")).status, 200);
  ASSERT_EQ(curl.post(server.url("/echo?x=hunter2"), "body-hunter2").status, 200);
  ASSERT_TRUE(server.logs().wait_for(R"("path":"/echo")"));

  int access_lines = 0;
  for (const std::string& line : server.logs().lines()) {
    EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    const auto obj = boost::json::parse(line).as_object();  // throws if not JSON
    const std::string ts(obj.at("ts").as_string());
    EXPECT_EQ(ts.size(), 24u) << ts;
    EXPECT_EQ(ts.back(), 'Z');
    if (!obj.contains("method")) continue;
    ++access_lines;
    EXPECT_GE(obj.at("latency_us").as_int64(), 0);
    EXPECT_EQ(obj.at("remote").as_string(), "127.0.0.1");
    if (obj.at("path") == "/hello") {
      EXPECT_EQ(obj.at("method").as_string(), "GET");
      EXPECT_EQ(obj.at("status").as_int64(), 200);
      EXPECT_EQ(obj.at("client_id").as_string(), "demo-client");
    } else {
      EXPECT_EQ(obj.at("path").as_string(), "/echo");
      EXPECT_EQ(obj.at("method").as_string(), "POST");
    }
  }
  EXPECT_EQ(access_lines, 2);
  const auto first = boost::json::parse(server.logs().lines().front()).as_object();
  EXPECT_EQ(first.at("event").as_string(), "listening");
  EXPECT_EQ(first.at("port").as_int64(), server.port());
  EXPECT_EQ(first.at("address").as_string(), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(first.at("tls").as_bool(), false);
}

TEST(Server, ListenOnBusyPortThrowsClearly) {
  RunningServer first(demo_router());
  ServerConfig config;
  config.port = first.port();
  Server second(config, demo_router(), nullptr);
  try {
    second.listen();
    FAIL() << "listen on a busy port succeeded";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(first.port())), std::string::npos) << what;
    EXPECT_NE(what.find("in use"), std::string::npos) << what;
  }
}

TEST(Server, BadHostThrowsClearly) {
  ServerConfig config;
  config.host = "203.0.113.77";  // TEST-NET-3: not an address of this machine
  Server server(config, demo_router(), nullptr);
  EXPECT_THROW(server.listen(), std::runtime_error);
}

TEST(Server, OverMaxConnectionsNewConnectionsAreClosedNotServed) {
  Limits limits;
  limits.max_connections = 1;
  RunningServer server(demo_router(), limits);
  auto holder = std::make_unique<RawConnection>(server.port());
  ASSERT_TRUE(holder->connected());
  holder->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(holder->read_response().find("200 OK"), std::string::npos);

  RawConnection refused(server.port());
  ASSERT_TRUE(refused.connected());  // the kernel accepts; the server closes at once
  const auto rest = refused.read_until_eof();
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->empty());

  holder.reset();  // frees the slot; the server notices asynchronously
  bool served = false;
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  while (!served && std::chrono::steady_clock::now() < deadline) {
    CurlClient curl;
    served = curl.get(server.url("/hello")).status == 200;
  }
  EXPECT_TRUE(served);
}

TEST(Server, ExpectContinueGetsA100AndDoesNotStall) {
  RunningServer server(demo_router());
  CurlClient curl;
  // With a long expect timeout, curl only sends the body early if it sees 100 Continue.
  curl_easy_setopt(curl.handle(), CURLOPT_EXPECT_100_TIMEOUT_MS, 60000L);
  const std::string body(2048, 'b');
  CurlResult r = curl.post(server.url("/echo"), body, {"Expect: 100-continue"});
  ASSERT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "2048");
  ASSERT_FALSE(r.header_lines.empty());
  EXPECT_EQ(r.header_lines.front().rfind("HTTP/1.1 100", 0), 0u) << r.header_lines.front();
}

TEST(Server, ManyConcurrentClients) {
  RunningServer server(demo_router(), {}, nullptr, 4);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      CurlClient curl;
      for (int j = 0; j < 20; ++j) {
        if (curl.post(server.url("/echo"), std::string(static_cast<std::size_t>(j), 'x')).body ==
            std::to_string(j)) {
          ++ok;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 160);
}

}  // namespace
}  // namespace xfx::http
