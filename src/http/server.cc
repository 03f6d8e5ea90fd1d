#include <algorithm>
#include <csignal>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/server_impl.h"

namespace xfx::http {

namespace net = boost::asio;
using net::ip::tcp;

namespace {

unsigned thread_count(unsigned configured) {
  if (configured != 0) return configured;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::string address_text(const tcp::endpoint& ep) {
  const std::string host = ep.address().to_string();
  const std::string port = std::to_string(ep.port());
  return ep.address().is_v6() ? "[" + host + "]:" + port : host + ":" + port;
}

// Hard stop after the drain deadline: force-closed sessions normally end within milliseconds;
// this only bounds run() if one of them is stuck.
constexpr std::chrono::seconds kForceCloseGrace{2};

}  // namespace

Server::Impl::Impl(ServerConfig config, Handler handler, LogSink log)
    : config_(std::move(config)),
      handler_(std::move(handler)),
      log_(std::move(log)),
      threads_(thread_count(config_.threads)),
      ioc_(static_cast<int>(threads_)),
      control_(net::make_strand(ioc_)),
      acceptor_(control_),
      drain_timer_(control_) {
  if (!handler_) throw std::invalid_argument("xfx::http::Server needs a handler");
}

Server::Impl::~Impl() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  // Connection objects hold strands of ioc_, so they must go before it does.
  connections_.clear();
}

void Server::Impl::listen() {
  const std::string where = config_.host + ":" + std::to_string(config_.port);
  boost::system::error_code ec;
  tcp::resolver resolver(ioc_);
  const auto results =
      resolver.resolve(config_.host, std::to_string(config_.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot listen on " + where + ": cannot resolve host '" +
                             config_.host + "': " + ec.message());
  }
  const tcp::endpoint endpoint = results.begin()->endpoint();
  auto fail = [&](const char* step) {
    const std::string reason = ec.message();
    acceptor_.close(ec);
    throw std::runtime_error("cannot listen on " + where + ": " + step + " failed: " + reason);
  };
  if (acceptor_.open(endpoint.protocol(), ec)) fail("socket");
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec)) fail("setsockopt");
  if (acceptor_.bind(endpoint, ec)) fail("bind");
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec)) fail("listen");
  const tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) fail("getsockname");
  port_ = bound.port();

  net::co_spawn(control_, accept_loop(), [this](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log_.event("accept_loop_failed", {{"what", ex.what()}});
    } catch (...) {
      log_.event("accept_loop_failed", {{"what", "unknown exception"}});
    }
  });
  log_.event("listening",
             {{"address", address_text(bound)}, {"port", port_}, {"tls", config_.tls != nullptr}});
}

net::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    detail::Strand strand = net::make_strand(ioc_);
    tcp::socket socket(strand);
    boost::system::error_code ec;
    co_await acceptor_.async_accept(socket, net::redirect_error(net::use_awaitable, ec));
    if (stopping() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Usually EMFILE/ENFILE: back off briefly instead of spinning on a full descriptor table.
      log_.event("accept_failed", {{"reason", ec.message()}});
      net::steady_timer backoff(control_, std::chrono::milliseconds(100));
      co_await backoff.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    if (connections_.size() >= config_.limits.max_connections) {
      socket.close(ec);  // over capacity: refuse cheaply rather than queue work we cannot do
      continue;
    }
    auto conn = std::make_shared<detail::Connection>(strand);
    connections_.insert(conn);
    detail::spawn_session(*this, conn, std::move(socket));
  }
}

void Server::Impl::on_session_end(std::shared_ptr<detail::Connection> conn) {
  net::post(control_, [this, conn = std::move(conn)] {
    connections_.erase(conn);
    if (stopping() && connections_.empty()) finish();
  });
}

void Server::Impl::run() {
  auto work = [this] {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        log_.event("io_thread_exception", {{"what", e.what()}});
      } catch (...) {
        log_.event("io_thread_exception", {{"what", "unknown exception"}});
      }
    }
  };
  std::vector<std::thread> extra;
  extra.reserve(threads_ - 1);
  for (unsigned i = 1; i < threads_; ++i) extra.emplace_back(work);
  work();
  for (auto& t : extra) t.join();
}

void Server::Impl::stop() {
  if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
  net::post(control_, [this] { begin_stop(); });
}

void Server::Impl::begin_stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  if (signals_) signals_->cancel(ignored);
  if (connections_.empty()) return finish();
  for (const auto& conn : connections_) {
    net::post(conn->strand, [conn] {
      // Waiting for a (first or next) request: nothing in flight, close now. Otherwise the
      // session sees stopping() and closes after writing its current response.
      if (conn->tcp &&
          (conn->phase == detail::Phase::idle || conn->phase == detail::Phase::handshake)) {
        boost::system::error_code ec;
        conn->tcp->socket().cancel(ec);
      }
    });
  }
  drain_timer_.expires_after(config_.limits.drain_timeout);
  drain_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) force_close();
  });
}

void Server::Impl::force_close() {
  log_.event("drain_timeout", {{"open_connections", connections_.size()}});
  for (const auto& conn : connections_) {
    net::post(conn->strand, [conn] {
      if (conn->tcp) conn->tcp->close();
    });
  }
  drain_timer_.expires_after(kForceCloseGrace);
  drain_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) finish();
  });
}

void Server::Impl::finish() {
  drain_timer_.cancel();
  // Also ends the application's own timers on this io_context, so run() returns.
  ioc_.stop();
}

void Server::Impl::stop_on_signals() {
  // Synchronous (not posted) so the handler is in place before run(): a signal arriving in
  // between would otherwise kill the process with the default action.
  if (signals_) return;
  signals_.emplace(control_, SIGINT, SIGTERM);
  signals_->async_wait([this](boost::system::error_code ec, int signal) {
    if (ec) return;
    log_.event("shutdown", {{"signal", signal}});
    stop();
  });
}

Server::Server(ServerConfig config, Handler handler, LogSink log)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(handler), std::move(log))) {}
Server::~Server() = default;
void Server::listen() {
  impl_->listen();
}
std::uint16_t Server::port() const {
  return impl_->port();
}
boost::asio::io_context& Server::io_context() {
  return impl_->io_context();
}
void Server::run() {
  impl_->run();
}
void Server::stop() {
  impl_->stop();
}
void Server::stop_on_signals() {
  impl_->stop_on_signals();
}

}  // namespace xfx::http
