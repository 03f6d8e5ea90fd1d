#include "xfx/jose/claims.h"

#include <boost/json/serialize.hpp>

#include <unordered_set>

#include "jose/strict_json.h"

namespace xfx::jose {
namespace {

namespace json = boost::json;

void put_string(json::object& out, std::string_view name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

void put_time(json::object& out, std::string_view name, const std::optional<std::int64_t>& t) {
  if (t) out[name] = *t;
}

bool read_string(const json::object& in, std::string_view name, std::string& out) {
  const json::value* v = in.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_string()) return false;
  out = v->get_string();
  return true;
}

// NumericDate (RFC 7519 §2) allows fractions, but xfx issues whole seconds and a fraction or an
// exponent in a time claim is more likely an attack on a parser than a clock, so only JSON
// integers written without '.' or 'e' that fit an int64 are accepted (1e9 and 1.0 are refused).
// Boost.JSON hands larger integers over as uint64 or double, which are refused here too, so no
// value can overflow.
bool read_time(const json::object& in, std::string_view name, std::optional<std::int64_t>& out) {
  const json::value* v = in.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_int64()) return false;
  out = v->get_int64();
  return true;
}

bool read_audience(const json::object& in, std::vector<std::string>& out) {
  const json::value* v = in.if_contains("aud");
  if (v == nullptr) return true;
  if (v->is_string()) {
    out.emplace_back(v->get_string());
    return true;
  }
  if (!v->is_array()) return false;
  out.reserve(v->get_array().size());
  for (const json::value& member : v->get_array()) {
    if (!member.is_string()) return false;
    out.emplace_back(member.get_string());
  }
  return true;
}

}  // namespace

std::string to_json(const Claims& claims) {
  json::object out;
  put_string(out, "iss", claims.iss);
  put_string(out, "sub", claims.sub);
  if (claims.aud.size() == 1) {
    out["aud"] = claims.aud.front();
  } else if (!claims.aud.empty()) {
    json::array aud;
    for (const std::string& a : claims.aud) aud.emplace_back(a);
    out["aud"] = std::move(aud);
  }
  put_time(out, "iat", claims.iat);
  put_time(out, "exp", claims.exp);
  put_time(out, "nbf", claims.nbf);
  put_string(out, "azp", claims.azp);
  put_string(out, "client_id", claims.client_id);
  put_string(out, "scope", claims.scope);
  put_string(out, "gty", claims.gty);
  put_string(out, "jti", claims.jti);
  return json::serialize(out);
}

expected<Claims, JoseError> parse_claims(std::string_view payload_json) {
  auto object = detail::parse_json_object(payload_json);
  if (!object) return unexpected(object.error());
  const json::object& in = *object;
  Claims c;
  const bool ok = read_string(in, "iss", c.iss) && read_string(in, "sub", c.sub) &&
                  read_audience(in, c.aud) && read_time(in, "iat", c.iat) &&
                  read_time(in, "exp", c.exp) && read_time(in, "nbf", c.nbf) &&
                  read_string(in, "azp", c.azp) && read_string(in, "client_id", c.client_id) &&
                  read_string(in, "scope", c.scope) && read_string(in, "gty", c.gty) &&
                  read_string(in, "jti", c.jti);
  if (!ok) return unexpected(JoseError::kBadJson);
  return c;
}

std::vector<std::string> split_scope(std::string_view scope) {
  std::vector<std::string> tokens;
  std::unordered_set<std::string_view> seen;
  std::size_t pos = 0;
  while (pos < scope.size()) {
    std::size_t end = scope.find(' ', pos);
    if (end == std::string_view::npos) end = scope.size();
    const std::string_view token = scope.substr(pos, end - pos);
    if (!token.empty() && seen.insert(token).second) tokens.emplace_back(token);
    pos = end + 1;
  }
  return tokens;
}

}  // namespace xfx::jose
