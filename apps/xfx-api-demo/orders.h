// The demo API's "business": an in-memory order book. It exists only so the protected routes have
// something to return; nothing is persisted and every caller sees the same book.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "xfx/expected.h"

namespace xfx::api_demo {

struct NewOrder {
  std::string symbol;
  std::int64_t quantity = 0;
};

struct Order {
  std::string id;
  std::string symbol;
  std::int64_t quantity = 0;
  std::string placed_by;  // the client id of the token that placed it
};

boost::json::object to_json(const Order& order);

// A POST /v1/orders body: a JSON object with a non-empty "symbol" string (at most 16 characters)
// and a positive integer "quantity". The error is a sentence for error_description.
expected<NewOrder, std::string> parse_new_order(std::string_view body);

class OrderBook {
 public:
  // A few fixed orders, plus the most recent `max_placed` placed through the API (older ones are
  // dropped, so a busy demo does not grow without bound).
  explicit OrderBook(std::size_t max_placed = 100);

  std::vector<Order> list() const;
  Order place(NewOrder order, std::string placed_by);

 private:
  const std::vector<Order> fixed_;
  const std::size_t max_placed_;
  mutable std::mutex mu_;  // guards everything below
  std::deque<Order> placed_;
  std::uint64_t next_id_ = 1;
};

}  // namespace xfx::api_demo
