#include "unit/http/test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace xfx::http::testing {

namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};
const CurlGlobal curl_global;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

size_t append_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t append_header(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!line.empty()) static_cast<std::vector<std::string>*>(user)->push_back(line);
  return size * n;
}

}  // namespace

LogSink LogCapture::sink() {
  return [this](std::string_view line) {
    {
      std::lock_guard lock(mu_);
      lines_.emplace_back(line);
    }
    cv_.notify_all();
  };
}

std::vector<std::string> LogCapture::lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

bool LogCapture::wait_for(const std::string& needle, std::chrono::seconds bound) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, bound, [&] {
    return std::any_of(lines_.begin(), lines_.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  });
}

RunningServer::RunningServer(Handler handler, Limits limits,
                             std::shared_ptr<boost::asio::ssl::context> tls, unsigned threads)
    : tls_(tls != nullptr),
      server_(
          [&] {
            ServerConfig config;
            config.threads = threads;
            config.limits = limits;
            config.tls = std::move(tls);
            return config;
          }(),
          std::move(handler), logs_.sink()) {
  server_.listen();
  thread_ = std::thread([this] {
    server_.run();
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
  });
}

RunningServer::~RunningServer() {
  server_.stop();
  thread_.join();
}

bool RunningServer::wait_stopped(std::chrono::seconds bound) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, bound, [&] { return stopped_; });
}

std::string RunningServer::url(const std::string& path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) + path;
}

std::string CurlResult::header(const std::string& name) const {
  std::string value;
  const std::string prefix = lower(name) + ":";
  for (const auto& line : header_lines) {
    if (lower(line).rfind(prefix, 0) == 0) {
      value = line.substr(prefix.size());
      value.erase(0, value.find_first_not_of(' '));
    }
  }
  return value;
}

CurlClient::CurlClient() : h_(curl_easy_init()) {
  if (h_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}
CurlClient::~CurlClient() {
  curl_easy_cleanup(h_);
}

CurlResult CurlClient::get(const std::string& url, const std::vector<std::string>& headers) {
  return request("GET", url, nullptr, headers);
}

CurlResult CurlClient::post(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers) {
  return request("POST", url, &body, headers);
}

CurlResult CurlClient::request(const std::string& method, const std::string& url,
                               const std::string* body, const std::vector<std::string>& headers) {
  CurlResult r;
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h_, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h_, CURLOPT_TIMEOUT, static_cast<long>(kBound.count()));
  curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(h_, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(h_, CURLOPT_HEADERFUNCTION, append_header);
  curl_easy_setopt(h_, CURLOPT_HEADERDATA, &r.header_lines);
  curl_easy_setopt(h_, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  if (body != nullptr) {
    curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  } else if (method == "GET") {
    curl_easy_setopt(h_, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(
      h_, CURLOPT_CUSTOMREQUEST,
      method == "GET" || method == "POST" || method == "HEAD" ? nullptr : method.c_str());
  r.code = curl_easy_perform(h_);
  curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_getinfo(h_, CURLINFO_NUM_CONNECTS, &r.num_connects);
  curl_easy_setopt(h_, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(list);
  return r;
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void RawConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

namespace {
// Reads once, waiting at most until `deadline`. 0 = EOF or error, -1 = timeout.
ssize_t read_some(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return -1;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return -1;
  char buf[4096];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return 0;
  out.append(buf, static_cast<std::size_t>(n));
  return n;
}
}  // namespace

std::string RawConnection::read_response() {
  const auto deadline = std::chrono::steady_clock::now() + kBound;
  for (;;) {
    const auto end = pending_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      const std::string head = lower(pending_.substr(0, end));
      const auto cl = head.find("content-length:");
      if (cl != std::string::npos) length = std::stoul(head.substr(cl + 15));
      if (pending_.size() >= end + 4 + length) {
        std::string response = pending_.substr(0, end + 4 + length);
        pending_.erase(0, end + 4 + length);
        return response;
      }
    }
    if (read_some(fd_, pending_, deadline) <= 0) return {};
  }
}

std::optional<std::string> RawConnection::read_until_eof(std::chrono::seconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  for (;;) {
    const ssize_t n = read_some(fd_, pending_, deadline);
    if (n == 0) return std::exchange(pending_, {});
    if (n < 0) return std::nullopt;
  }
}

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "xfx-http-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool run_command(const std::string& command) {
  return std::system(command.c_str()) == 0;
}

void make_self_signed(const std::filesystem::path& dir, const std::string& prefix) {
  const auto cert = dir / (prefix + "cert.pem");
  const auto key = dir / (prefix + "key.pem");
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
      " -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
  if (!run_command(cmd)) throw std::runtime_error("openssl req failed: " + cmd);
}

Response text_response(const Request& req, std::string body) {
  Response res{boost::beast::http::status::ok, req.version()};
  res.set(boost::beast::http::field::content_type, "text/plain");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace xfx::http::testing
