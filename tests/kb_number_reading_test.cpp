// Amounts in a Chinese question written the other way (issue #26): 满99 meets 满九十九元, 七天
// meets 7天.
#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/number_reading.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

std::int64_t top(const SearchResult& r) {
  return r.hits.empty() ? 0 : r.hits[0].article_id;
}

}  // namespace

TEST_CASE("amounts are written in characters as a help centre writes them", "[kb][zh][numbers]") {
  CHECK(NumberReading::in_characters(1) == "一");
  CHECK(NumberReading::in_characters(10) == "十");
  CHECK(NumberReading::in_characters(15) == "十五");
  CHECK(NumberReading::in_characters(20) == "二十");
  CHECK(NumberReading::in_characters(48) == "四十八");
  CHECK(NumberReading::in_characters(99) == "九十九");
  CHECK(NumberReading::in_characters(100) == "一百");
  CHECK(NumberReading::in_characters(105) == "一百零五");
  CHECK(NumberReading::in_characters(110) == "一百一十");
  CHECK(NumberReading::in_characters(200) == "两百");
  CHECK(NumberReading::in_characters(1200) == "一千二百");
  CHECK(NumberReading::in_characters(2000) == "两千");
  CHECK(NumberReading::in_characters(2005) == "两千零五");
  CHECK(NumberReading::in_characters(9999) == "九千九百九十九");
  CHECK_FALSE(NumberReading::in_characters(0));
  CHECK_FALSE(NumberReading::in_characters(10000));
}

TEST_CASE("amounts in characters are read as numbers, anything else is not", "[kb][zh][numbers]") {
  CHECK(NumberReading::value_of(U"七") == 7u);
  CHECK(NumberReading::value_of(U"十二") == 12u);
  CHECK(NumberReading::value_of(U"三十一") == 31u);
  CHECK(NumberReading::value_of(U"九十九") == 99u);
  CHECK(NumberReading::value_of(U"两千") == 2000u);
  CHECK(NumberReading::value_of(U"一百零五") == 105u);
  CHECK(NumberReading::value_of(U"一百五") == 150u);  // said short
  CHECK(NumberReading::value_of(U"两千零五") == 2005u);
  CHECK_FALSE(NumberReading::value_of(U"一二"));  // digits in a row
  CHECK_FALSE(NumberReading::value_of(U"百"));
  CHECK_FALSE(NumberReading::value_of(U"十十"));
  CHECK_FALSE(NumberReading::value_of(U"百千"));
  CHECK_FALSE(NumberReading::value_of(U""));
}

TEST_CASE("a question's amounts next to a unit are written the other way, codes are not",
          "[kb][zh][numbers]") {
  CHECK(NumberReading::other_writing("满99包邮吗") == "满九十九包邮");
  CHECK(NumberReading::other_writing("7天无理由") == "七天无");
  CHECK(NumberReading::other_writing("运费8块钱") == "费八元");
  CHECK(NumberReading::other_writing("双11 单") == "双十一");
  CHECK(NumberReading::other_writing("七天内能退吗") == "7");
  CHECK(NumberReading::other_writing("四十八小时发货，两千元以上") == "48 2000");
  CHECK(NumberReading::other_writing("满99减20元") == "满九十九减 减二十元");
  // Order, tracking and phone numbers, sizes in Latin units, product codes, decimals, and a
  // lone 一 (一个, 一下) are no amounts.
  CHECK(NumberReading::other_writing("订单20261105883到了吗") == "");
  CHECK(NumberReading::other_writing("170cm 60kg选M") == "");
  CHECK(NumberReading::other_writing("iphone15号") == "");
  CHECK(NumberReading::other_writing("4.5天") == "");
  CHECK(NumberReading::other_writing("买一个能退吗") == "");
  CHECK(NumberReading::other_writing("how about 7 days") == "");
}

TEST_CASE("an amount in digits finds the article writing it in characters, and the other way",
          "[kb][search][zh][numbers]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto shipping = test::publish(
      kb, draft("运费说明", "全场满九十九元包邮，不满的订单收取运费。偏远地区另算。", "zh"));
  const auto returns =
      test::publish(kb, draft("售后服务", "签收后7天内可以申请售后，商品需保持完好。", "zh"));
  const auto instalments =
      test::publish(kb, draft("分期付款", "单笔满300元可以分期，支持3期和6期。", "zh"));
  // Neither shares a term with its article but the amount.
  CHECK(top(kb.search("超过99呢")) == shipping);
  CHECK(top(kb.search("七天之内行不行")) == returns);
  CHECK(top(kb.search("三百块以上呢")) == instalments);
  // Without a unit next to it a number is left as it is: nothing is brought.
  CHECK(kb.search("99").hits.empty());
  // Written as the article writes it, the amount counts in full; written the other way, less.
  const auto same = kb.search("满九十九元");
  const auto other = kb.search("满99元");
  REQUIRE(!same.hits.empty());
  REQUIRE(!other.hits.empty());
  CHECK(same.hits[0].article_id == shipping);
  CHECK(other.hits[0].article_id == shipping);
  CHECK(same.confidence >= other.confidence);
}
