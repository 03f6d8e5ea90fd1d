// Discovery (RFC 8414, OpenID Connect Discovery) for the token endpoint and its keys.
#pragma once

#include <string>
#include <string_view>

namespace xfx::authd {

// The metadata document; `issuer` is the tokens' iss exactly (with its trailing slash).
std::string discovery_document(std::string_view issuer);

// "http://host:port" + "/" normalised so the issuer always ends in exactly one slash.
std::string normalize_issuer(std::string_view issuer);

}  // namespace xfx::authd
