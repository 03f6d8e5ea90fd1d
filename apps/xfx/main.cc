// xfx: the command-line face of the client SDK. Subcommands register themselves (command.h).
#include <algorithm>
#include <iostream>

#include "command.h"
#include "xfx/client/config.h"

namespace xfx::cli {

std::vector<Command>& commands() {
  static std::vector<Command> registry;
  return registry;
}

}  // namespace xfx::cli

int main(int argc, char** argv) {
  using namespace xfx::cli;
  CLI::App app{
      "xfx: OAuth 2.0 client-credentials tokens and authenticated XFX API calls.\n"
      "Credentials come from XFX_CLIENT_ID and XFX_CLIENT_SECRET (never from a flag)."};
  app.require_subcommand(1);
  app.fallthrough();  // global flags may follow the subcommand
  Context context(app);

  auto& registry = commands();
  std::sort(registry.begin(), registry.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  for (const auto& command : registry) command.setup(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const xfx::client::ConfigError& e) {
    std::cerr << "xfx: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const CliError& e) {
    std::cerr << "xfx: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "xfx: error: " << e.what() << "\n";
    return 1;
  }
  return context.exit_code;
}
