#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/customers/customer_directory.hpp"

namespace kefu::customers {

// One customer found by a staff search.
struct CustomerMatch {
  std::int64_t customer_id = 0;
  std::string display_name;
  std::string segment;
  std::string matched_on;  // email | phone | order | name
};

// Staff search over current (not merged, not erased) customers: by email (exact, or a prefix of
// the folded address), by phone (E.164 match), by the shop's order id or order name ("#1001"),
// and by name, where names and queries are compared through their ASCII search keys, so
// "wang xiao ming", "wangxiaoming", "xiaoming" and "王小明" all find 王小明. Not thread-safe.
class CustomerSearch {
 public:
  explicit CustomerSearch(CustomerDirectory& directory);

  // Up to `limit` (1..100) customers, exact identity and order matches first, then names. An
  // empty query finds nobody; a query over 200 bytes throws InvalidCustomerInput.
  std::vector<CustomerMatch> search(std::string_view query, int limit = 20) const;

  // [{"customer_id", "display_name", "segment", "matched_on"}]
  static boost::json::array to_json(const std::vector<CustomerMatch>& matches);

 private:
  CustomerDirectory& directory_;
};

}  // namespace kefu::customers
