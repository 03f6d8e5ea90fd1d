// Shared helpers for the jose tests: published test vectors, JWK parsing and the tamper loops
// (every bit flip, every truncation) that each algorithm's tests run.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "xfx/jose/jws.h"
#include "xfx/jose/key.h"

namespace xfx::jose::testing {

inline boost::json::object json_object(std::string_view text) {
  return boost::json::parse(text).as_object();
}

inline Key key_from_jwk(std::string_view text) {
  auto key = Key::from_jwk(json_object(text));
  EXPECT_TRUE(key.has_value()) << (key ? "" : to_string(key.error()));
  return std::move(key).value();
}

// Calls `check` with every single-bit variation of `bytes`.
inline void for_each_bit_flip(const std::string& bytes,
                              const std::function<void(const std::string&)>& check) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      check(flipped);
    }
  }
}

// Calls `check` with every proper prefix of `bytes`, the empty one included.
inline void for_each_truncation(std::string_view bytes,
                                const std::function<void(std::string_view)>& check) {
  for (std::size_t len = 0; len < bytes.size(); ++len) check(bytes.substr(0, len));
}

// Every bit flip and truncation of the signature must fail to verify with kBadSignature.
inline void expect_tamper_evident(const Key& key, Algorithm alg, std::string_view signing_input,
                                  const std::string& signature) {
  ASSERT_TRUE(verify_signature(key, alg, signing_input, signature).has_value());
  int accepted = 0;
  for_each_bit_flip(signature, [&](const std::string& sig) {
    auto r = verify_signature(key, alg, signing_input, sig);
    if (r || r.error() != JoseError::kBadSignature) ++accepted;
  });
  EXPECT_EQ(accepted, 0) << "bit flips not rejected as kBadSignature";
  accepted = 0;
  for_each_truncation(signature, [&](std::string_view sig) {
    auto r = verify_signature(key, alg, signing_input, sig);
    if (r || r.error() != JoseError::kBadSignature) ++accepted;
  });
  EXPECT_EQ(accepted, 0) << "truncated signatures not rejected as kBadSignature";
  // The signing input is as covered as the signature.
  for_each_truncation(signing_input, [&](std::string_view input) {
    if (verify_signature(key, alg, input, signature)) ++accepted;
  });
  EXPECT_EQ(accepted, 0) << "truncated signing input accepted";
}

// Every truncation of a whole compact token must fail to parse or fail to verify.
inline void expect_truncations_rejected(const Key& key, Algorithm alg, std::string_view token) {
  int accepted = 0;
  for_each_truncation(token, [&](std::string_view t) {
    auto jws = parse_compact(t, 16 * 1024);
    if (jws && verify_signature(key, alg, jws->signing_input, jws->signature)) ++accepted;
  });
  EXPECT_EQ(accepted, 0);
}

// ---- Published vectors, copied from the RFC texts.

// RFC 7515 Appendix A.2: RSA key (with all CRT members), and its RS256 JWS.
inline constexpr std::string_view kRfc7515A2Jwk = R"({"kty":"RSA",
 "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
 "e":"AQAB",
 "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
 "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
 "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
 "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
 "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
 "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"})";

// The JWS Payload of RFC 7515 A.1-A.3, CRLF line breaks included.
inline constexpr std::string_view kRfc7515Payload =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

inline constexpr std::string_view kRfc7515A2Token =
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L"
    "07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUi"
    "pUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// RFC 7515 Appendix A.3: P-256 key and its ES256 JWS.
inline constexpr std::string_view kRfc7515A3Jwk = R"({"kty":"EC","crv":"P-256",
 "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
 "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
 "d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"})";

inline constexpr std::string_view kRfc7515A3Token =
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q"
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

// RFC 8037 Appendix A.1 (private) and A.2 (public) Ed25519 key, A.3 thumbprint, A.4 JWS.
inline constexpr std::string_view kRfc8037PrivateJwk =
    R"({"kty":"OKP","crv":"Ed25519",)"
    R"("d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",)"
    R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
inline constexpr std::string_view kRfc8037PublicJwk =
    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
inline constexpr std::string_view kRfc8037Thumbprint =
    "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
inline constexpr std::string_view kRfc8037Payload = "Example of Ed25519 signing";
inline constexpr std::string_view kRfc8037Token =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

// RFC 7638 §3.1: RSA public key and its SHA-256 thumbprint.
inline constexpr std::string_view kRfc7638Jwk = R"({"kty":"RSA",
 "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
 "e":"AQAB","alg":"RS256","kid":"2011-04-29"})";
inline constexpr std::string_view kRfc7638Thumbprint =
    "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

}  // namespace xfx::jose::testing
