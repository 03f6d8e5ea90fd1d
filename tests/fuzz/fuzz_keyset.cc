// libFuzzer target: KeySet::parse, the one parser that reads bytes fetched from the network before
// any signature protects them. A parsed set must re-serialise to JSON that parses to the same kids.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "xfx/jose/key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto set = xfx::jose::KeySet::parse(input);
  if (!set) return 0;
  for (const xfx::jose::Key& key : set->keys()) {
    (void)key.thumbprint();
    (void)key.public_jwk();
    if (set->find(key.kid()) == nullptr) __builtin_trap();
  }
  auto again = xfx::jose::KeySet::parse(set->to_json());
  if (!again || again->size() != set->size()) __builtin_trap();
  for (const xfx::jose::Key& key : set->keys()) {
    if (again->find(key.kid()) == nullptr) __builtin_trap();
  }
  return 0;
}
