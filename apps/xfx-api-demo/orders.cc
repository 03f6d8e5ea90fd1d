#include "orders.h"

#include <boost/json/parse.hpp>

namespace xfx::api_demo {

boost::json::object to_json(const Order& order) {
  return {{"id", order.id},
          {"symbol", order.symbol},
          {"quantity", order.quantity},
          {"placed_by", order.placed_by}};
}

expected<NewOrder, std::string> parse_new_order(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(body, ec);
  if (ec) return unexpected(std::string("The body is not valid JSON"));
  const boost::json::object* obj = doc.if_object();
  if (obj == nullptr) return unexpected(std::string("The body must be a JSON object"));

  const boost::json::value* symbol = obj->if_contains("symbol");
  if (symbol == nullptr || !symbol->is_string() || symbol->get_string().empty() ||
      symbol->get_string().size() > 16) {
    return unexpected(std::string("\"symbol\" must be a string of 1 to 16 characters"));
  }
  // Only JSON integers: Boost.JSON parses 1.0 and 1e3 as doubles, and integers beyond int64 as
  // uint64; all of those are rejected.
  const boost::json::value* quantity = obj->if_contains("quantity");
  const std::int64_t q = quantity != nullptr && quantity->is_int64() ? quantity->get_int64() : 0;
  if (q <= 0) return unexpected(std::string("\"quantity\" must be a positive integer"));
  return NewOrder{std::string(symbol->get_string()), q};
}

OrderBook::OrderBook(std::size_t max_placed)
    : fixed_{{"ord_1001", "XFX/USD", 250, "seed"},
             {"ord_1002", "BTC/XFX", 3, "seed"},
             {"ord_1003", "XFX/EUR", 1200, "seed"}},
      max_placed_(max_placed) {}

std::vector<Order> OrderBook::list() const {
  std::vector<Order> out = fixed_;
  std::lock_guard lock(mu_);
  out.insert(out.end(), placed_.begin(), placed_.end());
  return out;
}

Order OrderBook::place(NewOrder order, std::string placed_by) {
  std::lock_guard lock(mu_);
  Order placed{"ord_" + std::to_string(2000 + next_id_++), std::move(order.symbol), order.quantity,
               std::move(placed_by)};
  placed_.push_back(placed);
  if (placed_.size() > max_placed_) placed_.pop_front();
  return placed;
}

}  // namespace xfx::api_demo
