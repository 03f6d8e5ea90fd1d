// Internal: JSON log lines (access log and server events) written to the application's sink.
#pragma once

#include <chrono>
#include <string>

#include <boost/json/object.hpp>

#include "http/server.h"

namespace xfx::http::detail {

// RFC 3339 UTC with milliseconds, e.g. "2026-01-02T03:04:05.678Z".
std::string utc_timestamp(std::chrono::system_clock::time_point t);

class EventLog {
 public:
  explicit EventLog(LogSink sink) : sink_(std::move(sink)) {}

  // Adds "ts" and writes one line. Never throws: a failing sink must not take the server down.
  void write(boost::json::object line) const noexcept;

  // {"event":name, ...fields}.
  void event(std::string_view name, boost::json::object fields = {}) const noexcept;

 private:
  LogSink sink_;
};

}  // namespace xfx::http::detail
