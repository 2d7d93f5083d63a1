#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/nearest_passage_rerank.hpp"
#include "knowledge_base/related_words.hpp"
#include "knowledge_base/word_vectors.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;
using kefu::kb::test::publish;
using kefu::kb::test::TempDir;

namespace {

constexpr std::size_t kDims = WordVectors::kDims;
using Vector = std::array<float, kDims>;

struct Word {
  std::string text;
  std::uint32_t rank;
  Vector vector;
};

// A unit vector along `a`, turned towards `b` by the angle whose cosine is `c`.
Vector towards(std::size_t a, std::size_t b, double c) {
  Vector v{};
  v[a] = static_cast<float>(c);
  v[b] = static_cast<float>(std::sqrt(1 - c * c));
  return v;
}

Vector axis(std::size_t a) {
  return towards(a, a == 0 ? 1 : 0, 1.0);
}

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

// The file make_word_vectors.mjs writes (its layout comment), for these words; `shared` is the
// direction a meaning has removed.
std::string vector_file(std::vector<Word> words, const Vector& shared = axis(kDims - 1)) {
  std::sort(words.begin(), words.end(),
            [](const Word& a, const Word& b) { return a.text < b.text; });
  std::string out = "KEFUWV01";
  put(out, static_cast<std::uint32_t>(words.size()));
  put(out, static_cast<std::uint32_t>(kDims));
  for (const float x : shared) put(out, x);
  std::string text;
  std::string rows;
  for (const Word& w : words) {
    float largest = 0;
    for (const float x : w.vector) largest = std::max(largest, std::abs(x));
    const float scale = largest / 127;
    put(out, static_cast<std::uint32_t>(text.size()));
    put(out, w.rank);
    put(out, scale);
    put(out, static_cast<std::uint16_t>(w.text.size()));
    put(out, std::uint16_t{0});
    for (const float x : w.vector) {
      rows.push_back(static_cast<char>(static_cast<std::int8_t>(std::lround(x / scale))));
    }
    text += w.text;
  }
  return out + rows + text;
}

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = (dir.path() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// A shop's words: pillow and cushion near each other, store and outlet too; the rest apart.
std::vector<Word> shop_words() {
  return {{"pillow", 5000, axis(0)},
          {"pillows", 6000, towards(0, 1, 0.95)},
          {"cushions", 9000, towards(0, 2, 0.8)},
          {"store", 800, axis(3)},
          {"outlet", 4000, towards(3, 4, 0.7)},
          {"refund", 7000, axis(5)},
          {"repayment", 20000, towards(5, 6, 0.6)},
          {"give", 150, towards(7, 0, 0.5)},
          {"zebra", 30000, towards(8, 12, 0.3)},
          {"want", 500, towards(0, 13, 0.9)},
          {"also", 10, axis(14)},
          {"the", 1, axis(9)}};
}

std::shared_ptr<const WordVectors> shipped() {
  static const auto words = std::make_shared<const WordVectors>(WordVectors::default_path());
  return words;
}

}  // namespace

TEST_CASE("word vectors: words are found by their letters, with their rank and nearness",
          "[kb][meaning]") {
  TempDir dir;
  const WordVectors words(write(dir, "v.bin", vector_file(shop_words())));
  CHECK(words.size() == 12);
  const auto pillow = words.find("pillow");
  const auto cushions = words.find("cushions");
  const auto refund = words.find("refund");
  REQUIRE(pillow);
  REQUIRE(cushions);
  REQUIRE(refund);
  CHECK(words.word(*pillow) == "pillow");
  CHECK(words.rank(*pillow) == 5000);
  CHECK(words.cosine(*pillow, *cushions) == Approx(0.8).margin(0.01));
  CHECK(words.cosine(*pillow, *refund) == Approx(0).margin(0.01));
  CHECK(words.cosine(*pillow, *pillow) == Approx(1).margin(0.01));
  CHECK_FALSE(words.find("Pillow"));  // callers fold case first
  CHECK_FALSE(words.find("pillo"));
  CHECK_FALSE(words.find(""));
  CHECK_FALSE(words.find("zzz"));
}

TEST_CASE("a text's meaning weighs rare words above common ones and drops what all text shares",
          "[kb][meaning]") {
  TempDir dir;
  const WordVectors words(write(dir, "v.bin", vector_file(shop_words(), axis(9))));
  const WordVectors::Meaning pillow = words.meaning_of("pillow");
  double norm = 0;
  for (const float x : pillow) norm += double{x} * x;
  CHECK(norm == Approx(1).margin(1e-4));
  CHECK(pillow[0] == Approx(1).margin(0.01));
  // Case and punctuation do not matter.
  CHECK(WordVectors::cosine(words.meaning_of("PILLOW!!"), pillow) == Approx(1).margin(1e-4));
  // `the` (rank 1) lies along the shared direction: it adds nothing.
  CHECK(WordVectors::cosine(words.meaning_of("the pillow"), pillow) == Approx(1).margin(1e-4));
  // `also` (rank 10, weight 0.12) moves `refund` (rank 7,000, weight 0.99) a little only.
  const WordVectors::Meaning refund = words.meaning_of("refund");
  CHECK(WordVectors::cosine(words.meaning_of("also refund"), refund) > 0.98);
  CHECK(WordVectors::cosine(words.meaning_of("also refund"), words.meaning_of("also")) < 0.2);
  // Texts near in meaning share no letters.
  CHECK(WordVectors::cosine(words.meaning_of("cushions"), pillow) > 0.75);
  CHECK(WordVectors::cosine(words.meaning_of("outlet"), pillow) < 0.05);
  // No known word: all zeros, and nothing is near it.
  for (const char* text : {"", "退货 包邮", "😀 #10293", "the", "qqq www"}) {
    const WordVectors::Meaning none = words.meaning_of(text);
    CHECK(std::all_of(none.begin(), none.end(), [](float x) { return x == 0; }));
    CHECK(WordVectors::cosine(none, pillow) == 0);
  }
}

TEST_CASE("a file that is not word vectors is refused, naming it", "[kb][meaning]") {
  TempDir dir;
  const std::string good = vector_file(shop_words());
  CHECK_THROWS_WITH(WordVectors((dir.path() / "missing.bin").string()),
                    Catch::Contains("missing.bin"));
  CHECK_THROWS_WITH(WordVectors(write(dir, "empty.bin", "")), Catch::Contains("empty"));
  std::string magic = good;
  magic[7] = '2';
  CHECK_THROWS_WITH(WordVectors(write(dir, "magic.bin", magic)), Catch::Contains("KEFUWV01"));
  CHECK_THROWS_WITH(WordVectors(write(dir, "short.bin", good.substr(0, good.size() / 2))),
                    Catch::Contains("shorter"));
  std::string dims = good;
  dims[12] = 50;
  CHECK_THROWS_WITH(WordVectors(write(dir, "dims.bin", dims)), Catch::Contains("dimensions"));
  // The first word's text offset pointing past the end.
  std::string outside = good;
  const std::uint32_t far = 1'000'000;
  std::memcpy(outside.data() + 16 + 4 * kDims, &far, sizeof far);
  CHECK_THROWS_WITH(WordVectors(write(dir, "outside.bin", outside)), Catch::Contains("outside"));
  // The first word's first letter changed: no longer sorted, and a lookup could not find it.
  std::string unsorted = good;
  std::size_t letters = 0;
  for (const Word& w : shop_words()) letters += w.text.size();
  const std::size_t text = good.size() - letters;
  REQUIRE(unsorted.substr(text, 4) == "also");
  unsorted[text] = 'z';
  CHECK_THROWS_WITH(WordVectors(write(dir, "unsorted.bin", unsorted)), Catch::Contains("sorted"));
}

TEST_CASE("related words: a word no article uses brings the articles' nearest telling word",
          "[kb][meaning]") {
  TempDir dir;
  std::vector<Word> list = shop_words();
  list.push_back({"mattress", 9500, towards(0, 10, 0.6)});  // near pillow, in every article
  list.push_back({"bolster", 60000, towards(0, 11, 0.9)});  // nearest to pillow, but too rare
  const WordVectors words(write(dir, "v.bin", vector_file(list)));
  // Articles (of 8) using each term; terms are the words themselves here.
  const std::map<std::string, double> used = {{"pillow", 1}, {"pillows", 1},  {"store", 2},
                                              {"refund", 2}, {"mattress", 8}, {"bolster", 1},
                                              {"give", 3}};
  const RelatedWords::ArticlesUsing articles_using = [&](const std::string& term) {
    const auto it = used.find(term);
    return it == used.end() ? 0.0 : it->second;
  };
  const RelatedWords::Stems same = [](const std::vector<std::string>& w) { return w; };
  const RelatedWords related(words, 8, same, articles_using);
  // pillow, pillows, store and refund can be brought; give is too frequent (rank 150 < 300),
  // mattress in every article, bolster past rank 50,000, the others in no article.
  CHECK(related.size() == 4);
  auto ask = [&](std::vector<std::string> question) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::string& w : question) pairs.emplace_back(w, w);
    return related.for_question(pairs, articles_using);
  };
  CHECK(ask({"cushions"}) == std::vector<std::string>{"pillow"});
  CHECK(ask({"outlet"}) == std::vector<std::string>{"store"});
  CHECK(ask({"do", "you", "have", "cushions", "or", "an", "outlet"}) ==
        std::vector<std::string>{"pillow", "store"});
  // Near enough (0.6 >= 0.55).
  CHECK(ask({"repayment"}) == std::vector<std::string>{"refund"});
  // Far from everything: nothing.
  CHECK(ask({"zebra"}).empty());
  // A word the articles use is never expanded, nor unknown words, short ones, or words among
  // the 1,000 most frequent (`want` is near `pillow`, but says little of its own).
  CHECK(ask({"pillow"}).empty());
  CHECK(ask({"qqqq", "xx"}).empty());
  CHECK(ask({"want"}).empty());
  CHECK(ask({"the"}).empty());
  // The same word brought once.
  CHECK(ask({"cushions", "cushions"}) == std::vector<std::string>{"pillow"});
}

