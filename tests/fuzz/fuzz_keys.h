// Fixed keys for the fuzz targets and their seed corpus. Test-only keys, generated for this
// purpose and published here on purpose: a fixed key lets seed tokens verify, so the fuzzer starts
// from inputs that reach the claim checks instead of stopping at an unknown kid.
#pragma once

#include <chrono>
#include <memory>

#include "xfx/jose/key.h"
#include "xfx/verify/token_verifier.h"

namespace xfx::fuzz {

inline constexpr const char* kRsaPem = R"(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0fO+/D7J8n12e
RJqziWpojrxu7nq6UTNuJR4Ooz1IYOvlpMOIomPKFvicCtUmTETKqQzkzAR8wxAo
gcvQlR+lLdONldTcbMYtPEkLBB11IeSJsXQygAKMUO9Jh5FaUSkwNc25Nt0tVcVf
+hFzCtOQf6crTZ1m8sBrSUCBkbANU9/g4z2DWic/un9Fpbl5m6QVTgGbqxtUKR2c
ab91u+mXo503N3hWiViHb52eVKWNKJpGrDkRf1As9APdaLNb9Rb5VZYK6uf5gSba
iSLV79/dMj8Fy9sHiF2LpTvgA3/IqixKo08mBErYmiGywNpxHcAzbdxhaqTeakup
JovTBH11AgMBAAECggEACl/fFl6piLfOtWJQo87GNCCLl3MeUKzfta5XrLQ4jtCW
vAJtRI0/Cqv+L4FWO1y+xzO8kb83Z9DSPN3UcGwjSkbuJjE4BSaRz/erOYFLodgS
+fuJCBPAcb5/jqdb/8gdWQ/SqtmK5khL74Z2hSQYwUbRKLBOAqT5UgFp044jWOoB
2yUwCjZkSAwU48sIBe/y38TFyDC0vTV4U9S8+/RTZDyxOBQbuD3oVXE9l9rvJ/9x
5ZIu5RzIp/wJYTdnfVen98QGa/H6bG0NV7dBjSfAD+Ez8UKXfl3qhB8//mVu3o8w
TBJ2JOz6L767bpU7fCOC7wazw8PHrhFtWq5t35acGQKBgQDxFqyxwfiOo52dPbj5
Mszzox3j7QraGf8R1/pi/5y/inFwAfs+5cslP3igKWjNaBLelsxE0c1cNdVE65pq
r5BYvEQeAkp4vPlWHWhq2p55xhXndx9apCt3s/aa9Gk4CqddQJMecgtW4ttMibbG
fTHPRi9wy+WSPe09YMz7JkWq2QKBgQC/prsYTwrcU9mKr7GM3/Y/VuBQW6VCliK3
KEPhlmuAejRthbJkjts2fa98R+F/QBLv5NpvVT4LlbaSO/eiEjkVDxzckpM25p+D
n43Z1gXjrW5GwHSrOgAJaOfEWCbu8JhtD7s9klHeABd+SLl56gi9GeqXqA7HvLkZ
5VniW6at/QKBgAED625ENtvC7KMA44qJIDvWcAXJtcX9XgmhMzi/gtV7q8ag+4Hk
Tdq2Tbe+9OYIjivJzsprZ8X/pApKQ7g3TRBSmqbVs6KWiSZHsWzhxtEUeHslEUi8
cEJsy5kTdm35/YJzByuVp16STgIggliLpm4NCZ4b/beD8z/S7IoSOzDhAoGAenY6
tSTExtbZehIcPO1bN0v3F8IHzo2K70hOX9azKKxt1dIJlNHn52DWgm6X+6zgrOOq
ZFuuws5OlBC3gptsWDWI9rS+VuV05jFM/fYRW1OV1KXjpwnvvhOHjWHatvGMJJxZ
w9U8dMPQP0SPKATQwqzNx0x+7Uh9aruv/MEdt60CgYEArBeI9YT4IyL/SgT895wW
8zOoskQz2kzWI78bMP41DgBUV5B5pY6Iw/prGrsAtCOYTl7tcAvg4S3Z1YS2rqFG
KR2ByJD5naD8RnGGWwfu4GOu7uIpJ5oLQtcSLxNj+q1DAvcx5FCGD0On0XC3cf17
FKyugsTYVM/LxsnwYHEYoqg=
-----END PRIVATE KEY-----
)";
inline constexpr const char* kEcPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgS3+Phf9IqfuSy5uF
I90QlCmR3CJIe4dlOIYJzcVAzUShRANCAAQpsvd+7pYpt+8CcTIiKV4aIvmgX/Lu
mRLYlcK3KFPGtyaQTmW5yhiYLfPCmvSTFmHBNDwxX6NsSXIHJpHutZwl
-----END PRIVATE KEY-----
)";
inline constexpr const char* kEdPem = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIKA5C3pJmG/am9KyM3rt1ZTIfISbiCaZ8nB/KRaJw9JV
-----END PRIVATE KEY-----
)";

inline constexpr const char* kIssuer = "https://issuer.example/";
inline constexpr const char* kAudience = "https://api.example/orders";
inline constexpr std::int64_t kNow = 1'700'000'000;

struct FuzzKeys {
  jose::Key rsa, ec, ed;
};

// The private keys (for the seed generator).
inline const FuzzKeys& private_keys() {
  static const FuzzKeys keys{
      jose::Key::from_private_pem(kRsaPem, "rsa-1", jose::Algorithm::kRS256).value(),
      jose::Key::from_private_pem(kEcPem, "ec-1", jose::Algorithm::kES256).value(),
      jose::Key::from_private_pem(kEdPem, "ed-1", jose::Algorithm::kEdDSA).value()};
  return keys;
}

// The verifier's view: public keys only, as a JWKS would deliver them.
inline const jose::KeySet& public_key_set() {
  static const jose::KeySet set = [] {
    jose::KeySet s;
    const FuzzKeys& k = private_keys();
    for (const jose::Key* key : {&k.rsa, &k.ec, &k.ed}) {
      s.add(jose::Key::from_jwk(key->public_jwk()).value());
    }
    return s;
  }();
  return set;
}

inline verify::VerifierConfig fuzz_config() {
  verify::VerifierConfig c;
  c.issuer = kIssuer;
  c.audiences = {kAudience};
  c.algorithms = {jose::Algorithm::kRS256, jose::Algorithm::kPS256, jose::Algorithm::kES256,
                  jose::Algorithm::kEdDSA};
  c.type = verify::TokenType::kEither;
  return c;
}

}  // namespace xfx::fuzz
