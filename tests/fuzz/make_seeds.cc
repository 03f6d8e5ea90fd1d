// Writes the seed corpus: tokens signed with fuzz_keys.h's keys (valid ones and one of each
// classic attack) and JWK Sets. Not part of the build; run it by hand if the seeds need changing:
//   cmake --build BUILD --target fuzz_make_seeds && BUILD/tests/fuzz/fuzz_make_seeds
//   tests/fuzz/corpus
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_keys.h"
#include "xfx/jose/base64url.h"
#include "xfx/jose/jws.h"

namespace {

using namespace xfx;
namespace fs = std::filesystem;

std::string encode(const boost::json::object& o) {
  return jose::base64url_encode(boost::json::serialize(o));
}

std::string sign(const boost::json::object& header, const boost::json::object& claims,
                 const jose::Key& key, jose::Algorithm alg) {
  std::string input = encode(header) + "." + encode(claims);
  return input + "." + jose::base64url_encode(jose::sign_bytes(key, alg, input).value());
}

boost::json::object claims(std::int64_t exp_offset = 3600) {
  return {{"iss", fuzz::kIssuer},
          {"sub", "demo@clients"},
          {"aud", fuzz::kAudience},
          {"iat", fuzz::kNow - 10},
          {"exp", fuzz::kNow + exp_offset},
          {"azp", "demo"},
          {"client_id", "demo"},
          {"scope", "read:orders write:orders"},
          {"gty", "client-credentials"},
          {"jti", "seed-1"}};
}

void write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = argc > 1 ? argv[1] : "corpus";
  const fuzz::FuzzKeys& k = fuzz::private_keys();
  const fs::path tokens = root / "token";

  const std::string rs = sign({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "rsa-1"}}, claims(), k.rsa,
                              jose::Algorithm::kRS256);
  write(tokens, "rs256-valid", rs);
  write(tokens, "es256-at-jwt-valid",
        sign({{"alg", "ES256"}, {"typ", "at+jwt"}, {"kid", "ec-1"}}, claims(), k.ec,
             jose::Algorithm::kES256));
  write(tokens, "eddsa-valid",
        sign({{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", "ed-1"}}, claims(), k.ed,
             jose::Algorithm::kEdDSA));
  write(tokens, "rs256-expired",
        sign({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "rsa-1"}}, claims(-3600), k.rsa,
             jose::Algorithm::kRS256));
  write(tokens, "alg-none",
        encode({{"alg", "none"}, {"typ", "JWT"}, {"kid", "rsa-1"}}) + "." + encode(claims()) + ".");
  write(tokens, "crit",
        sign({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "rsa-1"}, {"crit", {"exp"}}}, claims(),
             k.rsa, jose::Algorithm::kRS256));
  write(tokens, "embedded-jwk",
        sign({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "rsa-1"}, {"jwk", k.rsa.public_jwk()}},
             claims(), k.rsa, jose::Algorithm::kRS256));
  write(tokens, "extra-dots", rs + ".");
  write(tokens, "authorization-header", "Bearer " + rs);

  const fs::path keysets = root / "keyset";
  write(keysets, "rsa-ec-okp", fuzz::public_key_set().to_json());
  write(keysets, "empty", R"({"keys":[]})");
  write(keysets, "skipped-keys",
        R"({"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"},)"
        R"({"kty":"EC","crv":"P-384","kid":"p384","x":"AA","y":"AA"},)" +
            boost::json::serialize([&] {
              boost::json::object enc = k.rsa.public_jwk();
              enc["use"] = "enc";
              enc["kid"] = "enc-1";
              return enc;
            }()) +
            "]}");
  write(keysets, "no-kid", [&] {
    boost::json::object jwk = k.ec.public_jwk();
    jwk.erase("kid");
    return "{\"keys\":[" + boost::json::serialize(jwk) + "]}";
  }());
  return 0;
}
