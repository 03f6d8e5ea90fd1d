// A running xfx-api-demo for integration tests, on an ephemeral loopback port read from its
// "listening" log line, plus bounded polling for conditions that depend on other processes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "integration/support/process.h"
#include "xfx/client/transport.h"

namespace xfx::testing {

class DemoProcess {
 public:
  // `xfx-api-demo --listen 127.0.0.1:0 --threads 2 <args...>`; throws if it does not listen.
  explicit DemoProcess(const std::vector<std::string>& args, bool tls);

  std::string url(const std::string& path) const { return base_url_ + path; }
  ChildProcess& process() { return *process_; }
  int terminate() { return process_->terminate(); }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string base_url_;
};

// Calls `attempt` until it returns true or `timeout` passes, pausing briefly in between; for
// waiting on another process (a key rotation picked up, a server coming up), never for timing.
bool poll_until(const std::function<bool()>& attempt,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));

// One HTTP exchange through `http`; throws on a transport failure.
client::HttpResponse send(client::Transport& http, std::string method, std::string url,
                          client::HeaderList headers = {}, std::string body = "");

// The kid in a JWS header (no verification: for choosing what to wait for).
std::string kid_of(const std::string& token);

}  // namespace xfx::testing
