// Request limits and timeouts: body and header size, malformed input, idle and read timeouts.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "unit/http/test_support.h"

namespace xfx::http {
namespace {

namespace bhttp = boost::beast::http;
using namespace testing;

Handler echo_length() {
  return [](const Request& req, RequestContext&) {
    return text_response(req, std::to_string(req.body().size()));
  };
}

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

TEST(Limits, BodyAtTheLimitIsServedOneMoreByteIs413) {
  RunningServer server(echo_length());
  CurlClient curl;
  CurlResult ok = curl.post(server.url("/"), std::string(16 * 1024, 'a'));
  ASSERT_EQ(ok.code, CURLE_OK) << curl_easy_strerror(ok.code);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "16384");

  CurlResult big = curl.post(server.url("/"), std::string(16 * 1024 + 1, 'a'));
  ASSERT_EQ(big.code, CURLE_OK) << curl_easy_strerror(big.code);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.header("Connection"), "close");
  const auto body = boost::json::parse(big.body).as_object();
  EXPECT_EQ(body.at("error").as_string(), "invalid_request");
  EXPECT_EQ(body.at("error_description").as_string(), "request body exceeds 16384 bytes");
  EXPECT_TRUE(server.logs().wait_for(R"("status":413)"));
}

TEST(Limits, OversizeContentLengthIsRefusedBeforeTheBody) {
  Limits limits;
  limits.read_timeout = std::chrono::seconds(60);  // waiting for the body would time the test out
  RunningServer server(echo_length(), limits);
  RawConnection conn(server.port());
  conn.send("POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
  const std::string response = conn.read_response();
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
  EXPECT_NE(body_of(response).find("request body exceeds 16384 bytes"), std::string::npos);
  EXPECT_TRUE(conn.read_until_eof().has_value());
}

TEST(Limits, ChunkedBodyOverTheLimitIs413) {
  Limits limits;
  limits.max_body_bytes = 10;
  RunningServer server(echo_length(), limits);
  RawConnection conn(server.port());
  conn.send(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
  const std::string response = conn.read_response();
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
  EXPECT_NE(response.find("request body exceeds 10 bytes"), std::string::npos);
}

TEST(Limits, HugeHeaderIs431) {
  RunningServer server(echo_length());
  CurlClient curl;
  CurlResult r = curl.get(server.url("/"), {"X-Big: " + std::string(9000, 'h')});
  ASSERT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
  EXPECT_EQ(r.status, 431);
  const auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("error").as_string(), "invalid_request");
  EXPECT_EQ(body.at("error_description").as_string(), "request header fields exceed 8192 bytes");
  EXPECT_EQ(r.body.find("hhhh"), std::string::npos);
}

TEST(Limits, MalformedRequestIs400AndTheServerServesTheNextConnection) {
  RunningServer server(echo_length());
  for (const char* garbage : {"this is not http\r\n\r\n", "GET / HTTP/1.1\r\nHost x\r\n\r\n",
                              "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                              "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"}) {
    RawConnection conn(server.port());
    conn.send(garbage);
    const auto response = conn.read_until_eof();
    ASSERT_TRUE(response.has_value()) << "server did not close after " << garbage;
    EXPECT_EQ(response->rfind("HTTP/1.1 400", 0), 0u) << *response;
    const auto body = boost::json::parse(body_of(*response)).as_object();
    EXPECT_EQ(body.at("error").as_string(), "invalid_request");
    EXPECT_EQ(body.at("error_description").as_string(), "malformed HTTP request");
  }
  CurlClient curl;
  EXPECT_EQ(curl.post(server.url("/"), "ok").body, "2");
}

TEST(Limits, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer server(echo_length());
  RawConnection conn(server.port());
  conn.send(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na"
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
  EXPECT_EQ(body_of(conn.read_response()), "1");
  const std::string second = conn.read_response();
  EXPECT_EQ(body_of(second), "3");
  EXPECT_NE(second.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(conn.read_until_eof().has_value());
}

TEST(Timeouts, IdleKeepAliveConnectionIsClosed) {
  Limits limits;
  limits.idle_timeout = std::chrono::seconds(1);
  limits.read_timeout = std::chrono::seconds(60);
  RunningServer server(echo_length(), limits);
  RawConnection conn(server.port());
  conn.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(body_of(conn.read_response()), "0");
  // Silent after a complete request: closed by the idle timeout, well before the bound.
  const auto rest = conn.read_until_eof();
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->empty());
}

TEST(Timeouts, SilentNewConnectionIsClosed) {
  Limits limits;
  limits.read_timeout = std::chrono::seconds(1);
  RunningServer server(echo_length(), limits);
  RawConnection conn(server.port());
  const auto rest = conn.read_until_eof();
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->empty());
}

TEST(Timeouts, RequestThatStallsMidwayIsClosed) {
  Limits limits;
  limits.read_timeout = std::chrono::seconds(1);
  limits.idle_timeout = std::chrono::seconds(60);
  RunningServer server(echo_length(), limits);
  RawConnection conn(server.port());
  conn.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  const auto rest = conn.read_until_eof();
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->empty());
  CurlClient curl;
  EXPECT_EQ(curl.post(server.url("/"), "ok").body, "2");
}

}  // namespace
}  // namespace xfx::http
