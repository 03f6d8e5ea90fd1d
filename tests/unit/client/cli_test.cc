// The xfx binary end to end against a loopback token endpoint and API.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "client/loopback_server.h"
#include "xfx/jose/base64url.h"

namespace xfx::client {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::Not;

constexpr const char* kSecret = "cli-SeCrEt-0c0ffee";

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  CliTest() {
    dir_ = fs::temp_directory_path() /
           ("xfx-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    env_ = {{"HOME", (dir_ / "home").string()},
            {"XDG_CACHE_HOME", (dir_ / "cache").string()},
            {"XFX_CLIENT_ID", "cli-client"},
            {"XFX_CLIENT_SECRET", kSecret},
            {"XFX_TOKEN_URL", server_.url() + "/oauth/token"},
            {"XFX_API_BASE_URL", server_.url()}};
  }
  ~CliTest() override { fs::remove_all(dir_); }

  CliRun run(std::vector<std::string> args) {
    const fs::path out = dir_ / "out", err = dir_ / "err";
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env_) env_strings.push_back(k + "=" + v);
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> argv{const_cast<char*>(XFX_CLI_PATH)};
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      std::vector<char*> envp;
      for (auto& s : env_strings) envp.push_back(s.data());
      envp.push_back(nullptr);
      ::execve(XFX_CLI_PATH, argv.data(), envp.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CliRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  int token_requests() const { return token_requests_.load(); }

  std::atomic<int> token_requests_{0};
  std::atomic<int> api_requests_{0};
  std::atomic<int> token_status_{200};
  std::string issued_ = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGktY2xpZW50In0.c2ln";
  LoopbackServer server_{[this](const LoopbackServer::Request& r) {
    if (r.target == "/oauth/token") {
      ++token_requests_;
      if (token_status_ != 200) {
        return LoopbackServer::Response{
            token_status_.load(),
            {{"Content-Type", "application/json"}},
            std::string(R"({"error":"invalid_client","error_description":"wrong secret )") +
                kSecret + R"("})"};
      }
      return LoopbackServer::Response{
          200,
          {{"Content-Type", "application/json"}},
          R"({"access_token":")" + issued_ + R"(","token_type":"Bearer","expires_in":86400})"};
    }
    ++api_requests_;
    if (r.header("Authorization") != "Bearer " + issued_) {
      return LoopbackServer::Response{401, {{"WWW-Authenticate", "Bearer"}}, ""};
    }
    if (r.target == "/v1/echo") return LoopbackServer::Response{200, {}, r.method + " " + r.body};
    return LoopbackServer::Response{404, {}, R"({"error":"not_found"})"};
  }};
  fs::path dir_;
  std::map<std::string, std::string> env_;
  static inline int counter_ = 0;
};

