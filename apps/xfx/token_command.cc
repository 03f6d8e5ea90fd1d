// xfx token: print an access token, reusing the one cached on disk until its refresh time.
#include <boost/json.hpp>

#include <iostream>

#include "command.h"
#include "token_file_cache.h"

namespace xfx::cli {
namespace {

struct TokenOptions {
  bool json = false;
  bool cache = true;
};

void run(Context& context, const TokenOptions& options) {
  const auto config = context.config();
  CachedTokenSource source(context.auth_client(config),
                           file_cache_for(config, options.cache, context.verbose()),
                           context.verbose());
  auto token = source.access_token();
  if (!token) throw CliError(token.error().message());
  if (context.verbose() && source.served_from_file()) std::cerr << "xfx: token from cache\n";

  if (!options.json) {
    std::cout << token->value() << "\n";
    return;
  }
  const auto remaining = std::chrono::duration_cast<std::chrono::seconds>(
      token->expires_at() - std::chrono::steady_clock::now());
  boost::json::object out;
  out["access_token"] = token->value();
  out["token_type"] = token->token_type();
  out["expires_in"] = std::max<std::int64_t>(0, remaining.count());
  if (!token->scope().empty()) out["scope"] = token->scope();
  std::cout << boost::json::serialize(out) << "\n";
}

void setup(CLI::App& app, Context& context) {
  auto options = std::make_shared<TokenOptions>();
  auto* sub = app.add_subcommand("token", "Print an access token (cached on disk, 0600)");
  sub->add_flag("--json", options->json,
                "print the token response as JSON (expires_in is the time left)");
  sub->add_flag("--cache,!--no-cache", options->cache,
                "reuse a token cached in $XDG_CACHE_HOME/xfx until its refresh time (default on)");
  sub->callback([&context, options] { run(context, *options); });
}

const RegisterCommand kRegistered{"token", &setup};

}  // namespace
}  // namespace xfx::cli
