// The raw signing rate on N threads for a fixed wall-clock time: the denominator of the token
// endpoint's target ratio, measured in the same run as the load test.
//
//   sign_rate --alg RS256 --threads 2 --seconds 3   ->   {"alg":"RS256","threads":2,...}
//
// Each thread loops jose::sign_bytes over a realistic signing input with the same cached key, as
// the server's I/O threads do. Google Benchmark's multi-threaded rates are per-thread averages,
// so this small tool reports the aggregate the load test is compared with.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"

// User + system CPU seconds of the whole process (every thread).
static double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  using namespace xfx::bench;
  std::string alg_name = "RS256";
  unsigned threads = 2;
  double seconds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--alg")
      alg_name = argv[i + 1];
    else if (arg == "--threads")
      threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (arg == "--seconds")
      seconds = std::stod(argv[i + 1]);
  }
  auto alg = xfx::jose::parse_algorithm(alg_name);
  if (!alg || threads == 0) {
    std::fprintf(stderr,
                 "usage: sign_rate --alg RS256|PS256|ES256|EdDSA --threads N --seconds S\n");
    return 2;
  }
  const auto& key = key_for(*alg);
  auto signer = or_die(xfx::jose::Signer::create(key, *alg, "JWT"), "Signer::create");
  const std::string token = or_die(signer.sign(realistic_payload(1700000000)), "Signer::sign");
  const std::string input = token.substr(0, token.rfind('.'));

  // CPU used so far (key generation) is not part of the loop's cost.
  const double cpu_before = process_cpu_seconds();
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (!xfx::jose::sign_bytes(key, *alg, input)) std::abort();
        ++n;
      }
      total += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // CPU time as well as wall time: on a shared machine the wall rate depends on who else runs,
  // while signatures per CPU-second is the cost of one signature, comparable across runs.
  const double cpu = process_cpu_seconds() - cpu_before;
  std::printf(
      "{\"alg\":\"%s\",\"threads\":%u,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"signs\":%ld,"
      "\"signs_per_s\":%.1f,\"signs_per_cpu_s\":%.1f}\n",
      alg_name.c_str(), threads, elapsed, cpu, total.load(), total.load() / elapsed,
      static_cast<double>(total.load()) / cpu);
  return 0;
}
