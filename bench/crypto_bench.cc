// Raw signing and verification: the physical limit of a token server and of a resource server.
//
//   sign/evp/ALG          OpenSSL EVP as a caller would write it: a fresh EVP_MD_CTX and
//                         EVP_DigestSignInit per call (what jose does), then EVP_DigestSign.
//   sign/evp_copy/ALG     the same, but the initialised context is prepared once and copied per
//                         call (EVP_MD_CTX_copy_ex), and the digest fetched once: measures what
//                         per-call initialisation costs in OpenSSL 3 (provider and key lookups).
//   sign/jose/ALG         jose::sign_bytes over the same bytes.
//   signer/ALG            jose::Signer::sign of a realistic claims payload (base64url + sign).
//   verify/evp/ALG, verify/jose/ALG   the same pairs for verification.
//
// Run: build-release/bench/crypto_bench [--benchmark_filter=RS256]
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>

#include "bench/bench_support.h"

namespace {

using xfx::jose::Algorithm;
using namespace xfx::bench;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The signing input of a realistic token: base64url(header) "." base64url(payload).
const std::string& signing_input() {
  static const std::string input = [] {
    auto signer =
        or_die(xfx::jose::Signer::create(key_for(Algorithm::kRS256), Algorithm::kRS256, "JWT"),
               "Signer::create");
    auto token = or_die(signer.sign(realistic_payload(1700000000)), "Signer::sign");
    return token.substr(0, token.rfind('.'));
  }();
  return input;
}

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// RS256/ES256 hash with SHA-256 first; Ed25519 hashes internally (no digest).
const EVP_MD* md_for(Algorithm alg) {
  return alg == Algorithm::kEdDSA ? nullptr : EVP_sha256();
}

bool configure_pss(EVP_PKEY_CTX* pctx, Algorithm alg) {
  if (alg != Algorithm::kPS256) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1;
}

MdCtx init_sign_ctx(EVP_PKEY* pkey, Algorithm alg, const EVP_MD* md) {
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, pkey) != 1 ||
      !configure_pss(pctx, alg)) {
    return nullptr;
  }
  return ctx;
}

MdCtx init_verify_ctx(EVP_PKEY* pkey, Algorithm alg, const EVP_MD* md) {
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, pkey) != 1 ||
      !configure_pss(pctx, alg)) {
    return nullptr;
  }
  return ctx;
}

// An OpenSSL DER signature for the EVP verify baseline (ES256 in DER, not JOSE's R||S).
std::string evp_signature(Algorithm alg) {
  auto ctx = init_sign_ctx(key_for(alg).native(), alg, md_for(alg));
  unsigned char sig[512];
  std::size_t len = sizeof sig;
  if (!ctx ||
      EVP_DigestSign(ctx.get(), sig, &len, bytes(signing_input()), signing_input().size()) != 1) {
    return {};
  }
  return std::string(reinterpret_cast<char*>(sig), len);
}

void BM_EvpSign(benchmark::State& state, Algorithm alg) {
  EVP_PKEY* pkey = key_for(alg).native();
  const auto& input = signing_input();
  unsigned char sig[512];
  for (auto _ : state) {
    auto ctx = init_sign_ctx(pkey, alg, md_for(alg));
    std::size_t len = sizeof sig;
    if (!ctx || EVP_DigestSign(ctx.get(), sig, &len, bytes(input), input.size()) != 1) {
      state.SkipWithError("EVP_DigestSign failed");
      break;
    }
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EvpSignCopy(benchmark::State& state, Algorithm alg) {
  EVP_MD* md = alg == Algorithm::kEdDSA ? nullptr : EVP_MD_fetch(nullptr, "SHA256", nullptr);
  auto tmpl = init_sign_ctx(key_for(alg).native(), alg, md);
  MdCtx ctx(EVP_MD_CTX_new());
  const auto& input = signing_input();
  unsigned char sig[512];
  for (auto _ : state) {
    std::size_t len = sizeof sig;
    if (!tmpl || EVP_MD_CTX_copy_ex(ctx.get(), tmpl.get()) != 1 ||
        EVP_DigestSign(ctx.get(), sig, &len, bytes(input), input.size()) != 1) {
      state.SkipWithError("context copy not supported for this key type");
      break;
    }
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
  EVP_MD_free(md);
}

void BM_JoseSign(benchmark::State& state, Algorithm alg) {
  const auto& key = key_for(alg);
  const auto& input = signing_input();
  for (auto _ : state) {
    auto sig = xfx::jose::sign_bytes(key, alg, input);
    if (!sig) {
      state.SkipWithError("sign_bytes failed");
      break;
    }
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SignerSign(benchmark::State& state, Algorithm alg) {
  auto signer = or_die(xfx::jose::Signer::create(key_for(alg), alg, "JWT"), "Signer::create");
  const std::string payload = realistic_payload(1700000000);
  for (auto _ : state) {
    auto token = signer.sign(payload);
    if (!token) {
      state.SkipWithError("Signer::sign failed");
      break;
    }
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EvpVerify(benchmark::State& state, Algorithm alg) {
  EVP_PKEY* pkey = key_for(alg).native();
  const auto& input = signing_input();
  const std::string sig = evp_signature(alg);
  for (auto _ : state) {
    auto ctx = init_verify_ctx(pkey, alg, md_for(alg));
    if (!ctx ||
        EVP_DigestVerify(ctx.get(), bytes(sig), sig.size(), bytes(input), input.size()) != 1) {
      state.SkipWithError("EVP_DigestVerify failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_JoseVerify(benchmark::State& state, Algorithm alg) {
  const auto& key = key_for(alg);
  const auto& input = signing_input();
  const std::string sig = or_die(xfx::jose::sign_bytes(key, alg, input), "sign_bytes");
  for (auto _ : state) {
    if (!xfx::jose::verify_signature(key, alg, input, sig)) {
      state.SkipWithError("verify_signature failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void register_all() {
  for (auto alg : kAlgorithms) {
    const std::string a(xfx::jose::to_string(alg));
    benchmark::RegisterBenchmark(("sign/evp/" + a).c_str(), BM_EvpSign, alg);
    benchmark::RegisterBenchmark(("sign/evp_copy/" + a).c_str(), BM_EvpSignCopy, alg);
    benchmark::RegisterBenchmark(("sign/jose/" + a).c_str(), BM_JoseSign, alg);
    benchmark::RegisterBenchmark(("signer/" + a).c_str(), BM_SignerSign, alg);
    benchmark::RegisterBenchmark(("verify/evp/" + a).c_str(), BM_EvpVerify, alg);
    benchmark::RegisterBenchmark(("verify/jose/" + a).c_str(), BM_JoseVerify, alg);
  }
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
