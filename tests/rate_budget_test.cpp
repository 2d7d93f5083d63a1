#include "server/auth/rate_budget.hpp"

#include <catch2/catch.hpp>

using kefu::auth::RateBudget;

TEST_CASE("a budget allows its burst, then refills at its rate", "[auth][limits]") {
  RateBudget budget(2, 4);  // 2 a second, bursts of 4
  for (int i = 0; i < 4; ++i) CHECK(budget.take("customer 7", 1000) == 0);
  const auto wait = budget.take("customer 7", 1000);
  CHECK(wait == 500);
  CHECK(budget.take("customer 7", 1499) > 0);
  CHECK(budget.take("customer 7", 1500) == 0);
  CHECK(budget.take("customer 7", 1500) > 0);
  // Another key has its own budget.
  CHECK(budget.take("customer 8", 1500) == 0);
}

TEST_CASE("a refused take spends nothing and a clock going back refills nothing",
          "[auth][limits]") {
  RateBudget budget(1, 1);
  CHECK(budget.take("a", 10'000) == 0);
  for (int i = 0; i < 10; ++i) CHECK(budget.take("a", 10'000) > 0);
  CHECK(budget.take("a", 11'000) == 0);  // refused takes did not push the refill back
  CHECK(budget.take("a", 5'000) > 0);
}

TEST_CASE("a budget forgets full buckets past its number of keys, never a spent one",
          "[auth][limits]") {
  RateBudget budget(1, 1, 3);
  CHECK(budget.take("spent", 0) == 0);
  CHECK(budget.take("b", 0) == 0);
  CHECK(budget.take("c", 0) == 0);
  // At t = 500 none is full again: a fourth key makes every key start afresh (bounded memory).
  CHECK(budget.take("d", 500) == 0);
  CHECK(budget.take("d", 500) > 0);
  // At t = 2000 "d" is full again and is the one forgotten; the spent "e" and "f" are kept.
  CHECK(budget.take("e", 1600) == 0);
  CHECK(budget.take("f", 1600) == 0);
  CHECK(budget.take("g", 2000) == 0);
  CHECK(budget.take("e", 2000) > 0);
  CHECK(budget.take("f", 2000) > 0);
}
