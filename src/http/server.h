// xfx_http: a small HTTP/1.1 server (plain or TLS) on Boost.Beast/Asio, shared by xfx-authd and
// the demo resource server. Handlers are synchronous functions of a parsed request; the library
// owns sockets, limits, timeouts, access logging and graceful shutdown.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

// Forward declaration keeps OpenSSL headers out of every includer; make_tls_context builds one.
namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace xfx::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Per-request facts the handler may read, plus what it may report back for the access log.
struct RequestContext {
  std::string remote_address;  // peer IP without port
  bool tls = false;
  // Set by the handler once it knows who is calling; logged. Never put a secret here.
  std::string client_id;
};

// Synchronous; runs on an I/O thread, so it must not block for long. Should not throw: if it
// does, the connection answers 500 {"error":"server_error"} and the server keeps running.
using Handler = std::function<Response(const Request&, RequestContext&)>;

struct Limits {
  std::size_t max_body_bytes = 16 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  std::chrono::seconds read_timeout{10};  // whole request, from its first byte
  // Keep-alive wait for the next request. A new connection's first byte must arrive within
  // min(idle_timeout, read_timeout): a silent new connection is not worth a minute of a slot.
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds write_timeout{10};  // writing one response
  std::chrono::seconds tls_handshake_timeout{10};
  std::chrono::seconds drain_timeout{10};       // stop(): how long in-flight work may finish
  std::size_t max_connections = 4096;           // beyond this, new connections are closed at once
  std::size_t max_requests_per_connection = 0;  // 0 = unlimited
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = ephemeral; read the bound port with Server::port()
  unsigned threads = 0;    // 0 = std::thread::hardware_concurrency()
  Limits limits;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null = plain HTTP
};

// Receives one JSON object per call (no trailing newline). Called from I/O threads, possibly
// concurrently: the sink must be thread-safe.
using LogSink = std::function<void(std::string_view json_line)>;

class Server {
 public:
  Server(ServerConfig config, Handler handler, LogSink log);
  // Destroy only once run() has returned (or was never called); it does not wait for run().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws std::runtime_error naming the address and the reason (address
  // in use, permission denied, ...). Logs {"event":"listening","address":..,"port":..,"tls":..}.
  void listen();
  std::uint16_t port() const;  // valid after listen()

  // For the application's own timers (e.g. polling the registry); runs on the I/O threads.
  boost::asio::io_context& io_context();

  // Runs the I/O threads (the caller's thread is one of them). Returns after stop(), once every
  // connection has finished or the drain timeout has force-closed it. Call listen() first.
  void run();

  // Graceful and thread-safe (also from a signal_set handler): stops accepting, lets in-flight
  // requests finish and be written with Connection: close, closes idle keep-alive connections,
  // force-closes what is left after Limits::drain_timeout. Idempotent.
  void stop();

  // Installs a signal_set for SIGINT and SIGTERM that logs {"event":"shutdown","signal":N} and
  // calls stop(). Call before run().
  void stop_on_signals();

  class Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// TLS 1.2+, no compression, no renegotiation, server cipher preference. Throws
// std::runtime_error with a message naming the file and the problem (missing, unreadable, not
// PEM, key does not match certificate); never includes key material.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(
    const std::filesystem::path& cert_chain_pem, const std::filesystem::path& private_key_pem);

// A response with Content-Type: application/json, the request's version and keep-alive, and
// Content-Length set.
Response json_response(const Request& req, boost::beast::http::status status,
                       std::string body_json);

// {"error":error,"error_description":description} as a json_response (properly escaped).
Response json_error(const Request& req, boost::beast::http::status status, std::string_view error,
                    std::string_view description);

// Exact-path dispatch, ignoring the query string. Unknown path -> 404
// {"error":"not_found",...}; known path with another method -> 405 with an Allow header and
// {"error":"method_not_allowed",...}. Build it fully before the server runs; it is then read
// concurrently without locks.
class Router {
 public:
  void add(boost::beast::http::verb method, std::string path, Handler handler);
  Response operator()(const Request& req, RequestContext& ctx) const;

 private:
  std::map<std::string, std::vector<std::pair<boost::beast::http::verb, Handler>>, std::less<>>
      routes_;
};

// The path of a request target without the query string or fragment ("/a?b" -> "/a").
std::string_view path_of(std::string_view target);

}  // namespace xfx::http
