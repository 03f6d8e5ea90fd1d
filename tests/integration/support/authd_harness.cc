#include "integration/support/authd_harness.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace xfx::testing {

std::string authd_binary() {
  return XFX_AUTHD_BIN;
}
std::string source_dir() {
  return XFX_SOURCE_DIR;
}

AuthdHarness::AuthdHarness() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "xfx-authd-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
}

AuthdHarness::~AuthdHarness() {
  if (server_ && server_->running()) server_->terminate();
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

CommandResult AuthdHarness::admin(std::vector<std::string> args) {
  args.insert(args.begin(), authd_binary());
  args.push_back("--data-dir");
  args.push_back((dir_ / "data").string());
  return run_command(args);
}

std::string AuthdHarness::admin_ok(std::vector<std::string> args) {
  auto r = admin(args);
  EXPECT_EQ(r.exit_code, 0) << "xfx-authd " << args[0] << " failed: " << r.err;
  return r.out;
}

void AuthdHarness::create_api(const std::string& identifier, const std::string& scopes,
                              std::vector<std::string> extra) {
  std::vector<std::string> args{"api", "create", "--identifier", identifier};
  if (!scopes.empty()) args.insert(args.end(), {"--scopes", scopes});
  args.insert(args.end(), extra.begin(), extra.end());
  admin_ok(args);
}

Credentials AuthdHarness::create_client(const std::string& name, std::vector<std::string> extra) {
  std::vector<std::string> args{"client", "create", "--name", name, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto out = admin_ok(args);
  auto json = boost::json::parse(out).as_object();
  return {std::string(json.at("client_id").as_string()),
          std::string(json.at("client_secret").as_string())};
}

void AuthdHarness::grant(const std::string& client_id, const std::string& api,
                         const std::string& scopes) {
  std::vector<std::string> args{"grant", "create", "--client", client_id, "--api", api};
  if (!scopes.empty()) args.insert(args.end(), {"--scopes", scopes});
  admin_ok(args);
}

std::filesystem::path AuthdHarness::ca_file() {
  auto tls = dir_ / "tls";
  if (!std::filesystem::exists(tls / "ca.pem")) {
    auto r = run_command({source_dir() + "/scripts/dev-certs.sh", tls.string()});
    if (r.exit_code != 0) throw std::runtime_error("dev-certs.sh failed: " + r.err);
  }
  return tls / "ca.pem";
}

void AuthdHarness::start(std::vector<std::string> extra, bool tls, std::uint16_t port) {
  std::vector<std::string> args{authd_binary(),       "serve",
                                "--listen",           "127.0.0.1:" + std::to_string(port),
                                "--data-dir",         (dir_ / "data").string(),
                                "--threads",          "2",
                                "--poll-interval-ms", "50"};
  if (tls) {
    ca_file();
    args.insert(args.end(), {"--tls-cert", (dir_ / "tls" / "server.pem").string(), "--tls-key",
                             (dir_ / "tls" / "server.key").string()});
  } else {
    args.push_back("--no-tls");
  }
  args.insert(args.end(), extra.begin(), extra.end());
  server_ = std::make_unique<ChildProcess>(args);
  auto line = server_->wait_for_line(
      [](const std::string& l) { return l.find("\"event\":\"listening\"") != std::string::npos; },
      std::chrono::seconds(30));
  if (!line) {
    throw std::runtime_error("xfx-authd did not start: " + server_->stderr_text());
  }
  port_ = static_cast<std::uint16_t>(boost::json::parse(*line).at("port").to_number<int>());
  base_url_ = (tls ? "https://localhost:" : "http://localhost:") + std::to_string(port_);
}

int AuthdHarness::stop() {
  int code = server_->terminate();
  return code;
}

std::size_t AuthdHarness::requests_logged(const std::string& path) const {
  std::size_t n = 0;
  std::string needle = "\"path\":\"" + path + "\"";
  for (const auto& line : server_->lines()) {
    if (line.find(needle) != std::string::npos) ++n;
  }
  return n;
}

client::Transport& AuthdHarness::http() {
  if (!http_) {
    client::CurlTransportOptions options;
    options.ca_file = ca_file().string();
    http_ = client::make_curl_transport(options);
  }
  return *http_;
}

client::HttpResponse AuthdHarness::post(const std::string& path, const std::string& content_type,
                                        const std::string& body, client::HeaderList headers) {
  client::HttpRequest req{"POST", base_url_ + path, std::move(headers), body};
  if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
  auto res = http().send(req);
  if (!res) throw std::runtime_error("POST " + path + " failed: " + res.error().message);
  return *res;
}

client::HttpResponse AuthdHarness::get(const std::string& path) {
  auto res = http().send({"GET", base_url_ + path, {}, ""});
  if (!res) throw std::runtime_error("GET " + path + " failed: " + res.error().message);
  return *res;
}

std::uint16_t free_port_outside_ephemeral_range() {
  std::ifstream range_file("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 32768, high = 60999;
  range_file >> low >> high;
  std::random_device rd;
  std::uniform_int_distribution<unsigned> pick(10000, std::max(10001u, low) - 1);
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto port = static_cast<std::uint16_t>(pick(rd));
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free port below the ephemeral range");
}

std::string spec_token_body(const Credentials& c, const std::string& audience) {
  return boost::json::serialize(boost::json::object{{"client_id", c.client_id},
                                                    {"client_secret", c.client_secret},
                                                    {"audience", audience},
                                                    {"grant_type", "client_credentials"}});
}

}  // namespace xfx::testing
