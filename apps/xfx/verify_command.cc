// xfx verify TOKEN: verify an access token the way an XFX API does (xfx::verify), fetching the
// issuer's keys, and print the verified claims or the one reason it is rejected.
//
// Exit codes: 0 verified; 1 rejected; 2 usage or configuration error; 3 the keys could not be
// fetched. The token is never printed, not even in an error.
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.h"
#include "xfx/client/transport.h"
#include "xfx/jose/algorithm.h"
#include "xfx/verify/jwks_cache.h"
#include "xfx/verify/token_verifier.h"
#include "xfx/verify/verify_error.h"

namespace xfx::cli {
namespace {

namespace json = boost::json;

constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;
constexpr int kExitKeys = 3;
// Far above the verifier's own limit (8 KiB), so an oversized token is rejected as too_large
// rather than cut short, while a mistaken `xfx verify - < big-file` cannot exhaust memory.
constexpr std::size_t kMaxStdinBytes = 64 * 1024;

struct VerifyOptions {
  std::string token;
  std::string issuer;
  std::vector<std::string> audiences;
  std::vector<std::string> scopes;
  std::string jwks_uri;
  std::string ca_file;
  std::string typ = "JWT";
  std::vector<std::string> algorithms;
  long leeway_seconds = 60;
  bool allow_insecure = false;

  CLI::Option* issuer_option = nullptr;
  CLI::Option* audience_option = nullptr;
  CLI::Option* jwks_uri_option = nullptr;
  CLI::Option* ca_file_option = nullptr;
  // The global --audience/--ca-file (`xfx --ca-file F verify ...`), used when the subcommand's
  // own flag is absent.
  CLI::Option* global_audience = nullptr;
  CLI::Option* global_ca_file = nullptr;
};

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

// The subcommand's flag, else the global flag of the same name, else the environment.
std::string setting(const CLI::Option* own, const std::string& own_value, const CLI::Option* global,
                    const char* env_name) {
  if (own != nullptr && own->count() > 0) return own_value;
  if (global != nullptr && global->count() > 0) return global->as<std::string>();
  return env(env_name).value_or("");
}

std::string trim_token(std::string token) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!token.empty() && space(token.back())) token.pop_back();
  const auto first = std::find_if_not(token.begin(), token.end(), space);
  token.erase(token.begin(), first);
  if (token.rfind("Bearer ", 0) == 0) token.erase(0, 7);
  return token;
}

std::string read_token(const std::string& argument) {
  if (argument != "-") return trim_token(argument);
  std::string token;
  char buf[4096];
  while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
    token.append(buf, static_cast<std::size_t>(std::cin.gcount()));
    if (token.size() > kMaxStdinBytes) {
      throw CliError("the token on stdin is over " + std::to_string(kMaxStdinBytes) + " bytes",
                     kExitUsage);
    }
  }
  return trim_token(std::move(token));
}

verify::TokenType parse_typ(const std::string& typ) {
  if (typ == "JWT") return verify::TokenType::kJwt;
  if (typ == "at+jwt") return verify::TokenType::kAtJwt;
  if (typ == "any") return verify::TokenType::kEither;
  throw CliError("--typ must be JWT, at+jwt or any", kExitUsage);
}

