#pragma once

#include <cstdint>
#include <string>

namespace kefu::shop {

// The body of the admin's "send a test order": a Shopify-style order webhook (the fields
// customers::parse_shop_order reads) of the test customer "Kefu Test" (test-order@kefu.invalid,
// the shop's customer id "kefu-test"), one line, created and updated at `now` (ms since the
// epoch), with the order id `now` so that each test order is a new one.
std::string test_order_body(std::int64_t now);

}  // namespace kefu::shop
