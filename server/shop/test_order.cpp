#include "server/shop/test_order.hpp"

#include <boost/json.hpp>
#include <ctime>

namespace kefu::shop {
namespace json = boost::json;

namespace {

// "2026-12-07T06:30:00Z" for ms since the epoch.
std::string iso_time(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string test_order_body(std::int64_t now) {
  const std::string at = iso_time(now);
  return json::serialize(json::object{{"id", now},
                                      {"name", "#TEST-" + std::to_string(now % 100000)},
                                      {"email", "test-order@kefu.invalid"},
                                      {"created_at", at},
                                      {"updated_at", at},
                                      {"total_price", "1.00"},
                                      {"currency", "CNY"},
                                      {"financial_status", "pending"},
                                      {"fulfillment_status", nullptr},
                                      {"customer",
                                       {{"id", "kefu-test"},
                                        {"first_name", "Kefu"},
                                        {"last_name", "Test"},
                                        {"email", "test-order@kefu.invalid"}}},
                                      {"line_items", json::array{{{"title", "Kefu test item"},
                                                                  {"quantity", 1},
                                                                  {"price", "1.00"},
                                                                  {"sku", "KEFU-TEST"}}}}});
}

}  // namespace kefu::shop
