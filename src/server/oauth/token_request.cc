#include "server/oauth/token_request.h"

#include <boost/beast/core/string.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>
#include <cctype>

namespace xfx::oauth {
namespace {

OAuthError invalid_request(std::string description) {
  return {ErrorCode::kInvalidRequest, std::move(description)};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// SAX handler that accepts exactly one flat object whose values are strings. A DOM parse would
// silently keep the last of two equal keys; RFC 6749 §3.2 wants repeated parameters refused, so
// the handler records every pair and the caller checks for repeats once, for both body formats.
class FlatObjectHandler {
 public:
  static constexpr std::size_t max_object_size = kMaxParameters;
  static constexpr std::size_t max_array_size = 0;
  static constexpr std::size_t max_key_size = kMaxParameterBytes;
  static constexpr std::size_t max_string_size = kMaxParameterBytes;

  Parameters params;
  std::string problem;

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) {
    if (++depth_ > 1) return fail(ec, "parameter values must be strings");
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    --depth_;
    return true;
  }
  bool on_array_begin(boost::system::error_code& ec) {
    return fail(ec,
                depth_ == 0 ? "body must be a JSON object" : "parameter values must be strings");
  }
  bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    value_.append(s.data(), s.size());
    return true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code& ec) {
    if (depth_ == 0) return fail(ec, "body must be a JSON object");
    value_.append(s.data(), s.size());
    params.emplace_back(std::move(key_), std::move(value_));
    key_.clear();
    value_.clear();
    return true;
  }
  bool on_number_part(boost::json::string_view, boost::system::error_code& ec) {
    return scalar(ec);
  }
  bool on_int64(std::int64_t, boost::json::string_view, boost::system::error_code& ec) {
    return scalar(ec);
  }
  bool on_uint64(std::uint64_t, boost::json::string_view, boost::system::error_code& ec) {
    return scalar(ec);
  }
  bool on_double(double, boost::json::string_view, boost::system::error_code& ec) {
    return scalar(ec);
  }
  bool on_bool(bool, boost::system::error_code& ec) { return scalar(ec); }
  bool on_null(boost::system::error_code& ec) { return scalar(ec); }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

 private:
  bool scalar(boost::system::error_code& ec) {
    return fail(ec,
                depth_ == 0 ? "body must be a JSON object" : "parameter values must be strings");
  }
  bool fail(boost::system::error_code& ec, std::string why) {
    problem = std::move(why);
    ec = boost::json::error::syntax;
    return false;
  }
  int depth_ = 0;
  std::string key_;
  std::string value_;
};

expected<std::string, OAuthError> form_decode(std::string_view encoded) {
  auto pct = boost::urls::make_pct_string_view(encoded);
  if (!pct) return unexpected(invalid_request("malformed percent-encoding"));
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  return pct->decode(opts);
}

// Standard base64 (RFC 4648 §4, with padding) as Basic authentication uses it.
std::optional<std::string> base64_decode(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0 || in.size() > kMaxParameterBytes) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = in.ends_with("==") ? 2 : in.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

// RFC 6749 §2.3.1: "Basic base64(urlencode(id) ':' urlencode(secret))". Any failure here is a
// failed client authentication attempted through the Authorization header: 401 invalid_client
// with WWW-Authenticate (RFC 6749 §5.2).
expected<std::pair<std::string, std::string>, OAuthError> parse_basic(std::string_view header) {
  auto failed = [](std::string description) {
    return unexpected(OAuthError{ErrorCode::kInvalidClient, std::move(description), true});
  };
  auto space = std::min(header.find(' '), header.size());
  if (!boost::beast::iequals(header.substr(0, space), "Basic")) {
    return failed("unsupported client authentication scheme; use Basic or client_secret_post");
  }
  auto decoded = base64_decode(trim(header.substr(space)));
  if (!decoded) return failed("malformed Basic authorization header");
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return failed("malformed Basic authorization header");
  auto id = form_decode(std::string_view(*decoded).substr(0, colon));
  auto secret = form_decode(std::string_view(*decoded).substr(colon + 1));
  if (!id || !secret) return failed("malformed Basic authorization header");
  return std::pair{std::move(*id), std::move(*secret)};
}

bool is_absolute_uri_without_fragment(std::string_view s) {
  auto u = boost::urls::parse_absolute_uri(s);
  return u.has_value();  // parse_absolute_uri's grammar has no fragment
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by one space.
bool is_valid_scope(std::string_view scope) {
  if (scope.empty()) return false;
  bool previous_space = true;
  for (unsigned char c : scope) {
    if (c == ' ') {
      if (previous_space) return false;
      previous_space = true;
      continue;
    }
    if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) return false;
    previous_space = false;
  }
  return !previous_space;
}

}  // namespace

