#include "http/process_edges.h"

#include <charconv>
#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace xfx::http {

ListenAddress parse_listen_address(std::string_view text, std::string_view flag) {
  auto colon = text.rfind(':');
  std::string host(text.substr(0, colon == std::string_view::npos ? 0 : colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  auto rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), port);
  if (colon == std::string_view::npos || host.empty() || rest.empty() || ec != std::errc() ||
      end != rest.data() + rest.size() || port > 65535) {
    throw std::runtime_error(std::string(flag) + " must be HOST:PORT with a port from 0 to 65535");
  }
  return {std::move(host), static_cast<std::uint16_t>(port)};
}

LogSink stdout_log_sink() {
  return [](std::string_view line) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };
}

}  // namespace xfx::http
