#include "xfx/jose/base64url.h"

#include <gtest/gtest.h>

#include <random>

namespace xfx::jose {
namespace {

// RFC 4648 §10, in the url alphabet without padding.
TEST(Base64Url, Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64url_encode(plain), encoded);
    EXPECT_EQ(base64url_decode(encoded), std::string(plain)) << encoded;
  }
}

TEST(Base64Url, UsesTheUrlAlphabet) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
}

TEST(Base64Url, RejectsPadding) {
  EXPECT_FALSE(base64url_decode("Zg=="));
  EXPECT_FALSE(base64url_decode("Zm8="));
  EXPECT_FALSE(base64url_decode("Zm9v===="));
  EXPECT_FALSE(base64url_decode("="));
}

TEST(Base64Url, RejectsWhitespace) {
  for (std::string_view text : {"Zm9v Yg", " Zm9v", "Zm9v\n", "Zm\r\n9v", "Zm9v\t"}) {
    EXPECT_FALSE(base64url_decode(text)) << text;
  }
  EXPECT_FALSE(base64url_decode(std::string_view("Zm9\0", 4)));
}

TEST(Base64Url, RejectsTheStandardAlphabet) {
  EXPECT_FALSE(base64url_decode("-_8+"));
  EXPECT_FALSE(base64url_decode("+_8"));
  EXPECT_FALSE(base64url_decode("/_8"));
  EXPECT_FALSE(base64url_decode("ab/c"));
}

TEST(Base64Url, RejectsImpossibleLengths) {
  EXPECT_FALSE(base64url_decode("Z"));
  EXPECT_FALSE(base64url_decode("Zm9vY"));
}

TEST(Base64Url, RejectsNonZeroTrailingBits) {
  EXPECT_EQ(base64url_decode("QQ"), std::string("A"));
  EXPECT_FALSE(base64url_decode("QR"));  // same byte, a stray bit set
  EXPECT_FALSE(base64url_decode("QB"));
  EXPECT_EQ(base64url_decode("QUE"), std::string("AA"));
  EXPECT_FALSE(base64url_decode("QUF"));
  EXPECT_FALSE(base64url_decode("QUG"));
}

TEST(Base64Url, EveryByteOutsideTheAlphabetIsRejected) {
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int c = 0; c < 256; ++c) {
    std::string text = "AAA";
    text.push_back(static_cast<char>(c));
    const bool valid = alphabet.find(static_cast<char>(c)) != std::string_view::npos;
    EXPECT_EQ(base64url_decode(text).has_value(), valid) << c;
  }
}

TEST(Base64Url, RandomRoundTripsAndOneSpellingPerValue) {
  std::mt19937 rng(7515);
  for (std::size_t len = 0; len < 200; ++len) {
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(encoded), bytes);
    EXPECT_EQ(base64url_encode(*base64url_decode(encoded)), encoded);
  }
}

}  // namespace
}  // namespace xfx::jose
