// xfx-authd's subcommands, one file each; main.cc only registers them.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace xfx::authd_cli {

// Options every command shares.
struct Common {
  std::string data_dir;
};

// Each registers a subcommand whose callback sets `run` (executed after parsing, so exceptions
// become one clear line in main).
using Action = std::function<int()>;
void add_serve_command(CLI::App& app, Common& common, Action& run);
void add_api_commands(CLI::App& app, Common& common, Action& run);
void add_client_commands(CLI::App& app, Common& common, Action& run);
void add_grant_commands(CLI::App& app, Common& common, Action& run);
void add_keys_commands(CLI::App& app, Common& common, Action& run);

// The --data-dir option (env XFX_DATA_DIR), added to a subcommand.
void add_data_dir_option(CLI::App& cmd, Common& common);

}  // namespace xfx::authd_cli
