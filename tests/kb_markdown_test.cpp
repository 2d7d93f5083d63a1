#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/markdown_text.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

TEST_CASE("Markdown marks are dropped and the text a reader sees stays", "[kb][markdown]") {
  CHECK(markdown_to_plain_text("open **My orders** and choose __Cancel__") ==
        "open My orders and choose Cancel");
  CHECK(markdown_to_plain_text("## Returns\n\n> *Within* 7 days.") == "Returns\n\nWithin 7 days.");
  CHECK(markdown_to_plain_text("- one\n* two\n+ three\n1. four") == "one\ntwo\nthree\n1. four");
  CHECK(markdown_to_plain_text("see [the policy](https://shop.example/a_(b)) now") ==
        "see the policy now");
  CHECK(markdown_to_plain_text("![a box](box.png) and [ref][1]") == "a box and ref");
  CHECK(markdown_to_plain_text("run `kefu demo`\n---\n~~old~~ new") == "run kefu demo\nold new");
  CHECK(markdown_to_plain_text("```\n**kept** in code\n```\nafter") == "**kept** in code\nafter");
  CHECK(markdown_to_plain_text("**退货**请在*七天*内申请") == "退货请在七天内申请");
}

TEST_CASE("marks that are not emphasis are text", "[kb][markdown]") {
  CHECK(markdown_to_plain_text("order #10293 and my_order_id") == "order #10293 and my_order_id");
  CHECK(markdown_to_plain_text("5*3 = 2 * 7.5 ~ 15") == "5*3 = 2 * 7.5 ~ 15");
  CHECK(markdown_to_plain_text("尺码_大号_和a_b") == "尺码_大号_和a_b");
  CHECK(markdown_to_plain_text("a \\*literal\\* star, [not a link]") ==
        "a *literal* star, [not a link]");
  CHECK(markdown_to_plain_text("#hashtag\r\nline") == "#hashtag\nline");
  CHECK(markdown_to_plain_text("").empty());
}

TEST_CASE("snippets show the article as text, without Markdown marks", "[kb][markdown]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  test::publish(kb, draft("Cancelling an order",
                          "## How\n\nOpen **My orders** and choose [Cancel order](/orders)."));
  SearchOptions options;
  options.mark_open = "[";
  options.mark_close = "]";
  const auto r = kb.search("cancel my order", options);
  REQUIRE(r.hits.size() == 1);
  INFO(r.hits[0].snippet);
  CHECK(r.hits[0].snippet.find("**") == std::string::npos);
  CHECK(r.hits[0].snippet.find("##") == std::string::npos);
  CHECK(r.hits[0].snippet.find("(/orders)") == std::string::npos);
  CHECK(r.hits[0].snippet.find("[Cancel] [order]") != std::string::npos);
}
