#include <catch2/catch.hpp>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "knowledge_base/nearest_passage_rerank.hpp"
#include "knowledge_base/passage_similarity.hpp"
#include "knowledge_base/prepared_articles.hpp"

// PreparedArticles: the re-rank's view of each article, kept for one state of the index.

using kefu::kb::CharacterGrams;
using kefu::kb::NearestPassageRerank;
using kefu::kb::PassageSimilarity;
using kefu::kb::PreparedArticles;

namespace {

NearestPassageRerank::PreparedArticle article(std::vector<std::string_view> lines) {
  return NearestPassageRerank(10, 0.5).prepare(lines);
}

std::size_t grams_in(const NearestPassageRerank::PreparedArticle& a) {
  std::size_t n = 0;
  for (const auto& p : a.passages) n += p.grams().size();
  return n;
}

}  // namespace

TEST_CASE("a prepared article is found in its generation only", "[kb]") {
  PreparedArticles kept(1'000'000);
  CHECK(kept.find(7, 1) == nullptr);
  const auto& stored = kept.remember(7, 1, article({"Gift cards", "They never expire."}));
  CHECK(stored.passages.size() == 2);
  const auto* found = kept.find(7, 1);
  REQUIRE(found != nullptr);
  CHECK(found == &stored);
  CHECK(kept.grams() == grams_in(stored));
  CHECK(kept.find(8, 1) == nullptr);
  CHECK(kept.find(7, 2) == nullptr);  // the articles changed: everything is forgotten
  CHECK(kept.size() == 0);
  CHECK(kept.grams() == 0);
}

TEST_CASE("prepared articles never hold more grams than their limit", "[kb]") {
  const auto one = article({"Gift cards", "They never expire and can be used online."});
  const std::size_t each = grams_in(one);
  REQUIRE(each > 0);
  PreparedArticles kept(2 * each);
  kept.remember(1, 1, one);
  kept.remember(2, 1, one);
  CHECK(kept.size() == 2);
  kept.remember(2, 1, one);  // kept again: counted once
  CHECK(kept.grams() == 2 * each);
  kept.remember(3, 1, one);  // would pass the limit: the others go
  CHECK(kept.size() == 1);
  CHECK(kept.find(3, 1) != nullptr);
  CHECK(kept.find(1, 1) == nullptr);
  CHECK(kept.grams() == each);
  CHECK_THROWS_AS(PreparedArticles(0), std::invalid_argument);
}

TEST_CASE("a passage's similarity is the same from its text or its prepared grams", "[kb]") {
  const std::vector<std::string_view> lines{"Gift cards", "check the gift card balance online",
                                            "express delivery takes a day"};
  PassageSimilarity from_text("giftcard balanse");
  from_text.add(lines);
  from_text.add(std::vector<std::string_view>{"your balance shows your store credit"});
  PassageSimilarity from_grams("giftcard balanse");
  from_grams.add(article(lines).passages);
  from_grams.add(
      std::vector<CharacterGrams>{CharacterGrams::of("your balance shows your store credit")});
  CHECK(from_text.similarities() == from_grams.similarities());
  CHECK(from_grams.similarities().at(0) > from_grams.similarities().at(1));
}
