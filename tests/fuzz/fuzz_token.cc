// libFuzzer target: the bearer header parser, the token parser and the whole verifier, against a
// fixed key set and a fixed clock. Any input must yield a value or a VerifyError, never a crash,
// and only a correctly signed token may verify.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_keys.h"
#include "xfx/verify/bearer.h"
#include "xfx/verify/token_verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const xfx::verify::TokenVerifier verifier(xfx::fuzz::fuzz_config());
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::sys_seconds(std::chrono::seconds(xfx::fuzz::kNow));

  const std::string required[] = {"read:orders"};
  auto result = verifier.verify(input, xfx::fuzz::public_key_set(), now, required);
  if (result) {
    // A verified token's claims must be the ones the verifier promised to check.
    if (result->issuer != xfx::fuzz::kIssuer || !result->has_scope("read:orders")) __builtin_trap();
  } else {
    auto mapped = xfx::verify::to_http_rejection(result.error(), "xfx", required);
    if (mapped.status != 401 && mapped.status != 403) __builtin_trap();
  }

  // The same bytes as an Authorization header value.
  auto token = xfx::verify::extract_bearer_token(std::optional<std::string_view>(input));
  if (token && (token->empty() || token->size() > size)) __builtin_trap();
  return 0;
}
