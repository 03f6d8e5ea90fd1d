#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "admin_support.h"

namespace xfx::authd_cli {
namespace {

struct GrantOptions {
  std::string client_id;
  std::string api;
  std::string scopes;
  bool all_scopes = false;
  bool if_not_exists = false;
  bool json = false;
};

int create_grant(const Common& common, const GrantOptions& o) {
  auto data = open_data(common);
  store::Grant grant{o.client_id, o.api, split_words(o.scopes), unix_now()};
  if (o.all_scopes) {
    for (const auto& api : check(data.registry->list_apis(), "cannot read APIs")) {
      if (api.identifier == o.api) grant.scopes = api.scopes;
    }
  }
  auto created = data.registry->create_grant(grant);
  if (!created && created.error().code == store::StoreError::kAlreadyExists && o.if_not_exists) {
    std::printf("grant for %s on %s already exists\n", o.client_id.c_str(), o.api.c_str());
    return 0;
  }
  check(std::move(created), "cannot grant " + o.client_id + " access to " + o.api);
  std::printf("granted %s access to %s (scopes: %s)\n", o.client_id.c_str(), o.api.c_str(),
              grant.scopes.empty() ? "none" : join_words(grant.scopes).c_str());
  return 0;
}

int list_grants(const Common& common, bool json) {
  auto data = open_data(common);
  auto grants = check(data.registry->list_grants(), "cannot list grants");
  boost::json::array out;
  for (const auto& g : grants) {
    if (json) {
      out.push_back({{"client_id", g.client_id},
                     {"audience", g.audience},
                     {"scopes", boost::json::array(g.scopes.begin(), g.scopes.end())}});
    } else {
      std::printf("%s\t%s\t%s\n", g.client_id.c_str(), g.audience.c_str(),
                  join_words(g.scopes).c_str());
    }
  }
  if (json) std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace

void add_grant_commands(CLI::App& app, Common& common, Action& run) {
  auto* grant =
      app.add_subcommand("grant", "Manage grants (which client may get which API's tokens)");
  grant->require_subcommand(1);
  auto o = std::make_shared<GrantOptions>();

  auto* create = grant->add_subcommand("create", "Let a client get tokens for an API");
  add_data_dir_option(*create, common);
  create->add_option("--client", o->client_id, "Client id")->required();
  create->add_option("--api", o->api, "API identifier (audience)")->required();
  auto* scopes = create->add_option("--scopes", o->scopes, "Space-separated scopes granted");
  create->add_flag("--all-scopes", o->all_scopes, "Grant every scope the API defines")
      ->excludes(scopes);
  create->add_flag("--if-not-exists", o->if_not_exists, "Succeed if the grant already exists");
  create->callback([&common, &run, o] { run = [&common, o] { return create_grant(common, *o); }; });

  auto* list = grant->add_subcommand("list", "List grants");
  add_data_dir_option(*list, common);
  list->add_flag("--json", o->json, "JSON output");
  list->callback(
      [&common, &run, o] { run = [&common, o] { return list_grants(common, o->json); }; });

  auto* del = grant->add_subcommand("delete", "Revoke a client's grant for an API");
  add_data_dir_option(*del, common);
  del->add_option("--client", o->client_id, "Client id")->required();
  del->add_option("--api", o->api, "API identifier (audience)")->required();
  del->callback([&common, &run, o] {
    run = [&common, o] {
      auto data = open_data(common);
      check(data.registry->delete_grant(o->client_id, o->api),
            "cannot delete the grant of " + o->client_id + " on " + o->api);
      std::printf("revoked %s's access to %s\n", o->client_id.c_str(), o->api.c_str());
      return 0;
    };
  });
}

}  // namespace xfx::authd_cli
