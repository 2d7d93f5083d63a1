#include <catch2/catch.hpp>

#include "server/customers/customer_merges.hpp"
#include "server/customers/customer_search.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_book.hpp"
#include "tests/customers_test_support.hpp"

using namespace kefu::customers;
using kefu::customers::testing::kNow;

namespace {

std::vector<std::int64_t> ids(const std::vector<CustomerMatch>& matches) {
  std::vector<std::int64_t> result;
  for (const auto& match : matches) result.push_back(match.customer_id);
  return result;
}

}  // namespace

TEST_CASE("staff find customers by name, pinyin, email, phone and order", "[customers][search]") {
  auto db = kefu::customers::testing::make_database();
  CustomerDirectory directory(db, "86");
  CustomerMerges merges(directory);
  OrderBook orders(directory);
  CustomerSearch search(directory);

  // Given name first, family name last (as shops send them); shown as 王小明 once renamed.
  const auto wang = directory.create_customer("明", "王", kNow);
  directory.rename(wang, "小明", "王", kNow);
  directory.add_identity(wang, IdentityKind::phone, "138 0013 8000", true, kNow);
  const auto luis = directory.create_customer("Luís", "Gonçalves", kNow);
  directory.add_identity(luis, IdentityKind::email, "Luis.G+news@Embraer.com.br", true, kNow);
  ShopOrder order;
  order.id = "450789469";
  order.name = "#1001";
  order.email = "luis.g@embraer.com.br";
  order.total_cents = 100;
  order.currency = "BRL";
  order.created_at = kNow;
  CHECK(orders.upsert(order, kNow).customer_id == luis);

  CHECK(ids(search.search("王小明")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("wang xiao ming")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("WangXiaoMing")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("xiaoming")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("goncalves")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("Luís")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("LUIS.G@embraer.com.br")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("luis.g@")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("+86 138-0013-8000")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("13800138000")) == std::vector<std::int64_t>{wang});
  CHECK(ids(search.search("#1001")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("1001")) == std::vector<std::int64_t>{luis});
  CHECK(ids(search.search("450789469")) == std::vector<std::int64_t>{luis});
  CHECK(search.search("450789469").at(0).matched_on == "order");
  CHECK(search.search("nobody").empty());
  CHECK(search.search("  ").empty());
  CHECK(search.search("%").empty());
  CHECK_THROWS_AS(search.search(std::string(201, 'a')), InvalidCustomerInput);

  // A customer merged away is found as the customer it was merged into.
  merges.merge(luis, wang, "agent", 1, kNow);
  CHECK(ids(search.search("xiaoming")).empty());
  CHECK(ids(search.search("13800138000")) == std::vector<std::int64_t>{luis});
}
