// The hot path of AuthClient::access_token(): a cache hit. Target ≤ 100 ns and no allocation.
// Run: build-release/tests/unit/client/client_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <new>

#include "client/fakes.h"
#include "xfx/client/auth_client.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Counts every allocation in this binary, so the hit path can be shown to make none. (GCC
// cannot see that these replacements pair malloc with free.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using namespace xfx::client;

std::shared_ptr<AuthClient> make_client() {
  auto transport = std::make_shared<testing::FakeTransport>();
  transport->set_fallback(
      [](const HttpRequest&) { return testing::token_response("bench-token", 86400); });
  Config config;
  config.client_id = "id";
  config.client_secret = "secret";
  config.token_url = "https://auth.example.test/oauth/token";
  AuthClientHooks hooks;
  hooks.transport = transport;
  auto client = std::make_shared<AuthClient>(config, std::move(hooks));
  (void)client->access_token();
  return client;
}

std::shared_ptr<AuthClient>& shared_client() {
  static auto client = make_client();
  return client;
}

void BM_CacheHit(benchmark::State& state) {
  auto& client = shared_client();
  const long before = g_allocations.load();
  for (auto _ : state) {
    auto token = client->access_token();
    benchmark::DoNotOptimize(token);
  }
  if (state.thread_index() == 0) {
    state.counters["allocs/op"] = benchmark::Counter(
        static_cast<double>(g_allocations.load() - before), benchmark::Counter::kAvgIterations);
  }
}
BENCHMARK(BM_CacheHit)->ThreadRange(1, 16)->UseRealTime();

void BM_CacheHitOtherAudience(benchmark::State& state) {
  auto& client = shared_client();
  (void)client->access_token("https://api.other.test", "read");
  for (auto _ : state) {
    auto token = client->access_token("https://api.other.test", "read");
    benchmark::DoNotOptimize(token);
  }
}
BENCHMARK(BM_CacheHitOtherAudience);

}  // namespace

BENCHMARK_MAIN();
