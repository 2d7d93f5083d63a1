#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "kb_test_support.hpp"
#include "knowledge_base/character_grams.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/nearest_passage_rerank.hpp"
#include "knowledge_base/passage_similarity.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

std::vector<std::uint32_t> hashes(const CharacterGrams& g) {
  std::vector<std::uint32_t> out;
  for (const auto& gram : g.grams()) out.push_back(gram.hash);
  return out;
}

double similarity(std::string_view question, const std::vector<std::string_view>& passages) {
  PassageSimilarity s(question);
  s.add(passages);
  return s.similarities().at(0);
}

}  // namespace

TEST_CASE("character grams fold case and width, and cut Han into characters and bigrams",
          "[kb][rerank]") {
  CHECK(hashes(CharacterGrams::of("REFUND")) == hashes(CharacterGrams::of("refund")));
  CHECK(hashes(CharacterGrams::of("ＲＥＦＵＮＤ")) == hashes(CharacterGrams::of("refund")));
  CHECK(hashes(CharacterGrams::of("refund, now!")) == hashes(CharacterGrams::of("refund now")));
  // " refund " gives six 3-grams and five 4-grams, all distinct.
  CHECK(CharacterGrams::of("refund").grams().size() == 11);
  // 退, 货, 退货.
  CHECK(CharacterGrams::of("退货").grams().size() == 3);
  CHECK(CharacterGrams::of("😀 ... !!").empty());
  CHECK(CharacterGrams::of("").norm() == 0);
  CHECK_NOTHROW(CharacterGrams::of(std::string("\xff\xfe refund \xc3", 12)));
  const CharacterGrams twice = CharacterGrams::of("card card");
  REQUIRE_FALSE(twice.empty());
  CHECK(twice.grams()[0].count == 2);
  CHECK(twice.norm() == Approx(2 * std::sqrt(static_cast<double>(twice.grams().size()))));
}

TEST_CASE("passage similarity is the best passage's cosine, in [0, 1]", "[kb][rerank]") {
  CHECK(similarity("gift card balance", {"gift card balance"}) == Approx(1.0));
  CHECK(similarity("gift card balance", {"express delivery"}) == 0);
  CHECK(similarity("", {"gift card balance"}) == 0);
  CHECK(similarity("gift card balance", {}) == 0);
  // The nearest passage counts, not the article's other lines.
  const double alone = similarity("gift card balance", {"check the gift card balance online"});
  PassageSimilarity both("gift card balance");
  both.add({"check the gift card balance online"});
  both.add({"express delivery takes a day", "check the gift card balance online",
            "returns are free for thirty days"});
  const std::vector<double> s = both.similarities();
  CHECK(s[0] == Approx(s[1]));
  CHECK(alone > 0.3);
  CHECK(alone < 1.0);
  // Grams catch what whole words miss: a run-together word, a typo.
  PassageSimilarity near("giftcard balanse");
  near.add({"the balance of a gift card can be checked online"});
  near.add({"your balance shows your store credit"});
  const std::vector<double> n = near.similarities();
  CHECK(n[0] > n[1]);
}

TEST_CASE("the re-rank puts first the candidate whose passage is nearest when bm25 is close",
          "[kb][rerank]") {
  // Hand-made articles: bm25 ranks "Store credit" (1) above "Gift cards" (2) because the
  // question's "giftcard" matches no indexed word and "balance" is in both.
  const auto passages = [](std::int64_t id) -> std::vector<std::string_view> {
    if (id == 1) return {"Store credit", "Your balance shows your store credit."};
    return {"Gift cards", "The balance of a gift card can be checked online."};
  };
  std::vector<std::pair<double, std::int64_t>> ranked = {{5.3, 1}, {4.7, 2}};
  const auto similarity =
      NearestPassageRerank(10, 0.5).apply("giftcard balance", ranked, passages).similarity;
  CHECK(ranked[0].second == 2);
  CHECK(ranked[1].second == 1);
  CHECK(similarity.at(2) > similarity.at(1));
  CHECK(ranked[0].first <= 1.0);
}

