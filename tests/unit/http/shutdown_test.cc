// Graceful stop: requests in flight finish, waiting connections close, run() returns.
#include <gtest/gtest.h>

#include <csignal>
#include <future>

#include <boost/asio/steady_timer.hpp>

#include "unit/http/test_support.h"

namespace xfx::http {
namespace {

using namespace testing;

// A handler that parks until released, so the test controls when a request is "in flight".
class Gate {
 public:
  Handler handler() {
    return [this](const Request& req, RequestContext&) {
      if (req.target() == "/slow") {
        std::unique_lock lock(mu_);
        entered_ = true;
        cv_.notify_all();
        cv_.wait(lock, [&] { return released_; });
      }
      return text_response(req, "done");
    };
  }
  bool wait_entered() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kBound, [&] { return entered_; });
  }
  void release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool released_ = false;
};

TEST(Shutdown, StopWithoutConnectionsReturnsFromRun) {
  RunningServer server([](const Request& req, RequestContext&) { return text_response(req, ""); });
  server.stop();
  EXPECT_TRUE(server.wait_stopped());
  server.stop();  // idempotent
}

TEST(Shutdown, StopEndsApplicationTimersToo) {
  RunningServer server([](const Request& req, RequestContext&) { return text_response(req, ""); });
  boost::asio::steady_timer timer(server.server().io_context(), std::chrono::hours(1));
  timer.async_wait([](boost::system::error_code) {});
  server.stop();
  EXPECT_TRUE(server.wait_stopped());
}

TEST(Shutdown, InFlightRequestCompletesAndRunReturns) {
  Gate gate;
  RunningServer server(gate.handler());

  // An idle keep-alive connection that stop() should close at once.
  RawConnection idle(server.port());
  idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(idle.read_response().find("done"), std::string::npos);

  auto in_flight = std::async(std::launch::async, [&] {
    CurlClient curl;
    return curl.get(server.url("/slow"));
  });
  ASSERT_TRUE(gate.wait_entered());

  server.stop();
  const auto idle_rest = idle.read_until_eof();
  EXPECT_TRUE(idle_rest.has_value()) << "idle connection not closed by stop()";
  EXPECT_TRUE(server.logs().wait_for(R"("event":"listening")"));

  gate.release();
  const CurlResult r = in_flight.get();
  ASSERT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "done");
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(server.wait_stopped());

  RawConnection after(server.port());
  EXPECT_FALSE(after.connected());
}

TEST(Shutdown, DrainTimeoutForceClosesStuckConnections) {
  Gate gate;
  Limits limits;
  limits.drain_timeout = std::chrono::seconds(1);
  limits.read_timeout = std::chrono::seconds(60);
  RunningServer server(gate.handler(), limits);
  // A request that never finishes arriving keeps its session in the reading phase.
  RawConnection stuck(server.port());
  stuck.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  ASSERT_TRUE(server.logs().wait_for(R"("event":"listening")"));
  // Make sure the server has the connection before stopping.
  RawConnection probe(server.port());
  probe.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(probe.read_response().find("done"), std::string::npos);

  server.stop();
  EXPECT_TRUE(stuck.read_until_eof().has_value());
  EXPECT_TRUE(server.wait_stopped());
  EXPECT_TRUE(server.logs().wait_for(R"("event":"drain_timeout")"));
  gate.release();
}

TEST(Shutdown, SignalStopsTheServer) {
  RunningServer server([](const Request& req, RequestContext&) { return text_response(req, ""); });
  server.server().stop_on_signals();
  ASSERT_EQ(::raise(SIGTERM), 0);
  EXPECT_TRUE(server.wait_stopped());
  EXPECT_TRUE(server.logs().wait_for(R"("event":"shutdown","signal":15)"));
}

}  // namespace
}  // namespace xfx::http
