#include "http/event_log.h"

#include <cstdio>
#include <ctime>

#include <boost/json/serialize.hpp>

namespace xfx::http::detail {

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

void EventLog::write(boost::json::object line) const noexcept {
  if (!sink_) return;
  try {
    boost::json::object out;
    out["ts"] = utc_timestamp(std::chrono::system_clock::now());
    for (auto& [key, value] : line) out[key] = std::move(value);
    sink_(boost::json::serialize(out));
  } catch (...) {
    // Logging is best effort; the request it describes has already been answered.
  }
}

void EventLog::event(std::string_view name, boost::json::object fields) const noexcept {
  try {
    boost::json::object line;
    line["event"] = name;
    for (auto& [key, value] : fields) line[key] = std::move(value);
    write(std::move(line));
  } catch (...) {
  }
}

}  // namespace xfx::http::detail