TEST_CASE("the re-rank keeps a clear bm25 winner and leaves candidates past its reach alone",
          "[kb][rerank]") {
  const auto passages = [](std::int64_t id) -> std::vector<std::string_view> {
    if (id == 1) return {"Returns", "You can return an item within 30 days for a refund."};
    if (id == 2) return {"Refund to card", "refund item"};
    return {"Refund item list", "refund item refund item"};
  };
  // Article 2's one line is nearer to the question in grams, but its bm25 is far behind.
  std::vector<std::pair<double, std::int64_t>> ranked = {{9.0, 1}, {1.5, 2}, {1.0, 3}};
  const auto similarity =
      NearestPassageRerank(2, 0.5).apply("refund item", ranked, passages).similarity;
  CHECK(similarity.at(2) > similarity.at(1));
  CHECK(ranked[0].second == 1);
  CHECK(ranked[1].second == 2);
  // Beyond the two candidates re-ranked: same order, not compared.
  CHECK(ranked[2].second == 3);
  CHECK(similarity.count(3) == 0);
  // Nothing to compare when no candidate scored.
  std::vector<std::pair<double, std::int64_t>> none = {{0.0, 1}};
  CHECK(NearestPassageRerank(10, 0.5).apply("refund", none, passages).similarity.empty());
  CHECK_THROWS_AS(NearestPassageRerank(10, 1.5), std::invalid_argument);
}

TEST_CASE("scores never rise again past the candidates re-ranked", "[kb][rerank]") {
  // Lines unlike the question: the re-ranked candidates' scores fall to about half their
  // relative bm25, below the raw score of the one past the re-rank's reach.
  const auto passages = [](std::int64_t) -> std::vector<std::string_view> {
    return {"Opening hours", "We are open every day from nine to five."};
  };
  std::vector<std::pair<double, std::int64_t>> ranked = {{1.0, 1}, {0.9, 2}, {0.8, 3}, {0.7, 4}};
  NearestPassageRerank(2, 0.5).apply("refund item", ranked, passages);
  for (std::size_t i = 1; i < ranked.size(); ++i) {
    INFO("rank " << i);
    CHECK(ranked[i].first <= ranked[i - 1].first);
  }
  // The tail keeps its order.
  CHECK(ranked[2].second == 3);
  CHECK(ranked[3].second == 4);
  CHECK(ranked[3].first < ranked[2].first);
}

TEST_CASE("title coverage lifts the candidate whose title names the question, not a clear winner",
          "[kb][rerank]") {
  // Lower-cased words, as a stand-in for the index's tokenizer.
  const NearestPassageRerank::Terms words = [](std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (const char c : std::string(text) + " ") {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!word.empty()) {
        out.push_back(word);
        word.clear();
      }
    }
    return out;
  };
  // "Warranty" has a line much like the question; "Trial offer" is what it asks about.
  const auto passages = [](std::int64_t id) -> std::vector<std::string_view> {
    if (id == 1)
      return {"Warranty", "Warranty details: ten years on the mattress, apart from the trial"};
    return {"Trial offer", "Try the mattress at home for a hundred nights."};
  };
  const auto first = [&](std::vector<std::pair<double, std::int64_t>> ranked, double weight) {
    NearestPassageRerank(10, 0.5, weight, words).apply("trial details", ranked, passages);
    return ranked[0].second;
  };
  // bm25 close: the lines alone keep "Warranty" first, the title moves "Trial offer" up.
  CHECK(first({{5.0, 1}, {4.6, 2}}, 0) == 1);
  CHECK(first({{5.0, 1}, {4.6, 2}}, 0.5) == 2);
  // Without a tokenizer the title is not read.
  std::vector<std::pair<double, std::int64_t>> ranked = {{5.0, 1}, {4.6, 2}};
  NearestPassageRerank(10, 0.5, 0.5).apply("trial details", ranked, passages);
  CHECK(ranked[0].second == 1);
  // A clear bm25 winner stays first.
  CHECK(first({{9.0, 1}, {1.0, 2}}, 0.5) == 1);
  CHECK_THROWS_AS(NearestPassageRerank(10, 0.5, -1, words), std::invalid_argument);
}

