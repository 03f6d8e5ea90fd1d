#include "xfx/jose/algorithm.h"

#include "xfx/jose/error.h"

namespace xfx::jose {

std::string_view to_string(Algorithm alg) {
  switch (alg) {
    case Algorithm::kRS256:
      return "RS256";
    case Algorithm::kPS256:
      return "PS256";
    case Algorithm::kES256:
      return "ES256";
    case Algorithm::kEdDSA:
      return "EdDSA";
  }
  return "unknown";
}

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC";
    case KeyType::kEd25519:
      return "OKP";
  }
  return "unknown";
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  for (Algorithm alg :
       {Algorithm::kRS256, Algorithm::kPS256, Algorithm::kES256, Algorithm::kEdDSA}) {
    if (name == to_string(alg)) return alg;
  }
  return std::nullopt;
}

KeyType key_type_for(Algorithm alg) {
  switch (alg) {
    case Algorithm::kRS256:
    case Algorithm::kPS256:
      return KeyType::kRsa;
    case Algorithm::kES256:
      return KeyType::kEcP256;
    case Algorithm::kEdDSA:
      return KeyType::kEd25519;
  }
  return KeyType::kRsa;  // unreachable for a valid enum value
}

std::string_view to_string(JoseError e) {
  switch (e) {
    case JoseError::kMalformed:
      return "malformed";
    case JoseError::kBadBase64:
      return "bad_base64";
    case JoseError::kBadJson:
      return "bad_json";
    case JoseError::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case JoseError::kAlgorithmKeyMismatch:
      return "algorithm_key_mismatch";
    case JoseError::kBadSignature:
      return "bad_signature";
    case JoseError::kBadKey:
      return "bad_key";
    case JoseError::kCryptoFailure:
      return "crypto_failure";
  }
  return "unknown";
}

}  // namespace xfx::jose