TEST_CASE("related words: at most four for one question", "[kb][meaning]") {
  TempDir dir;
  std::vector<Word> list;
  std::map<std::string, double> used;
  std::vector<std::pair<std::string, std::string>> question;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string known = "known" + std::string(1, static_cast<char>('a' + i));
    const std::string asked = "asked" + std::string(1, static_cast<char>('a' + i));
    list.push_back({known, static_cast<std::uint32_t>(2000 + i), axis(i)});
    list.push_back({asked, static_cast<std::uint32_t>(3000 + i), towards(i, 50 + i, 0.9)});
    used[known] = 1;
    question.emplace_back(asked, asked);
  }
  const WordVectors words(write(dir, "v.bin", vector_file(list)));
  const RelatedWords::ArticlesUsing articles_using = [&](const std::string& term) {
    const auto it = used.find(term);
    return it == used.end() ? 0.0 : it->second;
  };
  const RelatedWords related(
      words, 20, [](const std::vector<std::string>& w) { return w; }, articles_using);
  CHECK(related.for_question(question, articles_using) ==
        std::vector<std::string>{"knowna", "knownb", "knownc", "knownd"});
}

TEST_CASE("the re-rank weighs how near the question's meaning is to each candidate's",
          "[kb][meaning][rerank]") {
  TempDir dir;
  const WordVectors words(write(dir, "v.bin", vector_file(shop_words())));
  const std::map<std::int64_t, std::vector<std::string_view>> passages = {
      {1, {"Refunds", "refund within five days"}}, {2, {"Pillows", "pillow sizes and fillings"}}};
  const NearestPassageRerank::Passages read = [&](std::int64_t id) { return passages.at(id); };
  // bm25 put the refund article first for a question whose only known word means `pillow`.
  const auto order = [&](double weight) {
    std::vector<std::pair<double, std::int64_t>> ranked = {{1.0, 1}, {0.8, 2}};
    const NearestPassageRerank rerank(10, 0.5, 0, nullptr, nullptr, 0, &words, weight);
    rerank.apply("cushions", ranked, read);
    return ranked[0].second;
  };
  CHECK(order(0) == 1);
  CHECK(order(0.3) == 2);
  // Without vectors, the weight changes nothing.
  std::vector<std::pair<double, std::int64_t>> ranked = {{1.0, 1}, {0.8, 2}};
  NearestPassageRerank(10, 0.5, 0, nullptr, nullptr, 0, nullptr, 0.3)
      .apply("cushions", ranked, read);
  CHECK(ranked[0].second == 1);
  CHECK_THROWS_AS(NearestPassageRerank(10, 0.5, 0, nullptr, nullptr, 0, &words, -0.1),
                  std::invalid_argument);
}

