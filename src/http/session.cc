// One coroutine per connection, shared by plain TCP and TLS (templated on the stream type).
#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "http/server_impl.h"

namespace xfx::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::ip::tcp;
using TlsStream = net::ssl::stream<beast::tcp_stream>;

namespace {

constexpr auto kAwait = net::use_awaitable;
// After a final response we half-close and read what the client still sends (an unread body,
// its FIN) so that closing does not reset the connection and destroy the response in flight.
constexpr std::chrono::seconds kMaxLinger{2};
constexpr std::size_t kMaxLingerBytes = 1024 * 1024;

struct Rejection {
  bhttp::status status;
  std::string description;
};

// Parse failures the client deserves an answer to; everything else (timeouts, resets, a client
// that went away mid-request) just closes the connection.
std::optional<Rejection> rejection_for(const beast::error_code& ec, const Limits& limits) {
  if (ec == bhttp::error::body_limit) {
    return Rejection{bhttp::status::payload_too_large,
                     "request body exceeds " + std::to_string(limits.max_body_bytes) + " bytes"};
  }
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    return Rejection{
        bhttp::status::request_header_fields_too_large,
        "request header fields exceed " + std::to_string(limits.max_header_bytes) + " bytes"};
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == bhttp::error::need_more || ec == bhttp::error::need_buffer ||
      ec == bhttp::error::short_read) {
    return std::nullopt;
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return Rejection{bhttp::status::bad_request, "malformed HTTP request"};
  }
  return std::nullopt;
}

Response call_handler(Server::Impl& server, const Request& req, RequestContext& ctx) {
  try {
    return server.handler()(req, ctx);
  } catch (const std::exception& e) {
    server.log().event("handler_exception", {{"what", e.what()}});
  } catch (...) {
    server.log().event("handler_exception", {{"what", "unknown exception"}});
  }
  return json_error(req, bhttp::status::internal_server_error, "server_error", "internal error");
}

void log_access(Server::Impl& server, std::string_view method, std::string_view target,
                unsigned status, std::chrono::steady_clock::time_point started,
                const RequestContext& ctx) {
  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  boost::json::object line{{"method", method},
                           {"path", path_of(target)},  // the query string can carry secrets
                           {"status", status},
                           {"latency_us", latency.count()},
                           {"remote", ctx.remote_address}};
  if (!ctx.client_id.empty()) line["client_id"] = ctx.client_id;
  server.log().write(std::move(line));
}

// Clears the connection's pointer to the stream whenever the coroutine frame goes away, so that
// stop() never touches a destroyed stream.
struct StreamRegistration {
  Connection& conn;
  explicit StreamRegistration(Connection& c, beast::tcp_stream& tcp) : conn(c) { conn.tcp = &tcp; }
  ~StreamRegistration() { conn.tcp = nullptr; }
  StreamRegistration(const StreamRegistration&) = delete;
  StreamRegistration& operator=(const StreamRegistration&) = delete;
};

net::awaitable<void> close_gracefully(beast::tcp_stream& stream, const Limits& limits) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::min<std::chrono::seconds>(limits.read_timeout, kMaxLinger));
  char scratch[4096];
  std::size_t drained = 0;
  while (!ec && drained < kMaxLingerBytes) {
    drained +=
        co_await stream.async_read_some(net::buffer(scratch), net::redirect_error(kAwait, ec));
  }
  stream.close();
}

net::awaitable<void> close_gracefully(TlsStream& stream, const Limits& limits) {
  beast::error_code ec;
  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(std::min<std::chrono::seconds>(limits.write_timeout, kMaxLinger));
  co_await stream.async_shutdown(net::redirect_error(kAwait, ec));  // sends close_notify
  tcp.close();
}

