// JSON parsing for untrusted token headers, payloads and key sets.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "xfx/expected.h"
#include "xfx/jose/error.h"

namespace xfx::jose::detail {

// Parses `text` as a single JSON object (RFC 8259, no comments or trailing commas). Any object
// in it, at any depth, that repeats a member name is rejected: Boost.JSON would silently keep the
// last one, and two parsers that disagree on which duplicate wins let a token mean different
// things to different readers (RFC 7515 §5.2, RFC 8725 §3.10). Errors are kBadJson.
expected<boost::json::object, JoseError> parse_json_object(std::string_view text);

}  // namespace xfx::jose::detail
