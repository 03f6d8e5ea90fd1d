// Helpers for xfx_http tests: a server running on its own thread, a thread-safe log capture, a
// libcurl client and a raw POSIX socket for byte-level requests. No sleeps: every wait is on an
// event with a generous upper bound.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "http/server.h"

namespace xfx::http::testing {

using namespace std::chrono_literals;
constexpr auto kBound = 15s;  // upper bound for anything that should happen "soon"

class LogCapture {
 public:
  LogSink sink();
  std::vector<std::string> lines() const;
  // Waits until some line contains `needle`.
  bool wait_for(const std::string& needle, std::chrono::seconds bound = kBound) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<std::string> lines_;
};

class RunningServer {
 public:
  explicit RunningServer(Handler handler, Limits limits = {},
                         std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
                         unsigned threads = 2);
  ~RunningServer();

  std::string url(const std::string& path) const;
  std::uint16_t port() const { return server_.port(); }
  Server& server() { return server_; }
  LogCapture& logs() { return logs_; }
  void stop() { server_.stop(); }
  // True once run() has returned.
  bool wait_stopped(std::chrono::seconds bound = kBound);

 private:
  LogCapture logs_;
  bool tls_;
  Server server_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  std::thread thread_;
};

struct CurlResult {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::vector<std::string> header_lines;
  long num_connects = -1;
  std::string header(const std::string& name) const;  // case-insensitive, last value
};

class CurlClient {
 public:
  CurlClient();
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  CurlResult get(const std::string& url, const std::vector<std::string>& headers = {});
  CurlResult post(const std::string& url, const std::string& body,
                  const std::vector<std::string>& headers = {});
  CurlResult request(const std::string& method, const std::string& url, const std::string* body,
                     const std::vector<std::string>& headers);
  CURL* handle() { return h_; }

 private:
  CURL* h_;
};

// A blocking TCP client for byte-exact requests. Reads are bounded by `kBound`.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  bool connected() const { return fd_ >= 0; }
  void send(const std::string& bytes);
  // One response: headers plus Content-Length bytes of body. Empty on EOF/timeout.
  std::string read_response();
  // Everything until the server closes; nullopt if it did not close within `bound`.
  std::optional<std::string> read_until_eof(std::chrono::seconds bound = kBound);

 private:
  int fd_ = -1;
  std::string pending_;
};

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs a shell command; true on exit status 0.
bool run_command(const std::string& command);

// Writes a self-signed certificate for 127.0.0.1/localhost and its key (cert.pem, key.pem).
void make_self_signed(const std::filesystem::path& dir, const std::string& prefix = "");

Response text_response(const Request& req, std::string body);

}  // namespace xfx::http::testing
