// The real libcurl transport against a loopback server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "client/loopback_server.h"
#include "xfx/client/transport.h"

namespace xfx::client {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackServer;

TEST(CurlTransport, PostsAndReadsStatusHeadersAndBody) {
  LoopbackServer::Request seen;
  LoopbackServer server([&](const LoopbackServer::Request& r) {
    seen = r;
    return LoopbackServer::Response{
        201, {{"X-Thing", "  padded  "}, {"Retry-After", "3"}}, R"({"ok":true})"};
  });
  auto transport = make_curl_transport();
  HttpRequest request;
  request.method = "POST";
  request.url = server.url() + "/oauth/token";
  request.headers = {{"Content-Type", "application/json"}, {"X-Empty", ""}};
  request.body = R"({"a":1})";
  auto response = transport->send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"({"ok":true})");
  EXPECT_EQ(response->header("x-thing"), "padded");
  EXPECT_EQ(response->header("RETRY-AFTER"), "3");
  EXPECT_FALSE(response->header("X-Missing"));
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/oauth/token");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.header("Content-Type"), "application/json");
  EXPECT_EQ(seen.header("Expect"), "");
}

TEST(CurlTransport, EveryMethodCarriesItsBody) {
  std::vector<std::pair<std::string, std::string>> seen;
  std::mutex mu;
  LoopbackServer server([&](const LoopbackServer::Request& r) {
    std::lock_guard lock(mu);
    seen.emplace_back(r.method, r.body);
    return LoopbackServer::Response{200, {}, "x"};
  });
  auto transport = make_curl_transport();
  for (std::string method : {"GET", "PUT", "PATCH", "DELETE", "POST"}) {
    HttpRequest request;
    request.method = method;
    request.url = server.url() + "/r";
    if (method != "GET") request.body = "{" + method + "}";
    auto response = transport->send(request);
    ASSERT_TRUE(response) << method << ": " << response.error().message;
  }
  EXPECT_THAT(seen,
              ::testing::ElementsAre(std::pair<std::string, std::string>{"GET", ""},
                                     std::pair<std::string, std::string>{"PUT", "{PUT}"},
                                     std::pair<std::string, std::string>{"PATCH", "{PATCH}"},
                                     std::pair<std::string, std::string>{"DELETE", "{DELETE}"},
                                     std::pair<std::string, std::string>{"POST", "{POST}"}));
}

TEST(CurlTransport, ReusesConnections) {
  LoopbackServer server([](const LoopbackServer::Request&) {
    return LoopbackServer::Response{200, {}, "ok"};
  });
  auto transport = make_curl_transport();
  for (int i = 0; i < 10; ++i) {
    HttpRequest request;
    request.url = server.url() + "/x";
    ASSERT_TRUE(transport->send(request));
  }
  EXPECT_EQ(server.requests(), 10);
  EXPECT_EQ(server.connections(), 1);
}

TEST(CurlTransport, IsSafeFromManyThreads) {
  LoopbackServer server([](const LoopbackServer::Request& r) {
    return LoopbackServer::Response{200, {}, r.target};
  });
  std::shared_ptr<Transport> transport = make_curl_transport();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        HttpRequest request;
        request.url = server.url() + "/t" + std::to_string(t);
        auto r = transport->send(request);
        if (r && r->body == "/t" + std::to_string(t)) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
  EXPECT_LE(server.connections(), 16);  // pooled, not one per request
}

TEST(CurlTransport, EnforcesTheResponseSizeLimit) {
  LoopbackServer server([](const LoopbackServer::Request&) {
    return LoopbackServer::Response{200, {}, std::string(100'000, 'x')};
  });
  CurlTransportOptions options;
  options.max_response_bytes = 10'000;
  auto transport = make_curl_transport(options);
  HttpRequest request;
  request.url = server.url() + "/big";
  auto r = transport->send(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, TransportErrorKind::kResponseTooLarge);
}

TEST(CurlTransport, TimesOut) {
  LoopbackServer server([](const LoopbackServer::Request&) {
    return LoopbackServer::Response{200, {}, "late", 1500ms};
  });
  CurlTransportOptions options;
  options.total_timeout = 200ms;
  auto transport = make_curl_transport(options);
  HttpRequest request;
  request.url = server.url() + "/slow";
  auto r = transport->send(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, TransportErrorKind::kTimeout);
}

TEST(CurlTransport, ConnectionRefusedIsAConnectError) {
  int port;
  {
    LoopbackServer server(
        [](const LoopbackServer::Request&) { return LoopbackServer::Response{}; });
    port = server.port();
  }
  auto transport = make_curl_transport();
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto r = transport->send(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, TransportErrorKind::kConnect);
}

TEST(CurlTransport, RefusesHeaderInjection) {
  auto transport = make_curl_transport();
  HttpRequest request;
  request.url = "http://127.0.0.1:1/";
  request.headers = {{"X-A", "1\r\nX-Injected: 2"}};
  auto r = transport->send(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid header");
}

TEST(CurlTransport, TlsVerificationFailsClosed) {
  CurlTransportOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  options.connect_timeout = 2s;
  options.total_timeout = 3s;
  auto transport = make_curl_transport(options);
  // A plain HTTP server spoken to over https: the handshake cannot succeed.
  LoopbackServer server([](const LoopbackServer::Request&) { return LoopbackServer::Response{}; });
  HttpRequest request;
  request.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
  auto r = transport->send(request);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().kind, TransportErrorKind::kResponseTooLarge);
}

TEST(TransportErrorKind, Names) {
  EXPECT_EQ(to_string(TransportErrorKind::kConnect), "connect");
  EXPECT_EQ(to_string(TransportErrorKind::kTimeout), "timeout");
  EXPECT_EQ(to_string(TransportErrorKind::kTls), "tls");
  EXPECT_EQ(to_string(TransportErrorKind::kResponseTooLarge), "response_too_large");
}

}  // namespace
}  // namespace xfx::client