TEST_F(CliTest, TokenTwiceMakesOneRequestAndTheCacheFileIs0600) {
  const CliRun first = run({"token"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, issued_ + "\n");
  const CliRun second = run({"token"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(token_requests(), 1);

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir_ / "cache" / "xfx")) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  struct stat st {};
  ASSERT_EQ(::stat(files[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  ASSERT_EQ(::stat((dir_ / "cache" / "xfx").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700);
  EXPECT_THAT(slurp(files[0]), Not(HasSubstr(kSecret)));
}

TEST_F(CliTest, NoCacheAsksEveryTime) {
  ASSERT_EQ(run({"token", "--no-cache"}).exit_code, 0);
  ASSERT_EQ(run({"token", "--no-cache"}).exit_code, 0);
  EXPECT_EQ(token_requests(), 2);
}

TEST_F(CliTest, AnotherAudienceIsCachedSeparately) {
  ASSERT_EQ(run({"token"}).exit_code, 0);
  ASSERT_EQ(run({"token", "--audience", "https://api.other.test"}).exit_code, 0);
  ASSERT_EQ(run({"token", "--audience", "https://api.other.test"}).exit_code, 0);
  EXPECT_EQ(token_requests(), 2);
}

TEST_F(CliTest, LooseCacheFilePermissionsAreNotTrusted) {
  ASSERT_EQ(run({"token"}).exit_code, 0);
  for (const auto& e : fs::directory_iterator(dir_ / "cache" / "xfx")) {
    ::chmod(e.path().c_str(), 0644);
  }
  ASSERT_EQ(run({"token"}).exit_code, 0);
  EXPECT_EQ(token_requests(), 2);
}

TEST_F(CliTest, TokenJson) {
  const CliRun r = run({"token", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v = boost::json::parse(r.out).as_object();
  EXPECT_EQ(v.at("access_token").as_string(), issued_);
  EXPECT_EQ(v.at("token_type"), "Bearer");
  EXPECT_GT(v.at("expires_in").as_int64(), 86000);
}

TEST_F(CliTest, CallPrintsTheBodyAndFailsOnHttpErrors) {
  CliRun r = run({"call", "POST", "/v1/echo", "--data", R"({"qty":1})"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "POST {\"qty\":1}\n");
  r = run({"call", "get", server_.url() + "/v1/missing"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err, "xfx: HTTP 404\n");
  EXPECT_EQ(token_requests(), 1);  // the cached token served both calls
}

TEST_F(CliTest, CallRejectsBadJsonAndForeignUrls) {
  CliRun r = run({"call", "POST", "/v1/echo", "--data", "{not json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--data is not valid JSON"));
  r = run({"call", "GET", "https://elsewhere.example.test/x"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("origin"));
  EXPECT_EQ(api_requests_.load(), 0);
}

TEST_F(CliTest, CallRetriesOnceWithAFreshTokenAfterA401) {
  ASSERT_EQ(run({"token"}).exit_code, 0);
  issued_ = "eyJhbGciOiJSUzI1NiJ9.eyJyb3RhdGVkIjp0cnVlfQ.c2ln";  // the API now wants a new one
  const CliRun r = run({"call", "GET", "/v1/echo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "GET \n");
  EXPECT_EQ(token_requests(), 2);
  EXPECT_EQ(api_requests_.load(), 2);
}

TEST_F(CliTest, MissingCredentialsAreOneLineNamingTheVariable) {
  env_.erase("XFX_CLIENT_ID");
  const CliRun r = run({"token"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "xfx: configuration error: XFX_CLIENT_ID is not set\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, ServerErrorsAreOneLineWithoutTheSecret) {
  token_status_ = 401;
  for (auto args : {std::vector<std::string>{"token"}, std::vector<std::string>{"-v", "token"},
                    std::vector<std::string>{"call", "GET", "/v1/echo", "--verbose"}}) {
    const CliRun r = run(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("invalid_client"));
    EXPECT_THAT(r.err, Not(HasSubstr(kSecret)));
    EXPECT_THAT(r.out, Not(HasSubstr(kSecret)));
    if (args.size() == 1) {
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
  }
  EXPECT_EQ(token_requests(), 3);  // invalid_client is not retried
}

TEST_F(CliTest, SuccessfulRunsNeverWriteTheTokenOrSecretToStderr) {
  for (auto args : {std::vector<std::string>{"-v", "token"},
                    std::vector<std::string>{"-v", "call", "GET", "/v1/echo"}}) {
    const CliRun r = run(args);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_THAT(r.err, Not(HasSubstr(kSecret)));
    EXPECT_THAT(r.err, Not(HasSubstr(issued_)));
  }
}

TEST_F(CliTest, DecodeShowsHeaderAndClaimsLabelledUnverified) {
  const std::string token =
      jose::base64url_encode(R"({"alg":"RS256","typ":"JWT","kid":"k1"})") + "." +
      jose::base64url_encode(R"({"iss":"https://x/","exp":4102444800})") + ".c2ln";
  CliRun r = run({"decode", token});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith("UNVERIFIED"));
  EXPECT_THAT(r.out, HasSubstr(R"("alg": "RS256")"));
  EXPECT_THAT(r.out, HasSubstr(R"("iss": "https://x/")"));
  EXPECT_THAT(r.out, HasSubstr("exp: 2100-01-01 00:00:00 UTC"));
  r = run({"decode", "--json", token});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v = boost::json::parse(r.out).as_object();
  EXPECT_EQ(v.at("verified"), false);
  EXPECT_EQ(v.at("header").at("kid"), "k1");
}

TEST_F(CliTest, DecodeRejectsGarbageInOneLine) {
  const CliRun r = run({"decode", "not-a-token"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "xfx: not a JWS compact token (expected three dot-separated parts)\n");
}

}  // namespace
}  // namespace xfx::client
