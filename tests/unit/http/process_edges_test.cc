#include "http/process_edges.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace xfx::http {
namespace {

TEST(ParseListenAddress, HostAndPort) {
  auto a = parse_listen_address("127.0.0.1:8443");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8443);
  auto any = parse_listen_address("0.0.0.0:0");
  EXPECT_EQ(any.port, 0);
}

TEST(ParseListenAddress, BracketedIpv6) {
  auto a = parse_listen_address("[::1]:9000");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 9000);
}

TEST(ParseListenAddress, MalformedNamesTheFlag) {
  for (auto bad : {"8443", "host:", ":8443", "host:65536", "host:12x", "host:-1", ""}) {
    try {
      parse_listen_address(bad, "--listen");
      ADD_FAILURE() << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("--listen"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace xfx::http
