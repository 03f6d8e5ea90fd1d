// xfx call METHOD PATH|URL [--data JSON]: one authenticated API request; the body on stdout.
#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command.h"
#include "token_file_cache.h"
#include "xfx/client/api_client.h"

namespace xfx::cli {
namespace {

struct CallOptions {
  std::string method;
  std::string target;
  std::string data;
  bool include = false;
  bool cache = true;
};

std::string read_data(const std::string& data) {
  if (data.empty() || data.front() != '@') return data;
  const std::string name = data.substr(1);
  if (name == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(name, std::ios::binary);
  if (!in) throw CliError("cannot read " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void run(Context& context, CallOptions& options) {
  for (char& c : options.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (options.method.empty() ||
      options.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    throw CliError("METHOD must be a word such as GET, POST, PUT, PATCH or DELETE", 2);
  }
  const std::string body = read_data(options.data);
  if (!body.empty()) {
    boost::system::error_code ec;
    (void)boost::json::parse(body, ec);
    if (ec) throw CliError("--data is not valid JSON: " + ec.message(), 2);
  }

  const auto config = context.config();
  auto tokens = std::make_shared<CachedTokenSource>(
      context.auth_client(config), file_cache_for(config, options.cache, context.verbose()),
      context.verbose());
  std::shared_ptr<client::Transport> transport = client::make_curl_transport(
      {config.connect_timeout, config.total_timeout, config.ca_file, std::size_t{16} << 20});
  client::ApiClient api(config.api_base_url, tokens, transport);

  auto response = api.request(options.method, options.target, body);
  if (!response) throw CliError(response.error().message());
  if (options.include) {
    std::cout << "HTTP " << response->status << "\n";
    for (const auto& [name, value] : response->headers) std::cout << name << ": " << value << "\n";
    std::cout << "\n";
  }
  std::cout << response->body;
  if (!response->body.empty() && response->body.back() != '\n') std::cout << "\n";
  std::cout.flush();
  if (response->status >= 400) {
    std::cerr << "xfx: HTTP " << response->status << "\n";
    context.exit_code = 1;
  }
}

void setup(CLI::App& app, Context& context) {
  auto options = std::make_shared<CallOptions>();
  auto* sub = app.add_subcommand("call", "Make an authenticated API request; print the body");
  sub->add_option("METHOD", options->method, "GET, POST, PUT, PATCH, DELETE")->required();
  sub->add_option("TARGET", options->target,
                  "a path under XFX_API_BASE_URL, or a URL on the same origin")
      ->required();
  sub->add_option("-d,--data", options->data, "JSON body; @FILE reads a file, @- stdin");
  sub->add_flag("-i,--include", options->include, "print the status and headers first");
  sub->add_flag("--cache,!--no-cache", options->cache, "reuse the cached token (default on)");
  sub->callback([&context, options] { run(context, *options); });
}

const RegisterCommand kRegistered{"call", &setup};

}  // namespace
}  // namespace xfx::cli
