#include "jose/strict_json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace xfx::jose::detail {
namespace {

namespace json = boost::json;

// Builds the value exactly as boost::json::parser does (through a value_stack) while recording
// each open object's member names, so one pass both parses and finds duplicates.
class DuplicateRejectingHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  json::value release() { return stack_.release(); }
  bool duplicate_found() const { return duplicate_; }

  bool on_document_begin(json::error_code&) {
    stack_.reset();
    return true;
  }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack_.push_array(n);
    return true;
  }
  bool on_object_begin(json::error_code&) {
    if (depth_ == names_.size()) names_.emplace_back();
    names_[depth_++].clear();
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& ec) {
    auto& names = names_[--depth_];
    std::sort(names.begin(), names.end());
    if (std::adjacent_find(names.begin(), names.end()) != names.end()) {
      duplicate_ = true;
      ec = json::error::syntax;  // stop parsing; the caller reports kBadJson
      return false;
    }
    stack_.push_object(n);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_key(s);
    key_.append(s.data(), s.size());
    names_[depth_ - 1].push_back(std::move(key_));
    key_.clear();
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  json::value_stack stack_;
  std::vector<std::vector<std::string>> names_;  // one list per open object, reused
  std::size_t depth_ = 0;
  std::string key_;
  bool duplicate_ = false;
};

}  // namespace

expected<json::object, JoseError> parse_json_object(std::string_view text) {
  json::basic_parser<DuplicateRejectingHandler> parser(json::parse_options{});
  json::error_code ec;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (ec || consumed != text.size() || !parser.done()) return unexpected(JoseError::kBadJson);
  json::value value = parser.handler().release();
  if (!value.is_object()) return unexpected(JoseError::kBadJson);
  return std::move(value.get_object());
}

}  // namespace xfx::jose::detail