TEST_CASE("of two titles holding the question's Chinese word, the one naming little else wins",
          "[kb][rerank][zh]") {
  // Terms as the index's tokenizer gives them: words and the bigrams between them.
  const NearestPassageRerank::Terms terms = [](std::string_view text) -> std::vector<std::string> {
    if (text == "退货运费谁出") return {"退货", "货运", "运费", "费谁", "谁出"};
    if (text == "运费和包邮") return {"运费", "费和", "和", "和包", "包邮"};
    if (text == "运费多少钱") return {"运费", "费多", "多少", "少钱", "多少钱"};
    return {"shipping", "fee"};
  };
  // 费谁, 谁出, 费和 and 和包 straddle two words.
  const NearestPassageRerank::IsWord is_word = [](const std::string& term) {
    return term == "退货" || term == "货运" || term == "运费" || term == "包邮";
  };
  const auto passages = [](std::int64_t id) -> std::vector<std::string_view> {
    if (id == 1) return {"退货运费谁出", "寄回的运费由您承担。"};
    return {"运费和包邮", "不满九十九元收取运费八元。"};
  };
  const auto first = [&](std::string_view question, double precision,
                         const NearestPassageRerank::IsWord& words) {
    std::vector<std::pair<double, std::int64_t>> ranked = {{5.0, 1}, {4.9, 2}};
    NearestPassageRerank(10, 0.5, 0.5, terms, nullptr, 0, nullptr, 0, precision, words)
        .apply(question, ranked, passages);
    return ranked[0].second;
  };
  // Both titles hold 运费: coverage alone keeps the bm25 order; the title naming only 运费 and
  // 包邮 (half of it asked) goes before the one naming 退货, 货运 and 运费 (a third).
  CHECK(first("运费多少钱", 0, is_word) == 1);
  CHECK(first("运费多少钱", 0.1, is_word) == 2);
  // Latin terms are not Chinese words: an English question's order stays.
  CHECK(first("shipping fee", 0.1, is_word) == 1);
  CHECK_THROWS_AS(NearestPassageRerank(10, 0.5, 0.5, terms, nullptr, 0, nullptr, 0, -0.1),
                  std::invalid_argument);
}

TEST_CASE("search finds the article a run-together word asks for, and reports its similarity",
          "[kb][rerank]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  const std::int64_t credit = test::publish(
      kb, draft("Store credit",
                "Your balance shows your store credit.\nIt is updated after every order."));
  const std::int64_t gift = test::publish(
      kb, draft("Gift cards",
                "The balance of a gift card can be checked online.\nGift cards never expire."));
  const SearchResult r = kb.search("giftcard balance");
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].article_id == gift);
  CHECK(r.hits[1].article_id == credit);
  CHECK(r.features.similarity > 0);
  CHECK(r.features.similarity_gap > 0);
  // A question whose words are all in one article keeps it first.
  CHECK(kb.search("store credit").hits[0].article_id == credit);
  // Editing an article changes what the re-rank reads at once.
  kb.update(gift, draft("Gift cards", "Gift cards never expire."), "tester", 2000);
  CHECK(kb.search("giftcard balance").hits[0].article_id == credit);
}

TEST_CASE("search scores fall in rank order past the ten candidates re-ranked", "[kb][rerank]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  // Fourteen articles that all mention a refund, none in a line much like the question.
  for (int i = 0; i < 14; ++i) {
    std::string body;
    for (int k = 0; k <= i % 4; ++k) body += "A refund of order " + std::to_string(k) + ".\n";
    test::publish(kb, draft("Topic " + std::to_string(i), body + "Shipping takes two days."));
  }
  SearchOptions options;
  options.limit = 14;
  const SearchResult r = kb.search("refund please", options);
  REQUIRE(r.hits.size() == 14);
  for (std::size_t i = 1; i < r.hits.size(); ++i) {
    INFO("rank " << i);
    CHECK(r.hits[i].score <= r.hits[i - 1].score);
  }
  // Hits past the re-rank still carry their title and snippet.
  CHECK_FALSE(r.hits.back().title.empty());
  CHECK(r.hits.back().snippet.find("refund") != std::string::npos);
}
