#include "server/care/order_milestones.hpp"

namespace kefu::care {

std::vector<std::string> order_milestones(const std::string& financial,
                                          const std::string& fulfillment, bool delivered) {
  std::vector<std::string> out;
  const bool refunded = financial == "refunded" || financial == "partially_refunded";
  if (financial == "paid" || refunded) out.emplace_back("order_paid");
  if (fulfillment == "fulfilled" || delivered) out.emplace_back("order_fulfilled");
  if (delivered) out.emplace_back("order_delivered");
  if (refunded) out.emplace_back("order_refunded");
  return out;
}

}  // namespace kefu::care
