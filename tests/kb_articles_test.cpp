#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

TEST_CASE("an article keeps every version with its author and time", "[kb][articles]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  ArticleDraft d = draft("Returns", "Send it back within 30 days.", "en", "returns");
  d.tags = {"returns", "policy"};
  const auto id = kb.create(d, "alice", 1000);
  auto a = kb.get(id);
  REQUIRE(a);
  CHECK(a->status == ArticleStatus::kDraft);
  CHECK(a->version == 1);
  CHECK(a->tags == std::vector<std::string>{"returns", "policy"});
  d.body = "Send it back within 60 days.";
  kb.update(id, d, "bob", 2000);
  a = kb.get(id);
  CHECK(a->version == 2);
  CHECK(a->body == "Send it back within 60 days.");
  CHECK(a->created_at == 1000);
  CHECK(a->updated_at == 2000);
  const auto versions = kb.versions(id);
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].author == "alice");
  CHECK(versions[0].body == "Send it back within 30 days.");
  CHECK(versions[1].author == "bob");
  CHECK(versions[1].created_at == 2000);
  CHECK(kb.get_by_slug("returns")->id == id);
}

TEST_CASE("only published articles are found", "[kb][articles]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto id = kb.create(draft("Warranty", "Two years of warranty on headphones."), "a", 1);
  CHECK(kb.search("warranty").hits.empty());
  kb.publish(id, 2);
  REQUIRE(kb.search("warranty").hits.size() == 1);
  CHECK(kb.list(ArticleStatus::kPublished).size() == 1);
  kb.update(id, draft("Guarantee", "Three years of cover on speakers."), "a", 3);
  CHECK(kb.search("warranty").hits.empty());  // the old text left the index
  CHECK(kb.search("speakers").hits.size() == 1);
  kb.unpublish(id, 4);
  CHECK(kb.search("speakers").hits.empty());
  CHECK(kb.list(ArticleStatus::kDraft).size() == 1);
}

TEST_CASE("bad articles are refused and change nothing", "[kb][articles]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto id = kb.create(draft("Sizes", "Our size chart.", "en", "sizes"), "a", 1);
  CHECK_THROWS_AS(kb.create(draft("", "body"), "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.create(draft("T", "body", "fr"), "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.create(draft("T", "body", "en", "sizes"), "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.create(draft("T", "body", "en", "bad slug!"), "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.create(draft("T\xff", "body"), "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.create(draft("T", "body"), "", 1), std::invalid_argument);
  ArticleDraft tagged = draft("T", "body");
  tagged.tags = {"a,b"};
  CHECK_THROWS_AS(kb.create(tagged, "a", 1), std::invalid_argument);
  CHECK_THROWS_AS(kb.update(999, draft("T", "b"), "a", 2), std::invalid_argument);
  CHECK_THROWS_AS(kb.publish(999, 2), std::invalid_argument);
  CHECK_THROWS_AS(kb.update(id, draft("", "b"), "a", 2), std::invalid_argument);
  CHECK(kb.list().size() == 1);
  CHECK(kb.versions(id).size() == 1);
  CHECK(kb.get(id)->title == "Sizes");
}

TEST_CASE("an article without a slug gets one from its id", "[kb][articles]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto id = kb.create(draft("Payment", "We take cards."), "a", 1);
  CHECK(kb.get(id)->slug == "article-" + std::to_string(id));
}

TEST_CASE("the tables survive a second KnowledgeBase on the same database", "[kb][articles]") {
  auto db = test::memory_db();
  {
    KnowledgeBase kb(db);
    test::publish(kb, draft("退货政策", "七天无理由退货", "zh"));
    kb.add_vocabulary_word("云朵床垫");
  }
  KnowledgeBase again(db);
  CHECK(again.list().size() == 1);
  CHECK(again.search("退货").hits.size() == 1);
  CHECK(again.tokenizer().vocabulary().words().size() ==
        ShopVocabulary::with_defaults().words().size() + 1);
}
