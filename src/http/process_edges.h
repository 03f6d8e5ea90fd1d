// What every server binary's main needs around an http::Server: its --listen value parsed, and
// a log sink that writes the access log to stdout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/server.h"

namespace xfx::http {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "HOST:PORT" or "[IPv6]:PORT"; port 0 means any free port. Throws std::runtime_error with a
// message naming `flag` when malformed.
ListenAddress parse_listen_address(std::string_view text, std::string_view flag = "--listen");

// One JSON object per line on stdout, flushed, lines never interleaved across threads.
LogSink stdout_log_sink();

}  // namespace xfx::http
