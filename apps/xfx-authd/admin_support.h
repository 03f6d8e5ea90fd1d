// Small pieces the admin commands share.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.h"
#include "server/authd/data_dir.h"
#include "server/store/error.h"

namespace xfx::authd_cli {

inline authd::DataDir open_data(const Common& common) {
  return authd::open_data_dir(common.data_dir.empty() ? authd::default_data_dir()
                                                      : std::filesystem::path(common.data_dir));
}

// The value of a store result, or one clear line as an exception.
template <class T>
T check(store::StoreResult<T> result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": " + result.error().message);
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == ',') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

inline std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace xfx::authd_cli
