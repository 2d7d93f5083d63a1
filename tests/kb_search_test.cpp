#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/match_query.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

// A small shop knowledge base in both languages.
struct Shop {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  std::int64_t returns = test::publish(
      kb,
      draft("退货政策", "签收后七天内可以申请退货，商品需保持完好。退货运费由买家承担。", "zh"));
  std::int64_t free_shipping =
      test::publish(kb, draft("包邮说明", "订单满99元包邮，偏远地区除外。", "zh"));
  std::int64_t insurance =
      test::publish(kb, draft("运费险", "购买运费险后，退货产生的运费由保险公司赔付。", "zh"));
  std::int64_t missing = test::publish(
      kb, draft("没收到货怎么办", "如果物流显示已签收但您没收到，请先联系快递员。", "zh"));
  std::int64_t refund_en = test::publish(
      kb, draft("Refund policy", "Refunds are paid to the original card within 5 days.", "en"));
  std::int64_t phone = test::publish(
      kb, draft("iPhone15 cases", "Cases for the iPhone15 ship from our Shenzhen store.", "en"));
};

std::int64_t top(const SearchResult& r) {
  return r.hits.empty() ? 0 : r.hits[0].article_id;
}

}  // namespace

TEST_CASE("Chinese questions find the article ICU would have missed", "[kb][search]") {
  Shop shop;
  CHECK(top(shop.kb.search("我要退货")) == shop.returns);
  CHECK(top(shop.kb.search("这个包邮吗")) == shop.free_shipping);
  CHECK(top(shop.kb.search("运费险怎么赔")) == shop.insurance);
  CHECK(top(shop.kb.search("我没收到")) == shop.missing);
  CHECK(top(shop.kb.search("免邮吗")) == shop.free_shipping);  // synonym
}

TEST_CASE("English is stemmed and product codes match", "[kb][search]") {
  Shop shop;
  CHECK(top(shop.kb.search("refunded")) == shop.refund_en);
  CHECK(top(shop.kb.search("IPHONE15")) == shop.phone);
  CHECK(top(shop.kb.search("ｉＰｈｏｎｅ１５")) == shop.phone);
  CHECK(top(shop.kb.search("iphone 15 case")) == shop.phone);
}

TEST_CASE("user text is never FTS5 syntax", "[kb][search]") {
  Shop shop;
  CHECK(match_any({"refund", "polici"}) == "\"refund\" OR \"polici\"");
  CHECK(match_any({"a\"b"}) == "\"a\"\"b\"");
  CHECK(match_any({}).empty());
  for (const char* q :
       {"refund-policy", "order NOT received", "\"refund", "refund\"\"\"", "NEAR(refund card)",
        "refund AND", "* ^ : ( )", "title:refund", "refund*", "OR", "😀", "", "   "}) {
    INFO(q);
    CHECK_NOTHROW(shop.kb.search(q));
  }
  CHECK(top(shop.kb.search("refund-policy")) == shop.refund_en);
  CHECK(top(shop.kb.search("\"refund")) == shop.refund_en);
  CHECK(shop.kb.search("😀").hits.empty());
}

TEST_CASE("snippets mark the original text even when folding changed its length", "[kb][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  test::publish(
      kb, draft("Phones", "请问ｉＰｈｏｎｅ１５能包邮吗? The ﬁnal price is shown at checkout."));
  SearchOptions options;
  options.mark_open = "[";
  options.mark_close = "]";
  auto r = kb.search("iphone15", options);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].snippet.find("[ｉＰｈｏｎｅ１５]") != std::string::npos);
  r = kb.search("final", options);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].snippet.find("[ﬁnal]") != std::string::npos);
  r = kb.search("包邮", options);
  REQUIRE(r.hits.size() == 1);
  INFO(r.hits[0].snippet);
  CHECK(r.hits[0].snippet.find("[包邮]") != std::string::npos);
}

TEST_CASE("the locale filter keeps to one language", "[kb][search]") {
  Shop shop;
  SearchOptions zh;
  zh.locale = "zh";
  for (const auto& hit : shop.kb.search("refund 退货", zh).hits) {
    CHECK(shop.kb.get(hit.article_id)->locale == "zh");
  }
  SearchOptions bad;
  bad.limit = 0;
  CHECK_THROWS_AS(shop.kb.search("x", bad), std::invalid_argument);
}

TEST_CASE("a word the admin adds is searchable as a whole after reindexing", "[kb][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto mattress = test::publish(kb, draft("云朵床垫", "云朵床垫是我们的新款床垫。", "zh"));
  test::publish(kb, draft("云朵枕头", "柔软的枕头。", "zh"));
  kb.add_vocabulary_word("云朵床垫");
  CHECK(top(kb.search("云朵床垫")) == mattress);
  kb.add_synonyms({"床垫", "褥子"});
  CHECK(top(kb.search("褥子")) == mattress);
  CHECK_THROWS_AS(kb.add_synonyms({"only"}), std::invalid_argument);
}

