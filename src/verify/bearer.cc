#include "xfx/verify/bearer.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cctype>

namespace xfx::verify {
namespace {

bool is_b64token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' ||
         c == '/';
}

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_b64token(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_b64token_char(s[i])) ++i;
  if (i == 0) return false;
  while (i < s.size() && s[i] == '=') ++i;
  return i == s.size();
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

// A quoted-string (RFC 7230 §3.2.6) for auth-param values: escape '"' and '\'.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string join_scopes(std::span<const std::string> scopes) {
  std::string out;
  for (const std::string& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

}  // namespace

expected<std::string_view, BearerHeaderError> extract_bearer_token(
    std::optional<std::string_view> authorization) {
  if (!authorization) return unexpected(BearerHeaderError::kMissing);
  std::string_view v = *authorization;
  // HTTP parsers strip OWS around field values; tolerate it anyway.
  while (!v.empty() && is_ows(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_ows(v.back())) v.remove_suffix(1);
  if (v.empty()) return unexpected(BearerHeaderError::kMalformed);

  constexpr std::string_view kScheme = "bearer";
  const std::size_t scheme_end = v.find_first_of(" \t");
  const std::string_view scheme = v.substr(0, scheme_end);
  bool is_bearer = scheme.size() == kScheme.size();
  for (std::size_t i = 0; is_bearer && i < scheme.size(); ++i) {
    is_bearer = std::tolower(static_cast<unsigned char>(scheme[i])) == kScheme[i];
  }
  // Another scheme (Basic, DPoP, ...) is not a malformed bearer request: the request simply
  // carries no bearer credentials, and the answer is the plain challenge (RFC 7235 §3.1).
  if (!is_bearer) return unexpected(BearerHeaderError::kMissing);
  // RFC 7235 separates scheme and credentials with 1*SP; a tab is not a separator.
  if (scheme_end == std::string_view::npos || v[scheme_end] != ' ') {
    return unexpected(BearerHeaderError::kMalformed);
  }

  std::string_view token = v.substr(scheme_end);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);  // 1*SP
  if (!is_b64token(token)) return unexpected(BearerHeaderError::kMalformed);
  return token;
}

expected<std::string_view, BearerHeaderError> extract_bearer_token(
    std::span<const std::string_view> authorization_values) {
  if (authorization_values.empty()) return unexpected(BearerHeaderError::kMissing);
  if (authorization_values.size() > 1) return unexpected(BearerHeaderError::kMalformed);
  return extract_bearer_token(std::optional<std::string_view>(authorization_values.front()));
}

HttpRejection to_http_rejection(const AuthFailure& failure, std::string_view realm,
                                std::span<const std::string> required_scopes) {
  HttpRejection out;
  std::string challenge = "Bearer realm=" + quoted(realm);
  boost::json::object body;

  if (const auto* header = std::get_if<BearerHeaderError>(&failure)) {
    if (*header == BearerHeaderError::kMissing) {
      // §3.1: a request without authentication gets the challenge and no error code.
      out.status = 401;
      body["error_description"] = "A bearer token is required";
    } else {
      constexpr std::string_view kWhy = "The Authorization header is not a single bearer token";
      out.status = 400;
      challenge += ", error=\"invalid_request\", error_description=" + quoted(kWhy);
      body["error"] = "invalid_request";
      body["error_description"] = kWhy;
    }
  } else {
    const VerifyError error = std::get<VerifyError>(failure);
    const std::string_view why = description(error);
    if (error == VerifyError::kInsufficientScope) {
      const std::string scope = join_scopes(required_scopes);
      out.status = 403;
      challenge += ", error=\"insufficient_scope\", error_description=" + quoted(why);
      if (!scope.empty()) challenge += ", scope=" + quoted(scope);
      body["error"] = "insufficient_scope";
      body["error_description"] = why;
      if (!scope.empty()) body["scope"] = scope;
    } else {
      out.status = 401;
      challenge += ", error=\"invalid_token\", error_description=" + quoted(why);
      body["error"] = "invalid_token";
      body["error_description"] = why;
    }
  }
  out.www_authenticate = std::move(challenge);
  out.body = boost::json::serialize(body);
  return out;
}

}  // namespace xfx::verify
