#include <algorithm>
#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/spelling_index.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

std::int64_t top(const SearchResult& r) {
  return r.hits.empty() ? 0 : r.hits[0].article_id;
}

// The spelling index of what `kb` has indexed, read the way a search reads it.
SpellingIndex spelling_of(SQLite::Database& db) {
  return SpellingIndex(TermCounts::load(db, "kb_articles_terms"));
}

}  // namespace

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[kb][spelling]") {
  CHECK(edit_distance("mattress", "mattress", 2) == 0);
  CHECK(edit_distance("matress", "mattress", 2) == 1);    // deletion
  CHECK(edit_distance("mattresss", "mattress", 2) == 1);  // insertion
  CHECK(edit_distance("mattriss", "mattress", 2) == 1);   // substitution
  CHECK(edit_distance("recieve", "receive", 2) == 1);     // swap of neighbours
  CHECK(edit_distance("deliver", "dlivre", 2) == 2);
  CHECK(edit_distance("refund", "banana", 2) == 3);  // beyond the limit: limit + 1
  CHECK(edit_distance("", "abc", 3) == 3);
}

TEST_CASE("a misspelt word is corrected to the indexed word meant", "[kb][spelling]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  test::publish(kb, draft("Mattress warranty", "Every mattress has a ten year warranty.", "en"));
  test::publish(kb, draft("Delivery times", "Delivery takes three to five days.", "en"));
  test::publish(kb, draft("Refunds", "Refunds reach your card within five days.", "en"));
  (void)kb.search("warm up");  // loads the term counts
  const SpellingIndex spelling = spelling_of(db);
  CHECK(spelling.correct("matress") == std::optional<std::string>("mattress"));
  CHECK(spelling.correct("warrenti") == std::optional<std::string>("warranti"));  // stemmed
  CHECK(spelling.correct("refnd") == std::optional<std::string>("refund"));
  CHECK(spelling.correct("deliveri") == std::nullopt);  // indexed: nothing to correct
  CHECK(spelling.correct("banana") == std::nullopt);    // near nothing
  CHECK(spelling.correct("dai") == std::nullopt);       // too short to guess
  CHECK(spelling.correct("iphone15") == std::nullopt);  // codes are never guessed
  CHECK(spelling.correct("退货") == std::nullopt);
}

TEST_CASE("among near words the one in more articles wins", "[kb][spelling]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  test::publish(kb, draft("Parcel", "Your parcel is on its way.", "en"));
  test::publish(kb, draft("Parcel lost", "A lost parcel is replaced.", "en"));
  test::publish(kb, draft("Pardel", "Pardel is our courier partner.", "en"));
  const SpellingIndex spelling = spelling_of(db);
  CHECK(spelling.correct("parkel") == std::optional<std::string>("parcel"));
}

TEST_CASE("a misspelt question finds the article, an unrelated word finds nothing",
          "[kb][spelling][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto mattress = test::publish(
      kb, draft("Mattress warranty", "Every mattress has a ten year warranty.", "en"));
  const auto delivery =
      test::publish(kb, draft("Delivery times", "Delivery takes three to five days.", "en"));
  test::publish(kb, draft("Refunds", "Refunds reach your card within five days.", "en"));
  CHECK(top(kb.search("matress warrenty")) == mattress);
  CHECK(top(kb.search("how long is delivry")) == delivery);
  const SearchResult corrected = kb.search("matress");
  REQUIRE(!corrected.hits.empty());
  CHECK(corrected.features.coverage == Approx(1.0));
  CHECK(kb.search("xylophone").hits.empty());
  CHECK(kb.search("bananas").hits.empty());
  // The corrected word is marked in the snippet.
  SearchOptions options;
  options.mark_open = "[";
  options.mark_close = "]";
  const SearchResult marked = kb.search("matress", options);
  REQUIRE(!marked.hits.empty());
  CHECK(marked.hits[0].snippet.find("[mattress]") != std::string::npos);
}

TEST_CASE("a Han character searches alone only when no longer term of the question is indexed",
          "[kb][spelling][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto missing =
      test::publish(kb, draft("没收到货怎么办", "如果没收到货，请联系客服。", "zh"));
  test::publish(kb, draft("退款时间", "退款三天内到账。", "zh"));
  const auto terms = kb.tokenizer().terms("没收到货");
  REQUIRE(std::find(terms.begin(), terms.end(), "货") != terms.end());  // ICU's own word
  // 货呢 is in no article, so 货 itself is searched and finds the one article that has it.
  const SearchResult alone = kb.search("货呢");
  REQUIRE(alone.hits.size() == 1);
  CHECK(alone.hits[0].article_id == missing);
  // 到货 is indexed: 货 adds nothing to it, and the same article is found.
  CHECK(top(kb.search("到货了吗")) == missing);
}

TEST_CASE("a typo that changes the stem is corrected through the word as written",
          "[kb][spelling][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto delivery = test::publish(
      kb, draft("Where we deliver", "We deliver to every city in the country.", "en"));
  test::publish(kb, draft("Refunds", "Refunds reach your card within five days.", "en"));
  const SpellingIndex spelling = spelling_of(db);
  const SpellingIndex::Stemmer stem = [&](const std::vector<std::string>& words) {
    return kb.tokenizer().latin_terms(words);
  };
  // `delvier` stems to itself, two edits from `deliv`; `deliver`, one swap away, stems to it.
  CHECK(spelling.correct("delvier") == std::nullopt);
  CHECK(spelling.correct("delvier", "delvier", stem) == std::optional<std::string>("deliv"));
  CHECK(spelling.correct("dlivering", "dlivering", stem) == std::optional<std::string>("deliv"));
  CHECK(spelling.correct("xylophon", "xylophone", stem) == std::nullopt);
  CHECK(top(kb.search("do you delvier to Pune")) == delivery);
  const auto words = kb.tokenizer().latin_words("We DELIVERED ｃａｒｄｓ, 退货 iphone15");
  REQUIRE(words.size() == 3);  // not 退货, not the code iphone15
  CHECK(words[0] == std::pair<std::string, std::string>("we", "we"));
  CHECK(words[1] == std::pair<std::string, std::string>("delivered", "deliv"));
  CHECK(words[2] == std::pair<std::string, std::string>("cards", "card"));
}