TEST_CASE("confidence is high for a clear question and low for an unrelated one", "[kb][search]") {
  Shop shop;
  const auto clear = shop.kb.search("refund policy card");
  const auto unrelated = shop.kb.search("weather forecast tomorrow");
  const auto partly = shop.kb.search("refund weather forecast tomorrow music");
  CHECK(unrelated.hits.empty());
  CHECK(unrelated.confidence == 0);
  CHECK_FALSE(unrelated.auto_answer);
  CHECK(clear.confidence > partly.confidence);
  CHECK(clear.features.coverage == Approx(1.0));
  CHECK(partly.features.coverage < 0.5);
}

TEST_CASE("suggestions weigh the latest message above earlier ones", "[kb][search]") {
  Shop shop;
  const auto a = shop.kb.suggest_for_conversation({"我想退货", "refund to my card?"}).hits;
  REQUIRE(a.size() >= 2);
  CHECK(a[0].article_id == shop.refund_en);
  const auto b = shop.kb.suggest_for_conversation({"refund to my card?", "我想退货"}).hits;
  REQUIRE(!b.empty());
  CHECK(b[0].article_id == shop.returns);
  bool has_context = false;
  for (const auto& hit : b) has_context |= hit.article_id == shop.refund_en;
  CHECK(has_context);  // the earlier message still contributes
  CHECK(shop.kb.suggest_for_conversation({}).hits.empty());
  CHECK_THROWS_AS(shop.kb.suggest_for_conversation({"x"}, 0), std::invalid_argument);
}

TEST_CASE("suggestions carry the latest message's own confidence", "[kb][search]") {
  Shop shop;
  for (const std::string latest :
       {"refund policy card", "weather forecast tomorrow", "refund weather forecast tomorrow"}) {
    const auto own = shop.kb.search(latest);
    const auto suggested = shop.kb.suggest_for_conversation({"我想退货", latest});
    CHECK(suggested.confidence == Approx(own.confidence));
    CHECK(suggested.auto_answer == own.auto_answer);
    CHECK(suggested.features.coverage == Approx(own.features.coverage));
    CHECK(suggested.features.gap == Approx(own.features.gap));
  }
  // The earlier message's confidence is not the answer: the latest here has none.
  const auto unanswerable = shop.kb.suggest_for_conversation({"refund policy card", "weather"});
  CHECK(unanswerable.confidence == 0);
  CHECK_FALSE(unanswerable.auto_answer);
}

TEST_CASE("FTS5's own highlight() marks the original bytes of folded text", "[kb][search]") {
  Shop shop;
  SQLite::Statement q(shop.db,
                      "SELECT highlight(kb_articles_fts, 1, '[', ']') FROM kb_articles_fts "
                      "WHERE kb_articles_fts MATCH '\"iphone15\"'");
  const std::int64_t id = test::publish(
      shop.kb, draft("Ｆｕｌｌ width", "Cases for the ｉＰｈｏｎｅ１５ ship today.", "en"));
  (void)id;
  std::vector<std::string> marked;
  while (q.executeStep()) marked.push_back(q.getColumn(0).getString());
  CHECK(std::find(marked.begin(), marked.end(), "Cases for the [ｉＰｈｏｎｅ１５] ship today.") !=
        marked.end());
}

TEST_CASE("kefu_bm25 scores every row as FTS5's bm25() does", "[kb][search]") {
  Shop shop;
  (void)shop.kb.search("anything");  // reads the row lengths kefu_bm25 uses
  const double rows = shop.db.execAndGet("SELECT count(*) FROM kb_articles_fts").getDouble();
  for (const char* term : {"退货", "运费", "refund", "iphone15", "card"}) {
    INFO(term);
    SQLite::Statement df(shop.db, "SELECT doc FROM kb_articles_terms WHERE term = ?");
    df.bind(1, term);
    REQUIRE(df.executeStep());
    const double n = df.getColumn(0).getDouble();
    const double idf = std::max(1e-6, std::log((rows - n + 0.5) / (n + 0.5)));
    SQLite::Statement q(shop.db,
                        "SELECT -bm25(kb_articles_fts, 4.0, 1.0, 2.0), "
                        "kefu_bm25(kb_articles_fts, 0, ?2, 4.0, 1.0, 2.0) FROM kb_articles_fts "
                        "WHERE kb_articles_fts MATCH ?1");
    q.bind(1, match_any({term}));
    q.bind(2, &idf, static_cast<int>(sizeof idf));
    int matched = 0;
    while (q.executeStep()) {
      ++matched;
      CHECK(q.getColumn(1).getDouble() == Approx(q.getColumn(0).getDouble()).epsilon(1e-9));
    }
    CHECK(matched > 0);
  }
}

