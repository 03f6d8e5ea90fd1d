// Shared fixtures for the Google Benchmark binaries: one key per algorithm (generated once per
// process) and a realistic access-token payload, so every binary measures the same work.
#pragma once

#include <array>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "xfx/jose/algorithm.h"
#include "xfx/jose/claims.h"
#include "xfx/jose/jws.h"
#include "xfx/jose/key.h"

namespace xfx::bench {

inline constexpr std::array<jose::Algorithm, 4> kAlgorithms = {
    jose::Algorithm::kRS256, jose::Algorithm::kPS256, jose::Algorithm::kES256,
    jose::Algorithm::kEdDSA};

// A benchmark fixture that cannot be built is a broken build, not a figure: stop loudly.
template <class T>
T or_die(xfx::expected<T, jose::JoseError> result, const char* what) {
  if (!result) {
    std::cerr << "bench: " << what << ": " << jose::to_string(result.error()) << "\n";
    std::exit(2);
  }
  return std::move(*result);
}

// Key generation (RSA especially) takes tens of milliseconds: do it once per algorithm.
inline const jose::Key& key_for(jose::Algorithm alg) {
  static const std::map<jose::Algorithm, jose::Key> keys = [] {
    std::map<jose::Algorithm, jose::Key> m;
    for (auto a : kAlgorithms) m.emplace(a, or_die(jose::Key::generate(a), "Key::generate"));
    return m;
  }();
  return keys.at(alg);
}

// The claims xfx-authd puts in an Auth0-profile token (see oauth::claims_for), with realistic
// lengths: a 32-character client id, an https audience, three scopes, a 22-character jti.
inline jose::Claims realistic_claims(std::int64_t now) {
  jose::Claims c;
  c.iss = "https://auth.xfx.example/";
  c.sub = "Zr8fQ2kLmN4pX7vB1cD9eH3jT6wY0aSg@clients";
  c.aud = {"https://api.xfx.io/trading"};
  c.iat = now;
  c.exp = now + 86400;
  c.azp = "Zr8fQ2kLmN4pX7vB1cD9eH3jT6wY0aSg";
  c.scope = "read:orders write:orders read:positions";
  c.gty = "client-credentials";
  c.jti = "q1w2e3r4t5y6u7i8o9p0aZ";
  return c;
}

inline std::string realistic_payload(std::int64_t now) {
  return jose::to_json(realistic_claims(now));
}

}  // namespace xfx::bench
