#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <string>

#include "knowledge_base/knowledge_base.hpp"
#include "tests/kb_test_support.hpp"

// KnowledgeBase::prepare_search: the work the first search after a change would pay for (the
// statistics, the article classifier) done ahead, by whoever made the change.

using kefu::kb::KnowledgeBase;
namespace test = kefu::kb::test;

TEST_CASE("a prepared search stays prepared until the articles change, here or elsewhere",
          "[kb][search]") {
  test::SharedFile file;
  KnowledgeBase office(file.db());
  const std::int64_t cards =
      test::publish(office, test::draft("Gift cards", "Gift cards never expire."));
  CHECK_FALSE(office.search_prepared());  // nothing counted yet

  office.prepare_search();
  CHECK(office.search_prepared());
  CHECK(office.search("do gift cards expire").hits.at(0).article_id == cards);
  CHECK(office.search_prepared());  // a search changes nothing

  test::publish(office, test::draft("Gift wrapping", "Gift wrapping costs 2 euros."));
  CHECK_FALSE(office.search_prepared());
  office.prepare_search();
  CHECK(office.search_prepared());

  file.change_elsewhere([cards](KnowledgeBase& other) { other.unpublish(cards, 2000); });
  CHECK_FALSE(office.search_prepared());  // the other connection's change is seen
  office.prepare_search();
  CHECK(office.search_prepared());
  const auto found = office.search("do gift cards expire");
  CHECK((found.hits.empty() || found.hits.at(0).article_id != cards));
}

TEST_CASE("an edit that changes nothing in the index leaves the search prepared", "[kb][search]") {
  auto db = test::memory_db();
  KnowledgeBase office(db);
  const std::int64_t draft =
      office.create(test::draft("Returns", "Send it back within 30 days."), "tester", 1000);
  test::publish(office, test::draft("Gift cards", "Gift cards never expire."));
  office.prepare_search();
  office.update(draft, test::draft("Returns", "Send it back within 60 days."), "tester", 2000);
  CHECK(office.search_prepared());  // a draft is not in the index
}
