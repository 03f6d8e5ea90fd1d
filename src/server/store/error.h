// How a store operation fails. Split out so snapshot.h and registry.h share it.
#pragma once

#include <string>
#include <string_view>

#include "xfx/expected.h"

namespace xfx::store {

enum class StoreError {
  kNotFound,
  kAlreadyExists,
  kInvalidArgument,
  kUnavailable,  // locked, I/O, disk full: retry later
  kCorrupt,      // the database is not what we wrote
};
std::string_view to_string(StoreError error);

struct StoreFailure {
  StoreError code = StoreError::kUnavailable;
  std::string message;  // precise, for operators; never contains secrets
};

template <class T>
using StoreResult = xfx::expected<T, StoreFailure>;

}  // namespace xfx::store
