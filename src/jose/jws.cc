#include "xfx/jose/jws.h"

#include <boost/json/serialize.hpp>

#include <array>

#include "jose/base64url_internal.h"
#include "jose/signature_internal.h"
#include "jose/strict_json.h"

namespace xfx::jose {

Signer::Signer(Key key, Algorithm alg, std::string encoded_header)
    : key_(std::move(key)), alg_(alg), encoded_header_(std::move(encoded_header)) {}

expected<Signer, JoseError> Signer::create(Key key, Algorithm alg, std::string_view typ) {
  if (auto fit = detail::check_fit(key, alg); !fit) return unexpected(fit.error());
  if (!key.has_private()) return unexpected(JoseError::kBadKey);
  boost::json::object header;
  header["alg"] = to_string(alg);
  if (!typ.empty()) header["typ"] = typ;
  if (!key.kid().empty()) header["kid"] = key.kid();
  std::string encoded;
  detail::base64url_append(encoded, boost::json::serialize(header));
  encoded.push_back('.');
  return Signer(std::move(key), alg, std::move(encoded));
}

expected<std::string, JoseError> Signer::sign(std::string_view payload_json) const {
  std::string token;
  token.reserve(encoded_header_.size() + detail::base64url_encoded_size(payload_json.size()) + 1 +
                detail::base64url_encoded_size(detail::kMaxSignatureSize));
  token.append(encoded_header_);
  detail::base64url_append(token, payload_json);
  std::array<std::uint8_t, detail::kMaxSignatureSize> sig;
  auto len = detail::sign_raw(key_.native(), alg_, token, sig);
  if (!len) return unexpected(len.error());
  token.push_back('.');
  detail::base64url_append(token,
                           std::string_view(reinterpret_cast<const char*>(sig.data()), *len));
  return token;
}

expected<CompactJws, JoseError> parse_compact(std::string_view token, std::size_t max_size) {
  if (token.size() > max_size) return unexpected(JoseError::kMalformed);
  const std::size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return unexpected(JoseError::kMalformed);
  const std::size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return unexpected(JoseError::kMalformed);
  }
  const std::string_view header = token.substr(0, dot1);
  const std::string_view payload = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature = token.substr(dot2 + 1);
  if (header.empty() || payload.empty() || signature.empty()) {
    return unexpected(JoseError::kMalformed);
  }

  CompactJws jws;
  std::string header_json;
  if (!detail::base64url_decode_into(header, header_json) ||
      !detail::base64url_decode_into(payload, jws.payload) ||
      !detail::base64url_decode_into(signature, jws.signature)) {
    return unexpected(JoseError::kBadBase64);
  }
  auto object = detail::parse_json_object(header_json);
  if (!object) return unexpected(object.error());
  jws.header = std::move(*object);
  jws.signing_input = token.substr(0, dot2);
  return jws;
}

}  // namespace xfx::jose
