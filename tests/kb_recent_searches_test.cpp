#include <catch2/catch.hpp>
#include <stdexcept>

#include "knowledge_base/recent_searches.hpp"

using kefu::kb::RecentSearches;
using kefu::kb::SearchHit;
using kefu::kb::SearchResult;

namespace {

SearchResult found(std::int64_t article) {
  SearchResult r;
  SearchHit hit;
  hit.article_id = article;
  r.hits.push_back(hit);
  return r;
}

}  // namespace

TEST_CASE("a remembered search is found for the same message and generation only", "[kb]") {
  RecentSearches recent(8);
  CHECK(recent.find("where is my parcel", 1) == nullptr);
  recent.remember("where is my parcel", 1, found(7));
  const SearchResult* r = recent.find("where is my parcel", 1);
  REQUIRE(r != nullptr);
  CHECK(r->hits.at(0).article_id == 7);
  CHECK(recent.find("where is my parcel?", 1) == nullptr);
  // Another generation (the articles changed) forgets everything, even when asked back.
  CHECK(recent.find("where is my parcel", 2) == nullptr);
  CHECK(recent.size() == 0);
  CHECK(recent.find("where is my parcel", 1) == nullptr);
}

TEST_CASE("a full memory starts again instead of growing", "[kb]") {
  RecentSearches recent(2);
  recent.remember("a", 1, found(1));
  recent.remember("b", 1, found(2));
  CHECK(recent.size() == 2);
  recent.remember("b", 1, found(3));  // the same message replaces its result
  CHECK(recent.size() == 2);
  CHECK(recent.find("b", 1)->hits.at(0).article_id == 3);
  CHECK(recent.remember("c", 1, found(4)).hits.at(0).article_id == 4);
  CHECK(recent.size() == 1);
  CHECK(recent.find("a", 1) == nullptr);
  CHECK(recent.find("c", 1)->hits.at(0).article_id == 4);
}

TEST_CASE("a memory of no entries is refused", "[kb]") {
  CHECK_THROWS_AS(RecentSearches(0), std::invalid_argument);
}