template <class Stream>
net::awaitable<void> serve(Server::Impl& server, std::shared_ptr<Connection> conn,
                           tcp::socket socket) {
  constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  const Limits& limits = server.limits();
  RequestContext base_ctx;
  base_ctx.tls = kTls;
  {
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) co_return;  // already gone
    base_ctx.remote_address = peer.address().to_string();
  }

  std::optional<Stream> holder;
  if constexpr (kTls) {
    holder.emplace(beast::tcp_stream(std::move(socket)), *server.tls());
  } else {
    holder.emplace(std::move(socket));
  }
  Stream& stream = *holder;
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  StreamRegistration registration(*conn, tcp);
  beast::error_code ec;

  if constexpr (kTls) {
    conn->phase = Phase::handshake;
    if (server.stopping()) co_return;
    tcp.expires_after(limits.tls_handshake_timeout);
    co_await stream.async_handshake(net::ssl::stream_base::server, net::redirect_error(kAwait, ec));
    if (ec) {
      server.log().event("tls_handshake_failed",
                         {{"remote", base_ctx.remote_address}, {"reason", ec.message()}});
      co_return;
    }
  }

  beast::flat_buffer buffer;
  std::size_t served = 0;
  for (;;) {
    // Wait for the first byte of the next request under the idle timeout (the first request
    // of a connection also under the read timeout: a silent new connection is not a client).
    conn->phase = Phase::idle;
    if (server.stopping()) co_return;
    if (buffer.size() == 0) {
      tcp.expires_after(served == 0 ? std::min(limits.idle_timeout, limits.read_timeout)
                                    : limits.idle_timeout);
      const std::size_t n =
          co_await stream.async_read_some(buffer.prepare(4096), net::redirect_error(kAwait, ec));
      if (ec) co_return;  // peer closed, idle timeout, or stop()
      buffer.commit(n);
    }

    // From the first byte, the whole request must arrive within the read timeout.
    conn->phase = Phase::reading;
    const auto started = std::chrono::steady_clock::now();
    tcp.expires_after(limits.read_timeout);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
    parser.body_limit(limits.max_body_bytes);
    co_await bhttp::async_read_header(stream, buffer, parser, net::redirect_error(kAwait, ec));
    if (!ec && !parser.is_done()) {
      // curl (and others) wait for this before sending a body.
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, go_on, net::redirect_error(kAwait, ec));
      }
      if (!ec) co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(kAwait, ec));
    }

    Response res;
    RequestContext ctx = base_ctx;
    std::string method;
    std::string target;
    bool head = false;
    if (ec) {
      const auto rejection = rejection_for(ec, limits);
      if (!rejection) co_return;
      method = parser.get().method_string();
      target = parser.get().target();
      Request stub{bhttp::verb::get, "/", 11};
      res = json_error(stub, rejection->status, "invalid_request", rejection->description);
      res.keep_alive(false);  // the stream position is unknown (413: the body is unread)
    } else {
      Request req = parser.release();
      method = req.method_string();
      target = req.target();
      head = req.method() == bhttp::verb::head;
      conn->phase = Phase::handling;
      res = call_handler(server, req, ctx);
      if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
      if (!req.keep_alive()) res.keep_alive(false);
    }
    ++served;
    if (server.stopping() ||
        (limits.max_requests_per_connection != 0 && served >= limits.max_requests_per_connection)) {
      res.keep_alive(false);
    }
    if (head) res.body().clear();  // Content-Length still describes the GET representation

    conn->phase = Phase::writing;
    tcp.expires_after(limits.write_timeout);
    co_await bhttp::async_write(stream, res, net::redirect_error(kAwait, ec));
    log_access(server, method, target, res.result_int(), started, ctx);
    if (ec) co_return;
    if (res.need_eof()) {
      conn->phase = Phase::closing;
      co_await close_gracefully(stream, limits);
      co_return;
    }
  }
}

}  // namespace

void spawn_session(Server::Impl& server, std::shared_ptr<Connection> conn, tcp::socket socket) {
  auto done = [&server, conn](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        server.log().event("session_exception", {{"what", ex.what()}});
      } catch (...) {
        server.log().event("session_exception", {{"what", "unknown exception"}});
      }
    }
    server.on_session_end(conn);
  };
  if (server.tls()) {
    net::co_spawn(conn->strand, serve<TlsStream>(server, conn, std::move(socket)), done);
  } else {
    net::co_spawn(conn->strand, serve<beast::tcp_stream>(server, conn, std::move(socket)), done);
  }
}

}  // namespace xfx::http::detail
