// Internal: the state behind xfx::http::Server, shared by the listener (server.cc) and the
// per-connection sessions (session.cc).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <set>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/event_log.h"
#include "http/server.h"

namespace xfx::http::detail {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

// What a connection is doing decides how stop() treats it: waiting connections are closed at
// once, connections with a request in flight finish it first.
enum class Phase { handshake, idle, reading, handling, writing, closing };

// One accepted connection as the server sees it. Every field is touched only on `strand`.
struct Connection {
  explicit Connection(Strand s) : strand(std::move(s)) {}
  Strand strand;
  boost::beast::tcp_stream* tcp = nullptr;  // owned by the session; null once it has ended
  Phase phase = Phase::handshake;
};

// Starts the session coroutine for an accepted socket (plain or TLS per the server config).
void spawn_session(Server::Impl& server, std::shared_ptr<Connection> conn,
                   boost::asio::ip::tcp::socket socket);

}  // namespace xfx::http::detail

namespace xfx::http {

class Server::Impl {
 public:
  Impl(ServerConfig config, Handler handler, LogSink log);
  ~Impl();

  void listen();
  std::uint16_t port() const { return port_; }
  boost::asio::io_context& io_context() { return ioc_; }
  void run();
  void stop();
  void stop_on_signals();

  // Used by sessions.
  const Limits& limits() const { return config_.limits; }
  boost::asio::ssl::context* tls() const { return config_.tls.get(); }
  const Handler& handler() const { return handler_; }
  const detail::EventLog& log() const { return log_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  void on_session_end(std::shared_ptr<detail::Connection> conn);  // any thread

 private:
  boost::asio::awaitable<void> accept_loop();
  void begin_stop();   // control strand
  void force_close();  // control strand
  void finish();       // control strand

  ServerConfig config_;
  Handler handler_;
  detail::EventLog log_;
  unsigned threads_;
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;
  std::set<std::shared_ptr<detail::Connection>> connections_;  // control strand only

  // Declared after everything the pending handlers touch, and before the I/O objects, so that
  // destruction closes the I/O objects, then lets io_context destroy abandoned sessions while
  // the state above still exists.
  boost::asio::io_context ioc_;
  detail::Strand control_;  // acceptor, signals, drain timer, connection set
  boost::asio::ip::tcp::acceptor acceptor_;
  std::optional<boost::asio::signal_set> signals_;
  boost::asio::steady_timer drain_timer_;
};

}  // namespace xfx::http
