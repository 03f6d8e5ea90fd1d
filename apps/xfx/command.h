// How the xfx CLI is put together: each subcommand lives in its own *_command.cc and registers
// itself here, so adding one (e.g. `verify`) touches no other file.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "xfx/client/auth_client.h"
#include "xfx/client/config.h"

namespace xfx::cli {

// A failure to report: one line on stderr, this exit code.
class CliError : public std::runtime_error {
 public:
  explicit CliError(const std::string& message, int exit_code = 1)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// The settings every command may use: XFX_* environment variables, overridden by flags.
class Context {
 public:
  explicit Context(CLI::App& app);

  // Environment, then flags, validated. Throws client::ConfigError naming what is missing.
  client::Config config() const;
  // An AuthClient for one CLI run: no background thread, logs to stderr with --verbose.
  std::shared_ptr<client::AuthClient> auth_client(const client::Config& config) const;
  bool verbose() const { return verbose_; }

  int exit_code = 0;  // set by the command that ran

 private:
  struct Flag {
    const char* name;
    std::string value;
    CLI::Option* option = nullptr;
  };
  std::vector<std::unique_ptr<Flag>> flags_;
  bool verbose_ = false;
};

struct Command {
  std::string_view name;
  void (*setup)(CLI::App& app, Context& context);  // adds the subcommand and its callback
};

std::vector<Command>& commands();

struct RegisterCommand {
  RegisterCommand(std::string_view name, void (*setup)(CLI::App&, Context&)) {
    commands().push_back({name, setup});
  }
};

}  // namespace xfx::cli
