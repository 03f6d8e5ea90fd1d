// The resource server's cost per request, against the raw signature check in the same binary.
//
//   verify/raw/ALG        jose::verify_signature over the token's signing input: the floor.
//   verifier/ALG          TokenVerifier::verify uncached: parse, header checks, key lookup,
//                         signature, claims (what a resource server pays on a cache miss).
//   verifier_cached/hit   VerifiedTokenCache::find on a hit (SHA-256 of the token + shard lock).
//   verifier_cached/hit/threads:N   the same from N threads (shard contention).
//
// Run: build-release/bench/verifier_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "bench/bench_support.h"
#include "xfx/jose/base64url.h"
#include "xfx/verify/token_cache.h"
#include "xfx/verify/token_verifier.h"

namespace {

using xfx::jose::Algorithm;
using namespace xfx::bench;
using Clock = std::chrono::system_clock;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
}

std::string token_for(Algorithm alg) {
  auto signer = or_die(xfx::jose::Signer::create(key_for(alg), alg, "JWT"), "Signer::create");
  return or_die(signer.sign(realistic_payload(unix_now())), "Signer::sign");
}

xfx::verify::TokenVerifier verifier_for(Algorithm alg) {
  xfx::verify::VerifierConfig config;
  config.issuer = realistic_claims(0).iss;
  config.audiences = realistic_claims(0).aud;
  config.algorithms = {alg};
  return xfx::verify::TokenVerifier(config);
}

xfx::jose::KeySet keyset_for(Algorithm alg) {
  xfx::jose::KeySet keys;
  keys.add(key_for(alg));
  return keys;
}

void BM_RawVerify(benchmark::State& state, Algorithm alg) {
  const std::string token = token_for(alg);
  const auto dot = token.rfind('.');
  const std::string input = token.substr(0, dot);
  const std::string sig = *xfx::jose::base64url_decode(token.substr(dot + 1));
  const auto& key = key_for(alg);
  for (auto _ : state) {
    if (!xfx::jose::verify_signature(key, alg, input, sig)) {
      state.SkipWithError("verify_signature failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Verifier(benchmark::State& state, Algorithm alg) {
  const std::string token = token_for(alg);
  const auto verifier = verifier_for(alg);
  const auto keys = keyset_for(alg);
  const auto now = Clock::now();
  for (auto _ : state) {
    auto verified = verifier.verify(token, keys, now);
    if (!verified) {
      state.SkipWithError("TokenVerifier::verify failed");
      break;
    }
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(state.iterations());
}

// One cache shared by every thread of a run, as one API process shares it.
xfx::verify::VerifiedTokenCache& shared_cache() {
  static xfx::verify::VerifiedTokenCache cache(10000);
  return cache;
}

void BM_CacheHit(benchmark::State& state) {
  static const std::string token = token_for(Algorithm::kRS256);
  auto& cache = shared_cache();
  if (state.thread_index() == 0) {
    const auto verifier = verifier_for(Algorithm::kRS256);
    cache.insert(token, *verifier.verify(token, keyset_for(Algorithm::kRS256), Clock::now()));
  }
  const auto now = Clock::now();
  for (auto _ : state) {
    auto hit = cache.find(token, now);
    if (!hit) {
      state.SkipWithError("cache miss");
      break;
    }
    benchmark::DoNotOptimize(hit);
  }
  state.SetItemsProcessed(state.iterations());
}

void register_all() {
  for (auto alg : kAlgorithms) {
    const std::string a(xfx::jose::to_string(alg));
    benchmark::RegisterBenchmark(("verify/raw/" + a).c_str(), BM_RawVerify, alg);
    benchmark::RegisterBenchmark(("verifier/" + a).c_str(), BM_Verifier, alg);
  }
  benchmark::RegisterBenchmark("verifier_cached/hit", BM_CacheHit)
      ->Threads(1)
      ->Threads(2)
      ->Threads(8)
      ->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