TEST_CASE("kefu_bm25 scores passages (rowid article x 1024 + n) as bm25() does", "[kb][search]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  for (int i = 0; i < 3; ++i) {
    test::publish(kb, draft("Article " + std::to_string(i),
                            "Refunds take five days.\nA refund goes to the card.\n\nCards and "
                            "refund refund policy.\n" +
                                std::string(static_cast<std::size_t>(i), 'x'),
                            "en"));
  }
  (void)kb.search("anything");
  const double rows = db.execAndGet("SELECT count(*) FROM kb_passages_fts").getDouble();
  SQLite::Statement df(db, "SELECT count(*) FROM kb_passages_fts WHERE kb_passages_fts MATCH ?");
  df.bind(1, match_any({"refund"}));
  REQUIRE(df.executeStep());
  const double n = df.getColumn(0).getDouble();
  const double idf = std::max(1e-6, std::log((rows - n + 0.5) / (n + 0.5)));
  SQLite::Statement q(db,
                      "SELECT rowid, -bm25(kb_passages_fts), kefu_bm25(kb_passages_fts, 1, ?2) "
                      "FROM kb_passages_fts WHERE kb_passages_fts MATCH ?1");
  q.bind(1, match_any({"refund"}));
  q.bind(2, &idf, static_cast<int>(sizeof idf));
  int matched = 0;
  while (q.executeStep()) {
    ++matched;
    INFO(q.getColumn(0).getInt64());
    CHECK(q.getColumn(2).getDouble() == Approx(q.getColumn(1).getDouble()).epsilon(1e-9));
  }
  CHECK(matched == 9);
}

TEST_CASE("a search sees articles another connection changed", "[kb][search]") {
  test::SharedFile file;
  KnowledgeBase reader(file.db());
  CHECK(reader.search("gift cards").hits.empty());
  file.change_elsewhere([](KnowledgeBase& writer) {
    test::publish(writer, draft("Gift cards", "Gift cards never expire.", "en"));
  });
  const SearchResult r = reader.search("gift cards");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].title == "Gift cards");
}

TEST_CASE("suggestions follow changes to the articles, here or through another connection",
          "[kb][search]") {
  test::SharedFile file;
  KnowledgeBase desk(file.db());
  const std::int64_t cards =
      test::publish(desk, draft("Gift cards", "Gift cards never expire.", "en"));
  const std::vector<std::string> conversation{"do gift cards expire?", "and gift wrapping?"};
  const auto titles = [&] {
    std::vector<std::string> out;
    for (const auto& hit : desk.suggest_for_conversation(conversation).hits) {
      out.push_back(hit.title);
    }
    return out;
  };
  CHECK(titles() == std::vector<std::string>{"Gift cards"});
  CHECK(titles() == std::vector<std::string>{"Gift cards"});  // the same again, remembered
  file.change_elsewhere([](KnowledgeBase& office) {
    test::publish(office, draft("Gift wrapping", "Gift wrapping costs 2 euros.", "en"));
  });
  const auto with_wrapping = titles();
  REQUIRE(with_wrapping.size() == 2);
  CHECK(with_wrapping[0] == "Gift wrapping");  // the latest message counts most
  desk.unpublish(cards, 1);
  CHECK(titles() == std::vector<std::string>{"Gift wrapping"});
}

TEST_CASE("removing an article takes it out of search and out of the store", "[kb][search]") {
  Shop shop;
  CHECK(top(shop.kb.search("refund card")) == shop.refund_en);
  shop.kb.remove(shop.refund_en);
  CHECK(top(shop.kb.search("refund card")) != shop.refund_en);
  CHECK_FALSE(shop.kb.get(shop.refund_en));
  CHECK(shop.kb.versions(shop.refund_en).empty());
  CHECK_THROWS_AS(shop.kb.remove(shop.refund_en), std::invalid_argument);
}

TEST_CASE("create_many stores all articles or none", "[kb][search]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  const auto ids = kb.create_many(
      {draft("Returns", "Return within 30 days."), draft("Shipping", "We ship in two days.")},
      "tester", 5, ArticleStatus::kPublished);
  REQUIRE(ids.size() == 2);
  CHECK(top(kb.search("ship")) == ids[1]);
  CHECK_THROWS_AS(kb.create_many({draft("Fine", "ok"), draft("", "no title")}, "tester", 6,
                                 ArticleStatus::kPublished),
                  std::invalid_argument);
  CHECK(kb.list().size() == 2);
}

TEST_CASE("a question of only common words searches titles and stays quick", "[kb][search]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  std::vector<ArticleDraft> drafts;
  for (int i = 0; i < 300; ++i) {
    drafts.push_back(draft(i == 7 ? "Order help" : "Article " + std::to_string(i),
                           "Your order ships soon. Order number " + std::to_string(i) + ".", "en"));
  }
  const auto ids = kb.create_many(drafts, "tester", 1, ArticleStatus::kPublished);
  const SearchResult r = kb.search("order");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].article_id == ids[7]);
}
