// xfx-authd: the authorization server and its admin commands.
#include <cstdio>
#include <exception>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "xfx-authd: OAuth 2.0 client-credentials authorization server (Auth0-compatible).\n"
      "Every option can also be set by the XFX_* environment variable shown beside it."};
  app.require_subcommand(1);
  xfx::authd_cli::Common common;
  xfx::authd_cli::Action run;
  xfx::authd_cli::add_serve_command(app, common, run);
  xfx::authd_cli::add_api_commands(app, common, run);
  xfx::authd_cli::add_client_commands(app, common, run);
  xfx::authd_cli::add_grant_commands(app, common, run);
  xfx::authd_cli::add_keys_commands(app, common, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return run ? run() : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xfx-authd: error: %s\n", e.what());
    return 1;
  }
}
