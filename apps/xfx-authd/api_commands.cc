#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <cstdio>
#include <iostream>

#include "admin_support.h"

namespace xfx::authd_cli {
namespace {

struct ApiOptions {
  std::string identifier;
  std::string name;
  std::string scopes;
  std::int64_t lifetime = 86400;
  std::string alg = "RS256";
  std::string profile = "auth0";
  bool reuse_tokens = false;
  bool if_not_exists = false;
  bool json = false;
};

int create_api(const Common& common, const ApiOptions& o) {
  if (!boost::urls::parse_absolute_uri(o.identifier)) {
    throw std::runtime_error("--identifier must be an absolute URI, e.g. https://api.example.com/");
  }
  auto profile = store::parse_token_profile(o.profile);
  if (!profile) throw std::runtime_error("--profile must be auth0 or rfc9068");
  store::Api api;
  api.identifier = o.identifier;
  api.name = o.name.empty() ? o.identifier : o.name;
  api.scopes = split_words(o.scopes);
  api.token_lifetime_s = o.lifetime;
  api.signing_alg = o.alg;
  api.profile = *profile;
  api.reuse_tokens = o.reuse_tokens;
  api.created_at = unix_now();
  auto data = open_data(common);
  auto created = data.registry->create_api(api);
  if (!created && created.error().code == store::StoreError::kAlreadyExists && o.if_not_exists) {
    std::printf("API %s already exists\n", api.identifier.c_str());
    return 0;
  }
  check(std::move(created), "cannot create API " + api.identifier);
  std::printf("created API %s (%s, %s, tokens live %lld s, scopes: %s)\n", api.identifier.c_str(),
              api.signing_alg.c_str(), std::string(store::to_string(api.profile)).c_str(),
              static_cast<long long>(api.token_lifetime_s),
              api.scopes.empty() ? "none" : join_words(api.scopes).c_str());
  return 0;
}

int list_apis(const Common& common, bool json) {
  auto data = open_data(common);
  auto apis = check(data.registry->list_apis(), "cannot list APIs");
  if (json) {
    boost::json::array out;
    for (const auto& a : apis) {
      boost::json::array scopes(a.scopes.begin(), a.scopes.end());
      out.push_back({{"identifier", a.identifier},
                     {"name", a.name},
                     {"scopes", scopes},
                     {"token_lifetime", a.token_lifetime_s},
                     {"signing_alg", a.signing_alg},
                     {"profile", store::to_string(a.profile)},
                     {"reuse_tokens", a.reuse_tokens}});
    }
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  for (const auto& a : apis) {
    std::printf("%s\t%s\t%s\t%lld s\t%s\n", a.identifier.c_str(), a.signing_alg.c_str(),
                std::string(store::to_string(a.profile)).c_str(),
                static_cast<long long>(a.token_lifetime_s), join_words(a.scopes).c_str());
  }
  return 0;
}

}  // namespace

void add_api_commands(CLI::App& app, Common& common, Action& run) {
  auto* api = app.add_subcommand("api", "Manage APIs (resource servers; identifier = audience)");
  api->require_subcommand(1);
  auto o = std::make_shared<ApiOptions>();

  auto* create = api->add_subcommand("create", "Register an API");
  add_data_dir_option(*create, common);
  create->add_option("--identifier", o->identifier, "The API's audience URI")->required();
  create->add_option("--name", o->name, "Display name");
  create->add_option("--scopes", o->scopes,
                     "Space-separated scopes, e.g. \"read:orders write:orders\"");
  create->add_option("--token-lifetime", o->lifetime, "Token lifetime in seconds (60 to 2592000)")
      ->check(CLI::Range(std::int64_t{60}, std::int64_t{2592000}))
      ->capture_default_str();
  create->add_option("--alg", o->alg, "Signing algorithm")
      ->check(CLI::IsMember({"RS256", "PS256", "ES256", "EdDSA"}))
      ->capture_default_str();
  create->add_option("--profile", o->profile, "Token profile: auth0 (typ JWT) or rfc9068 (at+jwt)")
      ->check(CLI::IsMember({"auth0", "rfc9068"}))
      ->capture_default_str();
  create->add_flag("--reuse-tokens", o->reuse_tokens,
                   "Answer a repeated request with the client's current token while more than "
                   "half its lifetime is left, instead of signing a new one");
  create->add_flag("--if-not-exists", o->if_not_exists, "Succeed if the API already exists");
  create->callback([&common, &run, o] { run = [&common, o] { return create_api(common, *o); }; });

  auto* list = api->add_subcommand("list", "List APIs");
  add_data_dir_option(*list, common);
  list->add_flag("--json", o->json, "JSON output");
  list->callback([&common, &run, o] { run = [&common, o] { return list_apis(common, o->json); }; });

  auto* del = api->add_subcommand("delete", "Delete an API and every grant for it");
  add_data_dir_option(*del, common);
  del->add_option("--identifier,identifier", o->identifier, "The API's audience URI")->required();
  del->callback([&common, &run, o] {
    run = [&common, o] {
      auto data = open_data(common);
      check(data.registry->delete_api(o->identifier), "cannot delete API " + o->identifier);
      std::printf("deleted API %s\n", o->identifier.c_str());
      return 0;
    };
  });
}

}  // namespace xfx::authd_cli
