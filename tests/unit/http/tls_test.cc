// TLS: a real HTTPS request with curl against a certificate made in the test, and clear errors
// for bad certificate/key files.
#include <gtest/gtest.h>

#include <fstream>

#include <boost/json/parse.hpp>

#include "unit/http/test_support.h"

namespace xfx::http {
namespace {

using namespace testing;

Handler hello() {
  return [](const Request& req, RequestContext& ctx) {
    return text_response(req, ctx.tls ? "tls" : "plain");
  };
}

class Tls : public ::testing::Test {
 protected:
  void SetUp() override { make_self_signed(dir_.path()); }
  std::filesystem::path cert() const { return dir_.path() / "cert.pem"; }
  std::filesystem::path key() const { return dir_.path() / "key.pem"; }
  std::string make_tls_error(const std::filesystem::path& c, const std::filesystem::path& k) {
    try {
      make_tls_context(c, k);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no exception";
  }
  TempDir dir_;
};

TEST_F(Tls, HttpsRequestWithKeepAlive) {
  RunningServer server(hello(), {}, make_tls_context(cert(), key()));
  CurlClient curl;
  curl_easy_setopt(curl.handle(), CURLOPT_CAINFO, cert().c_str());
  CurlResult first = curl.get(server.url("/"));
  ASSERT_EQ(first.code, CURLE_OK) << curl_easy_strerror(first.code);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "tls");
  CurlResult second = curl.get(server.url("/"));
  EXPECT_EQ(second.body, "tls");
  EXPECT_EQ(second.num_connects, 0);
  EXPECT_TRUE(server.logs().wait_for(R"("tls":true)"));
}

TEST_F(Tls, Tls11IsRefused) {
  RunningServer server(hello(), {}, make_tls_context(cert(), key()));
  CurlClient curl;
  curl_easy_setopt(curl.handle(), CURLOPT_CAINFO, cert().c_str());
  curl_easy_setopt(
      curl.handle(), CURLOPT_SSLVERSION,
      static_cast<long>(CURL_SSLVERSION_TLSv1_0) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_1));
  EXPECT_NE(curl.get(server.url("/")).code, CURLE_OK);
}

TEST_F(Tls, PlainHttpToTlsPortAndSilentClientsAreClosed) {
  Limits limits;
  limits.tls_handshake_timeout = std::chrono::seconds(1);
  RunningServer server(hello(), limits, make_tls_context(cert(), key()));
  {
    RawConnection plain(server.port());
    plain.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(plain.read_until_eof().has_value());
  }
  {
    RawConnection silent(server.port());
    EXPECT_TRUE(silent.read_until_eof().has_value());
  }
  CurlClient curl;
  curl_easy_setopt(curl.handle(), CURLOPT_CAINFO, cert().c_str());
  EXPECT_EQ(curl.get(server.url("/")).body, "tls");
}

TEST_F(Tls, GracefulStopOverTls) {
  RunningServer server(hello(), {}, make_tls_context(cert(), key()));
  CurlClient curl;
  curl_easy_setopt(curl.handle(), CURLOPT_CAINFO, cert().c_str());
  ASSERT_EQ(curl.get(server.url("/")).status, 200);  // leaves an idle keep-alive connection
  server.stop();
  EXPECT_TRUE(server.wait_stopped());
}

TEST_F(Tls, MissingFilesAreNamed) {
  const auto missing = dir_.path() / "nope.pem";
  std::string what = make_tls_error(missing, key());
  EXPECT_NE(what.find("certificate chain file"), std::string::npos) << what;
  EXPECT_NE(what.find("nope.pem"), std::string::npos) << what;
  EXPECT_NE(what.find("does not exist"), std::string::npos) << what;

  what = make_tls_error(cert(), missing);
  EXPECT_NE(what.find("private key file"), std::string::npos) << what;
  EXPECT_NE(what.find("does not exist"), std::string::npos) << what;

  what = make_tls_error(dir_.path(), key());
  EXPECT_NE(what.find("is a directory"), std::string::npos) << what;
}

TEST_F(Tls, GarbageFilesAreRejected) {
  const auto garbage = dir_.path() / "garbage.pem";
  std::ofstream(garbage) << "not a pem file\n";
  std::string what = make_tls_error(garbage, key());
  EXPECT_NE(what.find("not a valid PEM certificate chain"), std::string::npos) << what;

  // A certificate where the key should be: the error must not echo the file's content.
  what = make_tls_error(cert(), cert());
  EXPECT_NE(what.find("not a valid unencrypted PEM private key"), std::string::npos) << what;
  EXPECT_EQ(what.find("BEGIN"), std::string::npos) << what;
}

TEST_F(Tls, MismatchedKeyIsRejected) {
  make_self_signed(dir_.path(), "other-");
  const std::string what = make_tls_error(cert(), dir_.path() / "other-key.pem");
  EXPECT_NE(what.find("does not match"), std::string::npos) << what;
  EXPECT_EQ(what.find("PRIVATE KEY"), std::string::npos) << what;
}

TEST_F(Tls, EncryptedKeyFailsWithoutPrompting) {
  const auto encrypted = dir_.path() / "enc-key.pem";
  ASSERT_TRUE(run_command("openssl pkey -in '" + key().string() +
                          "' -aes256 -passout pass:pw -out '" + encrypted.string() +
                          "' 2>/dev/null"));
  const std::string what = make_tls_error(cert(), encrypted);
  EXPECT_NE(what.find("not a valid unencrypted PEM private key"), std::string::npos) << what;
}

}  // namespace
}  // namespace xfx::http
