#include <gtest/gtest.h>

#include "server/store/snapshot.h"

namespace xfx::store {
namespace {

Client client(std::string id) {
  Client c;
  c.client_id = std::move(id);
  c.secret_hash = std::string(32, 'h');
  return c;
}

Api api(std::string identifier) {
  Api a;
  a.identifier = std::move(identifier);
  a.scopes = {"read", "write"};
  return a;
}

Grant grant(std::string client_id, std::string audience) {
  return Grant{std::move(client_id), std::move(audience), {"read"}, 0};
}

TEST(RegistrySnapshot, FindsByKeyRegardlessOfInputOrder) {
  auto snapshot = RegistrySnapshot::build(
      7, {api("https://b"), api("https://a")}, {client("c2"), client("c1"), client("c3")},
      {grant("c2", "https://a"), grant("c1", "https://b"), grant("c1", "https://a")});
  EXPECT_EQ(snapshot->revision(), 7u);
  EXPECT_EQ(snapshot->client_count(), 3u);
  EXPECT_EQ(snapshot->api_count(), 2u);
  EXPECT_EQ(snapshot->grant_count(), 3u);

  ASSERT_NE(snapshot->find_client("c1"), nullptr);
  EXPECT_EQ(snapshot->find_client("c1")->client_id, "c1");
  EXPECT_EQ(snapshot->find_client("c3")->client_id, "c3");
  EXPECT_EQ(snapshot->find_client("c"), nullptr);
  EXPECT_EQ(snapshot->find_client("c4"), nullptr);
  EXPECT_EQ(snapshot->find_client(""), nullptr);

  ASSERT_NE(snapshot->find_api("https://a"), nullptr);
  EXPECT_EQ(snapshot->find_api("https://b")->identifier, "https://b");
  EXPECT_EQ(snapshot->find_api("https://c"), nullptr);

  ASSERT_NE(snapshot->find_grant("c1", "https://b"), nullptr);
  EXPECT_EQ(snapshot->find_grant("c1", "https://b")->scopes, std::vector<std::string>{"read"});
  EXPECT_NE(snapshot->find_grant("c2", "https://a"), nullptr);
  EXPECT_EQ(snapshot->find_grant("c2", "https://b"), nullptr);
  EXPECT_EQ(snapshot->find_grant("c3", "https://a"), nullptr);

  const auto of_c1 = snapshot->grants_of("c1");
  ASSERT_EQ(of_c1.size(), 2u);
  EXPECT_EQ(of_c1[0].audience, "https://a");
  EXPECT_EQ(of_c1[1].audience, "https://b");
  EXPECT_TRUE(snapshot->grants_of("c3").empty());
}

TEST(RegistrySnapshot, KeyComparisonIsExactNotPrefixOrCaseFolded) {
  auto snapshot = RegistrySnapshot::build(1, {api("https://api")}, {client("Abc")},
                                          {grant("Abc", "https://api")});
  EXPECT_EQ(snapshot->find_client("abc"), nullptr);
  EXPECT_EQ(snapshot->find_client("Abc "), nullptr);
  EXPECT_EQ(snapshot->find_api("https://api/"), nullptr);
  // A key with an embedded NUL must not match its prefix.
  EXPECT_EQ(snapshot->find_client(std::string_view("Abc\0x", 5)), nullptr);
  // The pair is compared as a pair, not as a concatenation.
  EXPECT_EQ(snapshot->find_grant("Abchttps://", "api"), nullptr);
}

TEST(RegistrySnapshot, DuplicateKeysKeepTheFirst) {
  Client first = client("c");
  first.name = "first";
  Client second = client("c");
  second.name = "second";
  auto snapshot = RegistrySnapshot::build(1, {}, {first, second}, {});
  EXPECT_EQ(snapshot->client_count(), 1u);
  EXPECT_EQ(snapshot->find_client("c")->name, "first");
}

TEST(RegistrySnapshot, EmptyIsValid) {
  auto snapshot = RegistrySnapshot::build(0, {}, {}, {});
  EXPECT_EQ(snapshot->find_client("x"), nullptr);
  EXPECT_EQ(snapshot->find_api("x"), nullptr);
  EXPECT_EQ(snapshot->find_grant("x", "y"), nullptr);
  EXPECT_TRUE(snapshot->grants_of("x").empty());
}

}  // namespace
}  // namespace xfx::store
