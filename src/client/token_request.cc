#include "client/token_request.h"

#include <boost/beast/core/string.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <ctime>

namespace xfx::client::detail {

namespace json = boost::json;

std::string form_urlencode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

HttpRequest build_token_request(const Config& config, std::string_view token_url,
                                std::string_view audience, std::string_view scope) {
  std::vector<std::pair<std::string_view, std::string_view>> params;
  params.emplace_back("grant_type", "client_credentials");
  const bool post = config.auth_method == ClientAuthMethod::kClientSecretPost;
  if (post) {
    params.emplace_back("client_id", config.client_id);
    params.emplace_back("client_secret", config.client_secret);
  }
  if (!audience.empty()) {
    params.emplace_back(
        config.audience_parameter == AudienceParameter::kResource ? "resource" : "audience",
        audience);
  }
  if (!scope.empty()) params.emplace_back("scope", scope);

  HttpRequest request;
  request.method = "POST";
  request.url = std::string(token_url);
  if (config.body_format == BodyFormat::kJson) {
    json::object body;
    for (const auto& [k, v] : params) body[k] = v;
    request.body = json::serialize(body);
    request.headers.emplace_back("Content-Type", "application/json");
  } else {
    for (const auto& [k, v] : params) {
      if (!request.body.empty()) request.body += '&';
      request.body += form_urlencode(k);
      request.body += '=';
      request.body += form_urlencode(v);
    }
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  if (!post) {
    // RFC 6749 §2.3.1: each part form-urlencoded before base64.
    request.headers.emplace_back("Authorization",
                                 "Basic " + base64_encode(form_urlencode(config.client_id) + ":" +
                                                          form_urlencode(config.client_secret)));
  }
  request.headers.emplace_back("Accept", "application/json");
  return request;
}

namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Anything shaped like a JWS (eyJ..., two dots) is a credential whoever it belongs to.
void redact_jwts(std::string& out) {
  for (std::size_t pos = out.find("eyJ"); pos != std::string::npos; pos = out.find("eyJ", pos)) {
    if (pos > 0 && is_token_char(out[pos - 1])) {
      pos += 3;
      continue;
    }
    std::size_t end = pos;
    int dots = 0;
    while (end < out.size() && is_token_char(out[end])) dots += out[end++] == '.';
    if (dots >= 2) {
      out.replace(pos, end - pos, "[redacted]");
      pos += 10;
    } else {
      pos = end;
    }
  }
}

}  // namespace

std::string scrub(std::string_view text, std::string_view secret, std::size_t max_length) {
  std::string out(text);
  redact_jwts(out);
  if (!secret.empty()) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos)) {
      out.replace(pos, secret.size(), "[redacted]");
      pos += 10;
    }
  }
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (out.size() > max_length) {
    out.resize(max_length);
    out += "...";
  }
  return out;
}

std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point wall_now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    long long n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || p != value.data() + value.size() || n < 0) return std::nullopt;
    return std::chrono::seconds{std::min<long long>(n, 86400)};
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string copy(value);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  const auto delta = std::chrono::duration_cast<std::chrono::seconds>(when - wall_now);
  return std::clamp(delta, std::chrono::seconds{0}, std::chrono::seconds{86400});
}

AuthError from_transport_error(const TransportError& error, std::string_view secret) {
  AuthError e;
  e.kind = AuthErrorKind::kTransport;
  e.transport = error.kind;
  e.detail = scrub(error.message, secret, 300);
  return e;
}

namespace {

std::optional<std::string_view> string_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

AuthError invalid_response(int status, std::string detail) {
  AuthError e;
  e.kind = AuthErrorKind::kInvalidResponse;
  e.http_status = status;
  e.detail = std::move(detail);
  return e;
}

std::optional<std::chrono::seconds> expires_in_of(const json::value* v) {
  if (v == nullptr) return kAssumedLifetime;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    n = static_cast<std::int64_t>(std::min<std::uint64_t>(v->get_uint64(), INT32_MAX));
  } else if (v->is_double()) {
    n = static_cast<std::int64_t>(v->get_double());
  } else if (v->is_string()) {  // some servers quote it
    const auto& s = v->get_string();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (n < 0) return std::nullopt;
  return std::chrono::seconds{std::min<std::int64_t>(n, INT32_MAX)};
}

}  // namespace

expected<TokenResponse, AuthError> interpret_token_response(const HttpResponse& response,
                                                            std::string_view secret) {
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  const json::object* object = (!ec && body.is_object()) ? &body.get_object() : nullptr;

  if (response.status != 200) {
    AuthError e;
    e.http_status = response.status;
    if (auto ra = response.header("Retry-After")) {
      e.retry_after = parse_retry_after(*ra, std::chrono::system_clock::now());
    }
    const auto code = object ? string_member(*object, "error") : std::nullopt;
    if (code) {
      e.kind = AuthErrorKind::kOAuth;
      e.error = scrub(*code, secret, 64);
      if (auto d = string_member(*object, "error_description")) {
        e.error_description = scrub(*d, secret);
      }
    } else {
      e.kind = AuthErrorKind::kHttpStatus;  // the body is not repeated: it could be anything
    }
    return unexpected(std::move(e));
  }

  if (object == nullptr) return unexpected(invalid_response(200, "body is not a JSON object"));
  const auto token = string_member(*object, "access_token");
  if (!token || token->empty()) {
    return unexpected(invalid_response(200, "no access_token in the response"));
  }
  const auto type = string_member(*object, "token_type");
  if (!type || !boost::beast::iequals(*type, "bearer")) {
    return unexpected(invalid_response(200, "token_type is not Bearer"));
  }
  const auto expires_in = expires_in_of(object->if_contains("expires_in"));
  if (!expires_in) return unexpected(invalid_response(200, "expires_in is not a number"));

  TokenResponse out;
  out.access_token = std::string(*token);
  out.token_type = "Bearer";
  out.scope = std::string(string_member(*object, "scope").value_or(""));
  out.expires_in = *expires_in;
  return out;
}

}  // namespace xfx::client::detail
