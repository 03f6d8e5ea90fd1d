#include "demo_process.h"

#include <boost/json.hpp>

#include <stdexcept>
#include <thread>

#include "xfx/jose/base64url.h"

namespace xfx::testing {

DemoProcess::DemoProcess(const std::vector<std::string>& args, bool tls) {
  std::vector<std::string> argv{XFX_API_DEMO_BIN, "--listen", "127.0.0.1:0", "--threads", "2"};
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<ChildProcess>(argv);
  auto line = process_->wait_for_line(
      [](const std::string& l) { return l.find("\"event\":\"listening\"") != std::string::npos; },
      std::chrono::seconds(30));
  if (!line) throw std::runtime_error("xfx-api-demo did not start: " + process_->stderr_text());
  auto port = boost::json::parse(*line).at("port").to_number<int>();
  base_url_ = (tls ? "https://localhost:" : "http://localhost:") + std::to_string(port);
}

bool poll_until(const std::function<bool()>& attempt, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (attempt()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

client::HttpResponse send(client::Transport& http, std::string method, std::string url,
                          client::HeaderList headers, std::string body) {
  auto res = http.send({std::move(method), url, std::move(headers), std::move(body)});
  if (!res) throw std::runtime_error(url + ": " + res.error().message);
  return *res;
}

std::string kid_of(const std::string& token) {
  auto header = jose::base64url_decode(token.substr(0, token.find('.')));
  if (!header) return "";
  const boost::json::value parsed = boost::json::parse(*header);
  const auto* kid = parsed.as_object().if_contains("kid");
  return kid != nullptr && kid->is_string() ? std::string(kid->get_string()) : "";
}

}  // namespace xfx::testing