std::string rfc3339(std::chrono::sys_seconds t) {
  const std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Two-space indented JSON; the claims are flat apart from arrays of strings.
void pretty(std::ostream& out, const json::object& object) {
  out << "{\n";
  std::size_t i = 0;
  for (const auto& kv : object) {
    out << "  " << json::serialize(json::value(kv.key())) << ": ";
    if (const auto* array = kv.value().if_array(); array != nullptr && !array->empty()) {
      out << "[\n";
      for (std::size_t j = 0; j < array->size(); ++j) {
        out << "    " << json::serialize((*array)[j]) << (j + 1 < array->size() ? ",\n" : "\n");
      }
      out << "  ]";
    } else {
      out << json::serialize(kv.value());
    }
    out << (++i < object.size() ? ",\n" : "\n");
  }
  out << "}\n";
}

json::object to_json(const verify::VerifiedToken& t, std::chrono::system_clock::time_point now) {
  json::object out;
  out["verified"] = true;
  out["issuer"] = t.issuer;
  out["subject"] = t.subject;
  out["client_id"] = t.client_id;
  json::array audiences;
  for (const auto& a : t.audiences) audiences.emplace_back(a);
  out["audiences"] = std::move(audiences);
  json::array scopes;
  for (const auto& s : t.scopes) scopes.emplace_back(s);
  out["scopes"] = std::move(scopes);
  out["expires_at"] = rfc3339(t.expires_at);
  out["expires_in"] = std::chrono::duration_cast<std::chrono::seconds>(t.expires_at - now).count();
  if (t.issued_at) {
    out["issued_at"] = rfc3339(*t.issued_at);
  } else {
    out["issued_at"] = nullptr;
  }
  out["token_id"] = t.token_id;
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

// "token rejected: <description> (<code>)", plus what the verifier expected where that helps.
// Only configuration is added, never anything read from the token.
[[noreturn]] void reject(verify::VerifyError error, const verify::VerifierConfig& config,
                         const std::vector<std::string>& missing_scopes = {}) {
  std::string line = "token rejected: " + std::string(verify::description(error)) + " (" +
                     std::string(verify::to_string(error)) + ")";
  switch (error) {
    case verify::VerifyError::kWrongAudience:
      line += "; expected audience " + join(config.audiences);
      break;
    case verify::VerifyError::kWrongIssuer:
      line += "; expected issuer " + config.issuer;
      break;
    case verify::VerifyError::kInsufficientScope:
      line += "; missing scope " + join(missing_scopes);
      break;
    default:
      break;
  }
  throw CliError(line, kExitRejected);
}

void run(const VerifyOptions& o) {
  if (o.token.empty()) throw CliError("verify needs a TOKEN argument (or - for stdin)", kExitUsage);

  verify::VerifierConfig config;
  config.issuer = setting(o.issuer_option, o.issuer, nullptr, "XFX_ISSUER");
  if (config.issuer.empty()) throw CliError("--issuer (or XFX_ISSUER) is required", kExitUsage);
  if (o.audience_option != nullptr && o.audience_option->count() > 0) {
    config.audiences = o.audiences;
  } else {
    config.audiences = split_spaces(setting(nullptr, "", o.global_audience, "XFX_AUDIENCE"));
  }
  if (config.audiences.empty()) {
    throw CliError("--audience (or XFX_AUDIENCE) is required", kExitUsage);
  }
  config.type = parse_typ(o.typ);
  if (!o.algorithms.empty()) {
    config.algorithms.clear();
    for (const auto& name : o.algorithms) {
      for (const auto& one : split_spaces(name)) {
        auto alg = jose::parse_algorithm(one);
        if (!alg) throw CliError("--alg must be RS256, PS256, ES256 or EdDSA", kExitUsage);
        config.algorithms.push_back(*alg);
      }
    }
  }
  if (o.leeway_seconds < 0) throw CliError("--leeway must not be negative", kExitUsage);
  config.leeway = std::chrono::seconds(o.leeway_seconds);

  std::vector<std::string> required;
  for (const auto& value : o.scopes) {
    for (auto& scope : split_spaces(value)) required.push_back(std::move(scope));
  }

  const std::string token = read_token(o.token);
  if (token.empty()) throw CliError("the token is empty", kExitUsage);

  verify::JwksCacheOptions jwks;
  jwks.jwks_uri = setting(o.jwks_uri_option, o.jwks_uri, nullptr, "XFX_JWKS_URI");
  if (jwks.jwks_uri.empty()) jwks.issuer = config.issuer;
  jwks.allow_insecure_http = o.allow_insecure;
  client::CurlTransportOptions transport;
  transport.ca_file = setting(o.ca_file_option, o.ca_file, o.global_ca_file, "XFX_CA_FILE");
  transport.total_timeout = std::chrono::seconds(15);
  if (!transport.ca_file.empty() && !std::filesystem::is_regular_file(transport.ca_file)) {
    throw CliError("--ca-file " + transport.ca_file + " is not a readable file", kExitUsage);
  }

  std::optional<verify::TokenVerifier> verifier;
  std::unique_ptr<verify::JwksCache> keys;
  try {
    verifier.emplace(config);
    keys = std::make_unique<verify::JwksCache>(client::make_curl_transport(transport), jwks);
  } catch (const std::invalid_argument& e) {
    throw CliError(std::string(e.what()) +
                       (o.allow_insecure ? "" : " (an http:// URL needs --allow-insecure-jwks)"),
                   kExitUsage);
  }

  // Fetch once up front so "the keys are unreachable" (3) is not reported as "unknown key" (1).
  if (auto fetched = keys->refresh(); !fetched) {
    std::string line = "could not fetch the signing keys from " +
                       (jwks.jwks_uri.empty() ? "the issuer " + config.issuer : jwks.jwks_uri) +
                       ": " + std::string(verify::to_string(fetched.error()));
    if (fetched.error() == verify::JwksFetchError::kIssuerMismatch) {
      line += " (the discovery document names another issuer; a trailing '/' counts)";
    }
    throw CliError(line, kExitKeys);
  }

  const auto now = std::chrono::system_clock::now();
  // Scopes are checked separately so the message can name the missing ones.
  auto verified = verifier->verify(token, *keys->snapshot(), now);
  if (!verified) reject(verified.error(), config);
  if (!verify::check_scopes(*verified, required)) {
    std::vector<std::string> missing;
    for (const auto& scope : required) {
      if (!verified->has_scope(scope)) missing.push_back(scope);
    }
    reject(verify::VerifyError::kInsufficientScope, config, missing);
  }
  pretty(std::cout, to_json(*verified, now));
}

void setup(CLI::App& app, Context&) {
  auto o = std::make_shared<VerifyOptions>();
  o->global_audience = app.get_option_no_throw("--audience");
  o->global_ca_file = app.get_option_no_throw("--ca-file");

  auto* sub = app.add_subcommand(
      "verify",
      "Verify an access token as an XFX API would (signature from the issuer's JWKS, iss, aud, "
      "exp, typ, scopes). Exit 0 verified, 1 rejected, 2 usage, 3 keys unreachable");
  sub->add_option("TOKEN", o->token,
                  "the token, or - to read it from stdin (keeps it out of shell history and ps)");
  o->issuer_option = sub->add_option("--issuer", o->issuer,
                                     "issuer URL, matched exactly (trailing '/' included); keys "
                                     "are discovered from it [env XFX_ISSUER]");
  o->audience_option = sub->add_option("--audience", o->audiences,
                                       "this API's identifier; repeat to accept any of several "
                                       "[env XFX_AUDIENCE]")
                           ->allow_extra_args(false);
  // One value per flag, so `--scope a TOKEN` does not swallow the token.
  sub->add_option("--scope", o->scopes, "a scope the token must carry (repeatable)")
      ->allow_extra_args(false);
  o->jwks_uri_option = sub->add_option("--jwks-uri", o->jwks_uri,
                                       "fetch keys from this JWKS URL instead of discovery "
                                       "[env XFX_JWKS_URI]");
  o->ca_file_option = sub->add_option("--ca-file", o->ca_file,
                                      "PEM CA bundle for the key fetches [env XFX_CA_FILE]");
  sub->add_option("--typ", o->typ, "accepted typ header: JWT, at+jwt or any")
      ->capture_default_str();
  sub->add_option("--alg", o->algorithms,
                  "accepted algorithm (repeatable): RS256, PS256, ES256, EdDSA [RS256]")
      ->allow_extra_args(false);
  sub->add_option("--leeway", o->leeway_seconds, "clock skew allowed on exp/nbf/iat, seconds")
      ->capture_default_str();
  sub->add_flag("--allow-insecure-jwks", o->allow_insecure,
                "allow an http:// issuer or JWKS URL (loopback tests only)");
  sub->callback([o] { run(*o); });
}

const RegisterCommand kRegistered{"verify", &setup};

}  // namespace
}  // namespace xfx::cli
