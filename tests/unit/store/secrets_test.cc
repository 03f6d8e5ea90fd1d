#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "server/secrets/credentials.h"
#include "server/secrets/master_key.h"
#include "server/secrets/sealed_box.h"
#include "server/secrets/secret_hash.h"
#include "unit/store/temp_dir.h"

namespace xfx::secrets {
namespace {

using xfx::store::testing::file_mode;
using xfx::store::testing::TempDir;

void write_file(const std::filesystem::path& path, const std::string& bytes, mode_t mode) {
  std::ofstream(path, std::ios::binary) << bytes;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

// --- MasterKey ---------------------------------------------------------------------------

TEST(MasterKey, CreatedWithMode0600AndReloadedIdentically) {
  TempDir dir;
  const auto file = dir / "master.key";
  auto first = MasterKey::load_or_create(file);
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(file_mode(file), 0600u);
  EXPECT_EQ(std::filesystem::file_size(file), 32u);
  auto second = MasterKey::load_or_create(file);
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(first->derive("a"), second->derive("a"));
  // No temporary files left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(MasterKey, DistinctDeploymentsGetDistinctKeys) {
  TempDir dir;
  auto a = MasterKey::load_or_create(dir / "a.key");
  auto b = MasterKey::load_or_create(dir / "b.key");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->derive("x"), b->derive("x"));
}

TEST(MasterKey, RefusesGroupOrOtherReadableFile) {
  TempDir dir;
  const auto file = dir / "master.key";
  write_file(file, std::string(32, 'k'), 0644);
  auto key = MasterKey::load_or_create(file);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().find("0644"), std::string::npos) << key.error();
  EXPECT_NE(key.error().find("chmod 600"), std::string::npos) << key.error();
  write_file(file, std::string(32, 'k'), 0640);
  EXPECT_FALSE(MasterKey::load_or_create(file));
}

TEST(MasterKey, RefusesWrongSize) {
  TempDir dir;
  const auto file = dir / "master.key";
  for (std::size_t size : {0u, 31u, 33u, 64u}) {
    write_file(file, std::string(size, 'k'), 0600);
    auto key = MasterKey::load_or_create(file);
    ASSERT_FALSE(key) << size;
    EXPECT_NE(key.error().find("expected exactly 32"), std::string::npos) << key.error();
  }
}

TEST(MasterKey, MissingDirectoryIsAClearError) {
  TempDir dir;
  auto key = MasterKey::load_or_create(dir / "no-such-dir" / "master.key");
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().find("master key"), std::string::npos) << key.error();
}

TEST(MasterKey, DeriveIsDeterministicAndSeparatesLabels) {
  const auto key = MasterKey::from_bytes(std::string(32, '\x01'));
  EXPECT_EQ(key.derive(kSecretHashLabel).size(), 32u);
  EXPECT_EQ(key.derive(kSecretHashLabel), key.derive(kSecretHashLabel));
  EXPECT_NE(key.derive(kSecretHashLabel), key.derive(kSigningKeySealLabel));
  EXPECT_NE(key.derive(kSecretHashLabel),
            MasterKey::from_bytes(std::string(32, '\x02')).derive(kSecretHashLabel));
  EXPECT_THROW(MasterKey::from_bytes("short"), std::invalid_argument);
}

TEST(MasterKey, DeriveMatchesRfc5869Hkdf) {
  // RFC 5869 has no salt-less SHA-256 vector with a 32-byte IKM, so check against the
  // definition: PRK = HMAC(zeros, IKM); OKM = HMAC(PRK, info || 0x01) for L = 32.
  const std::string ikm(32, '\x0b');
  const auto key = MasterKey::from_bytes(ikm);
  const std::string prk = SecretHasher(std::string(32, '\0')).hash(ikm);
  const std::string okm = SecretHasher(prk).hash(std::string("label") + '\x01');
  EXPECT_EQ(key.derive("label"), okm);
}

// --- SecretHasher ------------------------------------------------------------------------

TEST(SecretHasher, MatchesOnlyTheRightSecret) {
  const SecretHasher hasher(std::string(32, 'h'));
  const auto stored = hasher.hash("s3cret");
  EXPECT_EQ(stored.size(), 32u);
  EXPECT_TRUE(hasher.matches("s3cret", stored));
  EXPECT_FALSE(hasher.matches("s3cre", stored));
  EXPECT_FALSE(hasher.matches("s3cret ", stored));
  EXPECT_FALSE(hasher.matches("", stored));
  EXPECT_FALSE(SecretHasher(std::string(32, 'H')).matches("s3cret", stored));
}

TEST(SecretHasher, WrongLengthStoredHashNeverMatches) {
  const SecretHasher hasher(std::string(32, 'h'));
  const auto stored = hasher.hash("s3cret");
  EXPECT_FALSE(hasher.matches("s3cret", stored.substr(0, 31)));
  EXPECT_FALSE(hasher.matches("s3cret", stored + "x"));
  EXPECT_FALSE(hasher.matches("s3cret", ""));
}

TEST(SecretHasher, KnownAnswerRfc4231Case2) {
  const SecretHasher hasher("Jefe");
  const auto mac = hasher.hash("what do ya want for nothing?");
  static const unsigned char kExpected[] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
                                            0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
                                            0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
                                            0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  EXPECT_EQ(mac, std::string(reinterpret_cast<const char*>(kExpected), sizeof kExpected));
}

TEST(SecretHasher, EmptyKeyIsRefused) {
  EXPECT_THROW(SecretHasher(""), std::invalid_argument);
}

// --- credentials -------------------------------------------------------------------------