TEST_CASE(
    "a meaning opposite to the question's adds nothing, so scores keep falling down the "
    "list",
    "[kb][meaning][rerank]") {
  TempDir dir;
  std::vector<Word> list = shop_words();
  Vector opposite = axis(0);
  opposite[0] = -1;
  list.push_back({"unpillow", 9000, opposite});
  const WordVectors words(write(dir, "v.bin", vector_file(list)));
  const std::map<std::int64_t, std::vector<std::string_view>> passages = {{1, {"One", "unpillow"}},
                                                                          {2, {"Two", "refund"}}};
  // One candidate re-ranked; the second is past the candidates.
  std::vector<std::pair<double, std::int64_t>> ranked = {{1.0, 1}, {0.9, 2}};
  NearestPassageRerank(1, 0.5, 0, nullptr, nullptr, 0, &words, 0.3)
      .apply("cushions", ranked, [&](std::int64_t id) { return passages.at(id); });
  CHECK(ranked[0].second == 1);
  CHECK(ranked[0].first >= ranked[1].first);
}

TEST_CASE("the shipped vectors: words near in meaning are near", "[kb][meaning][shipped]") {
  const WordVectors& words = *shipped();
  CHECK(words.size() == 200000);
  const auto cosine = [&](const char* a, const char* b) {
    const auto x = words.find(a);
    const auto y = words.find(b);
    REQUIRE(x);
    REQUIRE(y);
    return words.cosine(*x, *y);
  };
  CHECK(cosine("cushions", "pillows") > cosine("cushions", "refund") + 0.3);
  CHECK(cosine("outlet", "store") > cosine("outlet", "mattress") + 0.2);
  CHECK(words.rank(*words.find("the")) == 1);
  CHECK(WordVectors::cosine(words.meaning_of("when will my parcel arrive"),
                            words.meaning_of("delivery time of the package")) >
        WordVectors::cosine(words.meaning_of("when will my parcel arrive"),
                            words.meaning_of("warranty on mattress springs")));
}

