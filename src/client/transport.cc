#include "xfx/client/transport.h"

#include <algorithm>
#include <cctype>

namespace xfx::client {

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::string_view to_string(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kConnect:
      return "connect";
    case TransportErrorKind::kTimeout:
      return "timeout";
    case TransportErrorKind::kTls:
      return "tls";
    case TransportErrorKind::kResponseTooLarge:
      return "response_too_large";
    case TransportErrorKind::kOther:
      return "other";
  }
  return "other";
}

}  // namespace xfx::client