bool all_in(const std::string& s, std::string_view alphabet) {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alphabet.find(c) != std::string_view::npos; });
}

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kB64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

TEST(Credentials, SystemRandomIdsAndSecretsHaveTheRightShapeAndAreDistinct) {
  const auto random = system_random();
  std::set<std::string> ids, secrets;
  for (int i = 0; i < 200; ++i) {
    auto id = generate_client_id(random);
    auto secret = generate_client_secret(random);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(all_in(id, kAlnum)) << id;
    EXPECT_EQ(secret.size(), 64u);
    EXPECT_TRUE(all_in(secret, kB64Url)) << secret;
    ids.insert(std::move(id));
    secrets.insert(std::move(secret));
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(secrets.size(), 200u);
}

// Replays a fixed byte sequence, cyclically.
RandomSource replay(std::vector<unsigned char> bytes) {
  auto position = std::make_shared<std::size_t>(0);
  return [bytes = std::move(bytes), position](std::span<unsigned char> out) {
    for (auto& b : out) b = bytes[(*position)++ % bytes.size()];
  };
}

TEST(Credentials, ClientIdIsDeterministicUnderInjectedRandomness) {
  // 0 -> 'A', 61 -> '9', 62 -> 'A' (62 % 62), 247 -> 247 % 62 = 61 -> '9'; 248..255 rejected.
  const auto id = generate_client_id(replay({0, 248, 61, 255, 62, 247, 25, 26}));
  EXPECT_EQ(id,
            "A9A9Za"
            "A9A9Za"
            "A9A9Za"
            "A9A9Za"
            "A9A9Za"
            "A9");
}

TEST(Credentials, ClientIdMapsEachAcceptedByteUniformlyAndRejectsTheRest) {
  // Feed byte value b first, then zeros. Values 0..247 must each pick one character, every
  // character chosen by exactly 4 values; values 248..255 must be skipped (giving 'A' from the
  // zeros that follow).
  std::map<char, int> chosen_by;
  for (int b = 0; b < 256; ++b) {
    bool first = true;
    const RandomSource source = [&](std::span<unsigned char> out) {
      std::fill(out.begin(), out.end(), first ? static_cast<unsigned char>(b) : 0);
      first = false;
    };
    const auto id = generate_client_id(source);
    ASSERT_EQ(id.size(), 32u);
    if (b >= 248) {
      EXPECT_EQ(id, std::string(32, 'A')) << b;
    } else {
      EXPECT_EQ(id, std::string(32, id[0])) << b;
      ++chosen_by[id[0]];
    }
  }
  ASSERT_EQ(chosen_by.size(), 62u);
  for (const auto& [c, n] : chosen_by) EXPECT_EQ(n, 4) << c;
}

TEST(Credentials, ClientSecretIsBase64UrlOf48Bytes) {
  // 0xFB 0xFF 0xBF encodes to "-_-_"; zero bytes to "AAAA".
  const auto secret = generate_client_secret(replay({0xfb, 0xff, 0xbf, 0, 0, 0}));
  std::string expected;
  for (int i = 0; i < 8; ++i) expected += "-_-_AAAA";
  EXPECT_EQ(secret, expected);
}

TEST(Credentials, SecretConsumesExactly48Bytes) {
  std::size_t consumed = 0;
  const RandomSource counting = [&](std::span<unsigned char> out) {
    consumed += out.size();
    std::fill(out.begin(), out.end(), 0);
  };
  (void)generate_client_secret(counting);
  EXPECT_EQ(consumed, 48u);
}

// --- SealedBox ---------------------------------------------------------------------------

TEST(SealedBox, RoundTripsWithTheSameAad) {
  const SealedBox box(std::string(32, 'k'));
  for (std::string plaintext : {std::string(), std::string("x"), std::string(5000, 'p')}) {
    const auto sealed = box.seal(plaintext, "kid-1");
    EXPECT_EQ(sealed.size(), plaintext.size() + 28);
    auto opened = box.open(sealed, "kid-1");
    ASSERT_TRUE(opened) << opened.error();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST(SealedBox, NoncesAreFresh) {
  const SealedBox box(std::string(32, 'k'));
  EXPECT_NE(box.seal("same", "aad"), box.seal("same", "aad"));
}

TEST(SealedBox, DetectsEveryBitFlip) {
  const SealedBox box(std::string(32, 'k'));
  const auto sealed = box.seal("-----BEGIN PRIVATE KEY-----", "kid-1");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      auto tampered = sealed;
      tampered[i] = static_cast<char>(tampered[i] ^ (1 << bit));
      EXPECT_FALSE(box.open(tampered, "kid-1")) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(SealedBox, DetectsTruncationExtensionWrongAadAndWrongKey) {
  const SealedBox box(std::string(32, 'k'));
  const auto sealed = box.seal("secret key material", "kid-1");
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_FALSE(box.open(sealed.substr(0, n), "kid-1")) << n;
  }
  EXPECT_FALSE(box.open(sealed + "x", "kid-1"));
  EXPECT_FALSE(box.open(sealed, "kid-2"));
  EXPECT_FALSE(box.open(sealed, ""));
  EXPECT_FALSE(SealedBox(std::string(32, 'K')).open(sealed, "kid-1"));
}

TEST(SealedBox, KeyMustBe32Bytes) {
  EXPECT_THROW(SealedBox(std::string(16, 'k')), std::invalid_argument);
  EXPECT_THROW(SealedBox(std::string(33, 'k')), std::invalid_argument);
}

}  // namespace
}  // namespace xfx::secrets
