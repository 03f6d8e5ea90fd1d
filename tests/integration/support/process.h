// Child processes for integration tests: run a command to completion, or keep a server running
// and read its stdout line by line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace xfx::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] with the given arguments and extra environment; waits for it (at most 60 s).
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {});

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until a stdout line satisfies pred; returns it, or nullopt on timeout or exit.
  std::optional<std::string> wait_for_line(const std::function<bool(const std::string&)>& pred,
                                           std::chrono::milliseconds timeout);
  std::vector<std::string> lines() const;  // every stdout line so far
  std::string stderr_text() const;
  // Sends SIGTERM and waits (at most `timeout`); returns the exit code, or -1 on timeout/signal.
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool running() const;

 private:
  void reader(int fd, bool is_stdout);
  int pid_ = -1;
  std::thread out_thread_;
  std::thread err_thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  std::string partial_;
  std::string err_;
  bool out_closed_ = false;
  mutable std::optional<int> exit_code_;  // set once the child is reaped
};

}  // namespace xfx::testing
