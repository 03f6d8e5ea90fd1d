// The client SDK's hot path and its promise to the server.
//
//   client/cache_hit/threads:N   AuthClient::access_token() when the token is cached (target
//                                <= 100 ns), from 1..N threads sharing one client.
//   client/cold_burst            10,000 access_token() calls across 32 threads on a cold cache:
//                                counter token_requests is how many reached the transport (the
//                                single-flight promise: 1).
//
// tests/unit/client/cache_hit_bench.cc (target client_bench in the test tree, hence this name)
// also counts allocations per hit; this one has its own fake transport so that bench/ does not
// depend on the test tree.
//
// Run: build-release/bench/sdk_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "xfx/client/auth_client.h"

namespace {

using namespace xfx::client;

// Answers every request with a day-long token, after a short pause that stands in for the network
// (so concurrent callers really do overlap with the one fetch in flight).
class CountingTransport final : public Transport {
 public:
  xfx::expected<HttpResponse, TransportError> send(const HttpRequest&) override {
    ++calls_;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    r.body = R"({"access_token":"bench-token","token_type":"Bearer","expires_in":86400})";
    return r;
  }
  int calls() const { return calls_.load(); }

 private:
  std::atomic<int> calls_{0};
};

std::shared_ptr<AuthClient> make_client(std::shared_ptr<CountingTransport> transport) {
  Config config;
  config.client_id = "id";
  config.client_secret = "secret";
  config.token_url = "https://auth.example.test/oauth/token";
  AuthClientHooks hooks;
  hooks.transport = std::move(transport);
  return std::make_shared<AuthClient>(config, std::move(hooks));
}

std::shared_ptr<AuthClient>& warm_client() {
  static auto client = [] {
    auto c = make_client(std::make_shared<CountingTransport>());
    (void)c->access_token();
    return c;
  }();
  return client;
}

void BM_CacheHit(benchmark::State& state) {
  auto& client = warm_client();
  for (auto _ : state) {
    auto token = client->access_token();
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ColdBurst(benchmark::State& state) {
  constexpr int kThreads = 32;
  constexpr int kCalls = 10000;
  int requests = 0;
  int failures = 0;
  for (auto _ : state) {
    auto transport = std::make_shared<CountingTransport>();
    auto client = make_client(transport);
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        const int mine = kCalls / kThreads + (t < kCalls % kThreads ? 1 : 0);
        for (int i = 0; i < mine; ++i) {
          if (!client->access_token()) ++failed;
        }
      });
    }
    for (auto& th : threads) th.join();
    requests = transport->calls();
    failures = failed.load();
  }
  state.counters["token_requests"] = requests;
  state.counters["failed_calls"] = failures;
}

}  // namespace

BENCHMARK(BM_CacheHit)->Name("client/cache_hit")->Threads(1)->Threads(2)->Threads(8)->UseRealTime();
BENCHMARK(BM_ColdBurst)
    ->Name("client/cold_burst")
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