TEST_CASE("a shop's search finds the article that says the customer's words otherwise",
          "[kb][meaning][shipped]") {
  auto db = kefu::kb::test::memory_db();
  KnowledgeBase with(db, shipped());
  auto letters_db = kefu::kb::test::memory_db();
  KnowledgeBase letters(letters_db);
  struct Shelf {
    const char* key;
    const char* title;
    const char* body;
  };
  const std::vector<Shelf> shelves = {
      {"pillows", "Pillows", "Pillows we sell.\nPillow sizes and fillings.\nCan I buy a pillow?"},
      {"showrooms", "Showrooms",
       "Where can I see your showroom?\nVisit a store to try the mattress.\nOpening hours."},
      {"delivery", "Delivery",
       "When will my order arrive?\nDelivery takes 3 to 5 days.\nCan you deliver to my pincode?"},
      {"refunds", "Refunds", "How do I get my money back?\nRefunds take 5 days after the return."},
      {"trial", "100 night trial",
       "Can I try the mattress?\nSleep on it for 100 nights.\nHow does the trial work?"},
      {"zh-returns", "退货政策", "七天无理由退货，运费险包邮。"}};
  std::map<std::string, std::int64_t> id;
  for (KnowledgeBase* kb : {&with, &letters}) {
    for (const Shelf& shelf : shelves) id[shelf.key] = publish(*kb, draft(shelf.title, shelf.body));
  }
  const auto first = [](const KnowledgeBase& kb, const std::string& q) {
    const SearchResult r = kb.search(q);
    return r.hits.empty() ? std::int64_t{-1} : r.hits[0].article_id;
  };
  // Words no article uses, reached through the words they mean.
  CHECK(first(with, "do you have cushions") == id["pillows"]);
  CHECK(first(with, "is there an outlet near me") == id["showrooms"]);
  CHECK(first(with, "any dealership near me") == id["showrooms"]);
  // Letters alone miss them (the ids are the same in both knowledge bases).
  CHECK(first(letters, "do you have cushions") != id["pillows"]);
  CHECK(first(letters, "any dealership near me") != id["showrooms"]);
  // What letters found before is still found.
  for (const auto& [q, article] :
       std::map<std::string, std::string>{{"refund", "refunds"},
                                          {"when will my order arrive", "delivery"},
                                          {"100 night trial", "trial"}}) {
    INFO(q);
    CHECK(first(with, q) == id[article]);
  }
  // Chinese questions are searched as before; odd input just searches.
  CHECK(first(with, "我想退货") == first(letters, "我想退货"));
  for (const char* odd : {"\"unbalanced", "refund-policy NOT", "😀😀", "", "   "}) {
    INFO(odd);
    CHECK_NOTHROW(with.search(odd));
  }
  // The confidence judges the customer's own words: a question of words no article uses is not
  // answered automatically, however near its meaning.
  CHECK_FALSE(with.search("cushions").auto_answer);
}
