// xfx decode TOKEN: show a JWT's header and claims. Nothing is verified, and the output says so.
#include <boost/json.hpp>

#include <ctime>
#include <iostream>
#include <iterator>

#include "command.h"
#include "xfx/jose/base64url.h"

namespace xfx::cli {
namespace {

namespace json = boost::json;

void pretty(std::ostream& out, const json::value& v, int indent = 0) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  const std::string close(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) {
      out << "{}";
      return;
    }
    out << "{\n";
    std::size_t i = 0;
    for (const auto& kv : o) {
      out << pad << json::serialize(json::value(kv.key())) << ": ";
      pretty(out, kv.value(), indent + 2);
      out << (++i < o.size() ? ",\n" : "\n");
    }
    out << close << "}";
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) {
      out << "[]";
      return;
    }
    out << "[\n";
    for (std::size_t i = 0; i < a.size(); ++i) {
      out << pad;
      pretty(out, a[i], indent + 2);
      out << (i + 1 < a.size() ? ",\n" : "\n");
    }
    out << close << "]";
  } else {
    out << json::serialize(v);
  }
}

json::object decode_segment(std::string_view segment, const char* what) {
  auto bytes = jose::base64url_decode(segment);
  if (!bytes) throw CliError(std::string("the ") + what + " is not base64url");
  boost::system::error_code ec;
  json::value v = json::parse(*bytes, ec);
  if (ec || !v.is_object()) throw CliError(std::string("the ") + what + " is not a JSON object");
  return std::move(v.get_object());
}

std::string describe_time(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  const std::int64_t delta = t - static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t a = delta < 0 ? -delta : delta;
  std::string rel = a >= 3600 ? std::to_string(a / 3600) + "h" + std::to_string(a % 3600 / 60) + "m"
                    : a >= 60 ? std::to_string(a / 60) + "m" + std::to_string(a % 60) + "s"
                              : std::to_string(a) + "s";
  return std::string(buf) + (delta < 0 ? " (" + rel + " ago)" : " (in " + rel + ")");
}

void run(const std::string& input, bool as_json) {
  std::string token = input;
  if (token == "-") {
    token.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) {
    token.erase(0, 1);
  }
  if (token.rfind("Bearer ", 0) == 0) token.erase(0, 7);

  const auto first = token.find('.');
  const auto second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    throw CliError("not a JWS compact token (expected three dot-separated parts)");
  }
  const json::object header = decode_segment(std::string_view(token).substr(0, first), "header");
  const json::object claims =
      decode_segment(std::string_view(token).substr(first + 1, second - first - 1), "payload");

  if (as_json) {
    json::object out;
    out["verified"] = false;
    out["header"] = header;
    out["claims"] = claims;
    pretty(std::cout, out);
    std::cout << "\n";
    return;
  }
  std::cout << "UNVERIFIED: the signature was not checked; do not trust these claims.\n\n";
  std::cout << "Header (unverified):\n";
  pretty(std::cout, header);
  std::cout << "\n\nClaims (unverified):\n";
  pretty(std::cout, claims);
  std::cout << "\n";
  bool first_time = true;
  for (const char* name : {"iat", "nbf", "exp"}) {
    const auto* v = claims.if_contains(name);
    if (v == nullptr || !v->is_number()) continue;
    if (first_time) std::cout << "\n";
    first_time = false;
    std::cout << name << ": " << describe_time(v->to_number<std::int64_t>()) << "\n";
  }
}

void setup(CLI::App& app, Context&) {
  auto token = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand(
      "decode", "Show a JWT's header and claims WITHOUT verifying it (see `xfx verify`)");
  sub->add_option("TOKEN", *token, "the token, or - to read it from stdin")->required();
  sub->add_flag("--json", *as_json, R"(one JSON object: {"verified": false, "header", "claims"})");
  sub->callback([token, as_json] { run(*token, *as_json); });
}

const RegisterCommand kRegistered{"decode", &setup};

}  // namespace
}  // namespace xfx::cli
