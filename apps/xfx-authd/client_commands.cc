#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "admin_support.h"
#include "server/secrets/credentials.h"

namespace xfx::authd_cli {
namespace {

struct ClientOptions {
  std::string name;
  std::string grant_types = "client_credentials";
  std::string client_id;
  bool json = false;
};

// The one time a secret is shown. Only the keyed hash is stored.
void print_credentials(const std::string& id, const std::string& secret, bool json) {
  if (json) {
    std::cout << boost::json::serialize(
                     boost::json::object{{"client_id", id}, {"client_secret", secret}})
              << "\n";
  } else {
    std::printf("client_id:     %s\nclient_secret: %s\n", id.c_str(), secret.c_str());
    std::fprintf(stderr, "Store the secret now: it is not kept and cannot be shown again.\n");
  }
}

int create_client(const Common& common, const ClientOptions& o) {
  auto data = open_data(common);
  auto random = secrets::system_random();
  store::Client client;
  client.client_id = secrets::generate_client_id(random);
  client.name = o.name;
  client.grant_types = split_words(o.grant_types);
  auto secret = secrets::generate_client_secret(random);
  client.secret_hash = data.hasher.hash(secret);
  client.created_at = unix_now();
  check(data.registry->create_client(client), "cannot create client " + o.name);
  print_credentials(client.client_id, secret, o.json);
  return 0;
}

int rotate_secret(const Common& common, const ClientOptions& o) {
  auto data = open_data(common);
  auto secret = secrets::generate_client_secret(secrets::system_random());
  check(data.registry->set_client_secret_hash(o.client_id, data.hasher.hash(secret)),
        "cannot rotate the secret of client " + o.client_id);
  print_credentials(o.client_id, secret, o.json);
  return 0;
}

int list_clients(const Common& common, bool json) {
  auto data = open_data(common);
  auto clients = check(data.registry->list_clients(), "cannot list clients");
  boost::json::array out;
  for (const auto& c : clients) {
    if (json) {
      out.push_back(
          {{"client_id", c.client_id},
           {"name", c.name},
           {"grant_types", boost::json::array(c.grant_types.begin(), c.grant_types.end())},
           {"created_at", c.created_at}});
    } else {
      std::printf("%s\t%s\n", c.client_id.c_str(), c.name.c_str());
    }
  }
  if (json) std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace

void add_client_commands(CLI::App& app, Common& common, Action& run) {
  auto* client = app.add_subcommand("client", "Manage clients (machines that ask for tokens)");
  client->require_subcommand(1);
  auto o = std::make_shared<ClientOptions>();

  auto* create = client->add_subcommand("create", "Create a client; prints its secret once");
  add_data_dir_option(*create, common);
  create->add_option("--name", o->name, "Display name")->required();
  create
      ->add_option("--grant-types", o->grant_types,
                   "Grant types the client may use (an empty list disables it)")
      ->capture_default_str();
  create->add_flag("--json", o->json, "Print {\"client_id\":...,\"client_secret\":...}");
  create->callback(
      [&common, &run, o] { run = [&common, o] { return create_client(common, *o); }; });

  auto* list = client->add_subcommand("list", "List clients (never their secrets)");
  add_data_dir_option(*list, common);
  list->add_flag("--json", o->json, "JSON output");
  list->callback(
      [&common, &run, o] { run = [&common, o] { return list_clients(common, o->json); }; });

  auto* del = client->add_subcommand("delete", "Delete a client and its grants");
  add_data_dir_option(*del, common);
  del->add_option("client_id", o->client_id, "Client id")->required();
  del->callback([&common, &run, o] {
    run = [&common, o] {
      auto data = open_data(common);
      check(data.registry->delete_client(o->client_id), "cannot delete client " + o->client_id);
      std::printf("deleted client %s\n", o->client_id.c_str());
      return 0;
    };
  });

  auto* rotate =
      client->add_subcommand("rotate-secret", "Replace a client's secret; prints it once");
  add_data_dir_option(*rotate, common);
  rotate->add_option("client_id", o->client_id, "Client id")->required();
  rotate->add_flag("--json", o->json, "JSON output");
  rotate->callback(
      [&common, &run, o] { run = [&common, o] { return rotate_secret(common, *o); }; });
}

}  // namespace xfx::authd_cli
