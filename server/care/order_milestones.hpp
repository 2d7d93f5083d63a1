#pragma once

#include <string>
#include <vector>

namespace kefu::care {

// The care triggers an order's state has reached (order_paid, order_fulfilled,
// order_delivered, order_refunded), from the shop's statuses: paid once financially paid (a
// refunded order was paid first), fulfilled once fulfilled or delivered, delivered once a
// shipment says "delivered", refunded once (partially) refunded.
std::vector<std::string> order_milestones(const std::string& financial_status,
                                          const std::string& fulfillment_status,
                                          bool a_shipment_delivered);

}  // namespace kefu::care
