#include <cstdio>

#include "admin_support.h"
#include "server/keys/signing_keys.h"
#include "xfx/jose/algorithm.h"

namespace xfx::authd_cli {
namespace {

std::string expect_ok(expected<void, std::string> r) {
  if (!r) throw std::runtime_error(r.error());
  return {};
}

}  // namespace

void add_keys_commands(CLI::App& app, Common& common, Action& run) {
  auto* keys = app.add_subcommand("keys", "Manage signing keys");
  keys->require_subcommand(1);
  auto alg = std::make_shared<std::string>("RS256");

  auto* list = keys->add_subcommand("list", "List signing keys (never private material)");
  add_data_dir_option(*list, common);
  list->callback([&common, &run] {
    run = [&common] {
      auto data = open_data(common);
      expect_ok(keys::ensure_signing_keys(*data.registry, data.key_box, unix_now()));
      for (const auto& k : check(data.registry->list_signing_keys(), "cannot list keys")) {
        std::printf("%s\t%s\t%s\n", k.kid.c_str(), k.alg.c_str(),
                    std::string(store::to_string(k.state)).c_str());
      }
      return 0;
    };
  });

  auto* rotate = keys->add_subcommand(
      "rotate", "Rotate: the published next key starts signing, the current one retires");
  add_data_dir_option(*rotate, common);
  rotate->add_option("--alg", *alg, "Algorithm whose key rotates")
      ->check(CLI::IsMember({"RS256", "PS256", "ES256", "EdDSA"}))
      ->capture_default_str();
  rotate->callback([&common, &run, alg] {
    run = [&common, alg] {
      auto data = open_data(common);
      expect_ok(keys::rotate_signing_key(*data.registry, data.key_box, *jose::parse_algorithm(*alg),
                                         unix_now()));
      std::printf("rotated the %s signing key\n", alg->c_str());
      return 0;
    };
  });
}

}  // namespace xfx::authd_cli
