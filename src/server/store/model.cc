#include "server/store/model.h"

#include "server/store/error.h"

namespace xfx::store {

std::string_view to_string(TokenProfile profile) {
  switch (profile) {
    case TokenProfile::kAuth0:
      return "auth0";
    case TokenProfile::kRfc9068:
      return "rfc9068";
  }
  return "unknown";
}

std::optional<TokenProfile> parse_token_profile(std::string_view text) {
  if (text == "auth0") return TokenProfile::kAuth0;
  if (text == "rfc9068") return TokenProfile::kRfc9068;
  return std::nullopt;
}

std::string_view to_string(KeyState state) {
  switch (state) {
    case KeyState::kNext:
      return "next";
    case KeyState::kCurrent:
      return "current";
    case KeyState::kRetired:
      return "retired";
  }
  return "unknown";
}

std::optional<KeyState> parse_key_state(std::string_view text) {
  if (text == "next") return KeyState::kNext;
  if (text == "current") return KeyState::kCurrent;
  if (text == "retired") return KeyState::kRetired;
  return std::nullopt;
}

std::string_view to_string(StoreError error) {
  switch (error) {
    case StoreError::kNotFound:
      return "not_found";
    case StoreError::kAlreadyExists:
      return "already_exists";
    case StoreError::kInvalidArgument:
      return "invalid_argument";
    case StoreError::kUnavailable:
      return "unavailable";
    case StoreError::kCorrupt:
      return "corrupt";
  }
  return "unknown";
}

}  // namespace xfx::store
