// The composed decision: header -> cache -> verifier -> RFC 6750 rejection.
#include "xfx/verify/request_authenticator.h"
#include "verify_test_support.h"

namespace xfx::verify {
namespace {

using namespace xfx::verify::testing;

class CountingResolver final : public KeyResolver {
 public:
  explicit CountingResolver(std::shared_ptr<const jose::KeySet> keys) : inner_(std::move(keys)) {}
  std::optional<jose::Key> find(std::string_view kid) override {
    ++lookups;
    return inner_.find(kid);
  }
  int lookups = 0;

 private:
  StaticKeyResolver inner_;
};

class RequestAuthenticatorTest : public ::testing::Test {
 protected:
  std::shared_ptr<CountingResolver> keys_ =
      std::make_shared<CountingResolver>(key_set({rsa_key()}));
  std::shared_ptr<VerifiedTokenCache> cache_ = std::make_shared<VerifiedTokenCache>(100);
  RequestAuthenticator auth_{TokenVerifier(default_config()), keys_, cache_, "orders"};
  std::string bearer_ = "Bearer " + valid_token();
};

TEST_F(RequestAuthenticatorTest, AcceptsAndCachesScopeIndependently) {
  std::vector<std::string_view> headers{bearer_};
  const std::vector<std::string> read{"read:orders"};
  ASSERT_TRUE(auth_.authenticate(headers, now(), read).has_value());
  EXPECT_EQ(keys_->lookups, 1);
  ASSERT_TRUE(auth_.authenticate(headers, now()).has_value());
  EXPECT_EQ(keys_->lookups, 1);  // served from the cache
  const std::vector<std::string> admin{"admin"};
  auto denied = auth_.authenticate(headers, now(), admin);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().status, 403);
  EXPECT_EQ(denied.error().www_authenticate,
            "Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"The token "
            "lacks a required scope\", scope=\"admin\"");
  // Past exp + leeway the cache misses and the verifier says expired.
  auto late = auth_.authenticate(headers, now() + std::chrono::seconds(3600 + 60));
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().status, 401);
  EXPECT_NE(late.error().www_authenticate.find("invalid_token"), std::string::npos);
}

TEST_F(RequestAuthenticatorTest, MapsHeaderProblems) {
  std::vector<std::string_view> none;
  EXPECT_EQ(auth_.authenticate(none, now()).error().www_authenticate, "Bearer realm=\"orders\"");
  std::vector<std::string_view> two{bearer_, bearer_};
  EXPECT_EQ(auth_.authenticate(two, now()).error().status, 400);
  std::string tampered = bearer_;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  std::vector<std::string_view> bad{tampered};
  EXPECT_EQ(auth_.authenticate(bad, now()).error().status, 401);
  EXPECT_EQ(cache_->size(), 0u);  // failures are never cached
}

}  // namespace
}  // namespace xfx::verify