expected<Parameters, OAuthError> parse_json_parameters(std::string_view body) {
  boost::json::basic_parser<FlatObjectHandler> parser(boost::json::parse_options{});
  boost::system::error_code ec;
  std::size_t n = parser.write_some(false, body.data(), body.size(), ec);
  if (ec || n != body.size()) {
    auto& problem = parser.handler().problem;
    return unexpected(invalid_request(problem.empty() ? "malformed JSON body" : problem));
  }
  return std::move(parser.handler().params);
}

expected<Parameters, OAuthError> parse_form_parameters(std::string_view body) {
  Parameters params;
  if (body.empty()) return params;
  auto query = boost::urls::parse_query(body);
  if (!query) return unexpected(invalid_request("malformed form body"));
  for (auto param : *query) {
    if (params.size() == kMaxParameters) return unexpected(invalid_request("too many parameters"));
    auto key = form_decode(param.key);
    auto value = form_decode(param.value);
    if (!key || !value) return unexpected(invalid_request("malformed percent-encoding"));
    params.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

expected<TokenRequest, OAuthError> parse_token_request(std::string_view content_type,
                                                       std::string_view body,
                                                       std::string_view authorization) {
  std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  expected<Parameters, OAuthError> params = [&]() -> expected<Parameters, OAuthError> {
    if (boost::beast::iequals(media, "application/json")) return parse_json_parameters(body);
    if (boost::beast::iequals(media, "application/x-www-form-urlencoded"))
      return parse_form_parameters(body);
    return unexpected(OAuthError{
        ErrorCode::kUnsupportedMediaType,
        "Content-Type must be application/json or application/x-www-form-urlencoded", false});
  }();
  if (!params) return unexpected(params.error());

  // RFC 6749 §3.1: parameters sent without a value are treated as omitted; repeats are refused.
  auto lookup = [&](std::string_view name) -> expected<std::string, OAuthError> {
    const std::string* found = nullptr;
    for (const auto& [key, value] : *params) {
      if (key != name) continue;
      if (found) return unexpected(invalid_request("parameter '" + key + "' is repeated"));
      found = &value;
    }
    if (found && found->size() > kMaxParameterBytes) {
      return unexpected(invalid_request("parameter '" + std::string(name) + "' is too long"));
    }
    return found ? *found : std::string();
  };
  for (const auto& [key, value] : *params) {
    if (key.size() > kMaxParameterBytes)
      return unexpected(invalid_request("parameter name too long"));
    if (auto v = lookup(key); !v) return unexpected(v.error());
  }

  TokenRequest req;
  req.grant_type = *lookup("grant_type");
  if (req.grant_type.empty()) return unexpected(invalid_request("missing parameter 'grant_type'"));
  if (req.grant_type != "client_credentials") {
    return unexpected(OAuthError{ErrorCode::kUnsupportedGrantType,
                                 "grant type '" + req.grant_type + "' is not supported", false});
  }

  std::string body_id = *lookup("client_id");
  std::string body_secret = *lookup("client_secret");
  if (!trim(authorization).empty()) {
    if (!body_secret.empty()) {
      return unexpected(OAuthError{ErrorCode::kInvalidRequest,
                                   "use one client authentication method, not Basic and "
                                   "client_secret together",
                                   true});
    }
    auto basic = parse_basic(trim(authorization));
    if (!basic) return unexpected(basic.error());
    if (!body_id.empty() && body_id != basic->first) {
      return unexpected(OAuthError{ErrorCode::kInvalidRequest,
                                   "client_id differs from the Basic credentials", true});
    }
    req.auth_method = ClientAuthMethod::kSecretBasic;
    req.client_id = std::move(basic->first);
    req.client_secret = std::move(basic->second);
  } else if (!body_id.empty() || !body_secret.empty()) {
    req.auth_method = ClientAuthMethod::kSecretPost;
    req.client_id = std::move(body_id);
    req.client_secret = std::move(body_secret);
  }

  std::string audience = *lookup("audience");
  std::string resource = *lookup("resource");
  if (!resource.empty()) {
    if (!is_absolute_uri_without_fragment(resource)) {
      return unexpected(OAuthError{ErrorCode::kInvalidTarget,
                                   "resource must be an absolute URI without a fragment", false});
    }
    if (!audience.empty() && audience != resource) {
      return unexpected(invalid_request("audience and resource name different APIs"));
    }
    audience = std::move(resource);
  }
  req.audience = std::move(audience);

  std::string scope = *lookup("scope");
  if (!scope.empty()) {
    if (!is_valid_scope(scope)) {
      return unexpected(OAuthError{ErrorCode::kInvalidScope, "malformed scope", false});
    }
    req.scope = std::move(scope);
  }
  return req;
}

}  // namespace xfx::oauth
