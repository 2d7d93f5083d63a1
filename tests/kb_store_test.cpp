#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/sql_knowledge_store.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/sql_backend.hpp"

// The knowledge base's truth behind KnowledgeStore (issue 19), and its search built from it, on
// SQLite and again on PostgreSQL (kb_store_test [postgresql]).

using kefu::kb::Article;
using kefu::kb::ArticleDraft;
using kefu::kb::ArticleStatus;
using kefu::kb::EvidenceSource;
using kefu::kb::KnowledgeBase;
using kefu::kb::LearnedQuestionRow;
using kefu::kb::SqlKnowledgeStore;
using kefu::kb::VocabularyEntry;
using kefu::testing::MigratedDatabase;
using kefu::testing::SqlBackend;

namespace {

ArticleDraft draft(const std::string& title, const std::string& body,
                   const std::string& slug = "") {
  ArticleDraft d;
  d.title = title;
  d.body = body;
  d.slug = slug;
  d.tags = {"shop", "help"};
  return d;
}

LearnedQuestionRow evidence(std::int64_t article, const std::string& folded, const std::string& who,
                            double weight, std::int64_t at, const std::string& source = "agent") {
  LearnedQuestionRow r;
  r.article_id = article;
  r.question = folded + "?";
  r.folded = folded;
  r.source = source;
  r.evidence_from = who;
  r.weight = weight;
  r.created_at = at;
  r.last_seen_at = at;
  return r;
}

// The first hit's id of `question`, or 0.
std::int64_t first(const KnowledgeBase& kb, const std::string& question) {
  const auto result = kb.search(question);
  return result.hits.empty() ? 0 : result.hits.front().article_id;
}

// The system clock in ms, as the search decays learnt questions by.
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Calls `found` until it is true or `within` has passed; returns its last answer.
template <typename Found>
bool eventually(Found&& found, std::chrono::milliseconds within) {
  const auto end = std::chrono::steady_clock::now() + within;
  for (;;) {
    if (found()) return true;
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("the knowledge store keeps articles with every version", "[kb][store]") {
  MigratedDatabase db;
  SqlKnowledgeStore store(db);
  const std::int64_t r0 = store.revision();
  const std::int64_t l0 = store.learned_version();
  const std::int64_t returns = store.insert_article(draft("Returns", "Within 30 days."), "ann", 10);
  const std::int64_t named =
      store.insert_article(draft("Delivery", "Two days.", "delivery"), "bob", 11);
  CHECK(store.revision() == r0 + 2);
  CHECK(store.learned_version() > l0);

  const Article a = store.article(returns).value();
  CHECK(a.slug == "article-" + std::to_string(returns));
  CHECK(a.title == "Returns");
  CHECK(a.body == "Within 30 days.");
  CHECK(a.tags == std::vector<std::string>{"shop", "help"});
  CHECK(a.locale == "en");
  CHECK(a.status == ArticleStatus::kDraft);
  CHECK(a.version == 1);
  CHECK(a.created_at == 10);
  CHECK(store.article_by_slug("delivery").value().id == named);
  CHECK_FALSE(store.article_by_slug("nowhere"));
  CHECK_FALSE(store.article(named + 100));

  store.update_article(returns, "returns", draft("Returns", "Within 60 days."), "cy", 20);
  store.set_status(returns, ArticleStatus::kPublished, 21);
  const Article b = store.article(returns).value();
  CHECK(b.slug == "returns");
  CHECK(b.version == 2);
  CHECK(b.status == ArticleStatus::kPublished);
  CHECK(b.updated_at == 21);
  CHECK(b.created_at == 10);
  const auto versions = store.versions(returns);
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].body == "Within 30 days.");
  CHECK(versions[0].author == "ann");
  CHECK(versions[1].body == "Within 60 days.");
  CHECK(versions[1].version == 2);
  CHECK(versions[1].author == "cy");

  CHECK(store.articles(std::nullopt).size() == 2);
  const auto published = store.articles(ArticleStatus::kPublished);
  REQUIRE(published.size() == 1);
  CHECK(published[0].id == returns);
  CHECK(store.articles(ArticleStatus::kDraft).at(0).id == named);

  store.learn(evidence(returns, "how long to return", "agent-1", 1.0, 30));
  const std::int64_t before = store.revision();
  store.remove_article(returns);
  CHECK(store.revision() == before + 1);
  CHECK_FALSE(store.article(returns));
  CHECK(store.versions(returns).empty());
  CHECK(store.learned_questions(returns).empty());
  CHECK(store.articles(std::nullopt).size() == 1);
}

TEST_CASE("the knowledge store refuses a slug in use and keeps what it had", "[kb][store]") {
  MigratedDatabase db;
  SqlKnowledgeStore store(db);
  store.insert_article(draft("Delivery", "Two days.", "delivery"), "ann", 10);
  const std::int64_t revision = store.revision();
  {
    kefu::sql::Transaction tx(db);
    try {
      store.insert_article(draft("Other", "Text.", "delivery"), "ann", 11);
      FAIL("a second article took the slug");
    } catch (const kefu::sql::Error& e) {
      CHECK(e.kind() == kefu::sql::Error::Kind::duplicate);
    }
  }
  CHECK(store.articles(std::nullopt).size() == 1);
  CHECK(store.revision() == revision);
  CHECK(db.integer("SELECT COUNT(*) FROM kb_article_versions") == 1);
}

TEST_CASE("the knowledge store keeps the vocabulary admins added", "[kb][store]") {
  MigratedDatabase db;
  SqlKnowledgeStore store(db);
  const std::int64_t r0 = store.revision();
  const std::int64_t word = store.add_vocabulary(VocabularyEntry::Kind::kWord, {"iPhone15"});
  const std::int64_t group =
      store.add_vocabulary(VocabularyEntry::Kind::kSynonyms, {"sofa", "couch", "settee"});
  CHECK(store.revision() == r0 + 2);
  const auto entries = store.vocabulary();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0] == VocabularyEntry{word, VocabularyEntry::Kind::kWord, {"iPhone15"}});
  CHECK(entries[1] ==
        VocabularyEntry{group, VocabularyEntry::Kind::kSynonyms, {"sofa", "couch", "settee"}});
  // A word is not a synonym group, and an unknown id is none: nothing changes.
  CHECK_FALSE(store.remove_synonyms(word));
  CHECK_FALSE(store.remove_synonyms(group + 100));
  CHECK(store.vocabulary().size() == 2);
  CHECK(store.revision() == r0 + 2);
  CHECK(store.remove_synonyms(group));
  CHECK(store.vocabulary().size() == 1);
  CHECK(store.revision() == r0 + 3);
}

TEST_CASE("the knowledge store counts one person's evidence once, at its strongest",
          "[kb][store]") {
  MigratedDatabase db;
  SqlKnowledgeStore store(db);
  const std::int64_t plans = store.insert_article(draft("Plans", "Twelve months."), "ann", 1);
  const std::int64_t hidden = store.insert_article(draft("Hidden", "Draft."), "ann", 1);
  store.set_status(plans, ArticleStatus::kPublished, 1);
  const std::int64_t l0 = store.learned_version();
  const std::int64_t id =
      store.learn(evidence(plans, "finance plan", "visitor-1", 0.5, 100, "customer"));
  // The same visitor again, later and as an agent: the same row, stronger and seen later.
  CHECK(store.learn(evidence(plans, "finance plan", "visitor-1", 1.0, 200)) == id);
  // Weaker and older evidence of the same person changes neither.
  CHECK(store.learn(evidence(plans, "finance plan", "visitor-1", 0.5, 150, "customer")) == id);
  CHECK(store.learned_version() == l0 + 3);
  auto rows = store.learned_questions(plans);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].weight == 1.0);
  CHECK(rows[0].source == "agent");
  CHECK(rows[0].created_at == 100);
  CHECK(rows[0].last_seen_at == 200);
  store.learn(evidence(hidden, "draft question", "agent-2", 1.0, 100));
  // Only published articles' questions count, with their article's locale.
  const auto published = store.published_learned_questions();
  REQUIRE(published.size() == 1);
  CHECK(published[0].article_id == plans);
  CHECK(published[0].locale == "en");
  // Another article's question id: refused, nothing changes.
  const std::int64_t l1 = store.learned_version();
  CHECK_FALSE(store.remove_learned_question(hidden, id));
  CHECK(store.learned_version() == l1);
  CHECK(store.learned_questions(plans).size() == 1);
  CHECK(store.remove_learned_question(plans, id));
  CHECK(store.learned_questions(plans).empty());
  CHECK(store.learned_version() == l1 + 1);
}

TEST_CASE("a knowledge base on the store searches what is published", "[kb][store][search]") {
  MigratedDatabase db;
  KnowledgeBase kb(db.connection());
  const std::int64_t returns =
      kb.create(draft("Returns", "Send the parcel back within 30 days for a refund."), "ann", 1);
  const std::int64_t delivery =
      kb.create(draft("Delivery", "Orders arrive within two working days."), "ann", 1);
  CHECK(first(kb, "refund") == 0);  // drafts are not searched
  kb.publish(returns, 2);
  kb.publish(delivery, 2);
  CHECK(first(kb, "how do I get a refund") == returns);
  CHECK(first(kb, "when will my order arrive") == delivery);
  kb.update(delivery, draft("Delivery", "Couriers bring every order within a week."), "bob", 3);
  CHECK(first(kb, "courier") == delivery);
  CHECK(kb.search("working").hits.empty());  // the old text is out of the index
  // A bad draft is refused and changes nothing, the index included.
  CHECK_THROWS_AS(kb.update(delivery, draft("", "No title."), "bob", 4), std::invalid_argument);
  CHECK_THROWS_AS(kb.update(delivery + 100, draft("T", "B"), "bob", 4), std::invalid_argument);
  CHECK(kb.get(delivery)->version == 2);
  CHECK(first(kb, "courier") == delivery);
  // A slug in use is refused, by a new article or another's new version.
  kb.update(returns, draft("Returns", kb.get(returns)->body, "returns"), "ann", 4);
  CHECK_THROWS_AS(kb.create(draft("Other", "Text.", "returns"), "ann", 4), std::invalid_argument);
  CHECK_THROWS_AS(kb.update(delivery, draft("Delivery", "Text.", "returns"), "ann", 4),
                  std::invalid_argument);
  CHECK(kb.list().size() == 2);
  CHECK(kb.get(delivery)->slug == "article-" + std::to_string(delivery));
  CHECK(kb.get(delivery)->version == 2);
  // A synonym group joins the search at once.
  CHECK(first(kb, "package") == returns);  // built in: parcel, package
  kb.add_synonyms({"dispatch", "courier"});
  CHECK(first(kb, "dispatch") == delivery);
  kb.learn(returns, "can I change my mind", EvidenceSource::kAgent, "agent-1", 5);
  REQUIRE(kb.learned_questions(returns, 5).size() == 1);
  kb.unpublish(returns, 6);
  CHECK(first(kb, "refund") == 0);
  kb.remove(returns);
  CHECK_FALSE(kb.get(returns));
  CHECK(kb.list().size() == 1);
  CHECK(db.integer("SELECT COUNT(*) FROM kb_learned_questions") == 0);
}

TEST_CASE("an edit through one node is found by another node's search within the poll interval",
          "[kb][store][search][nodes]") {
  SqlBackend backend;
  auto first_connection = backend.open();
  auto second_connection = backend.open();
  KnowledgeBase a(*first_connection);
  KnowledgeBase b(*second_connection);
  constexpr auto kPoll = std::chrono::milliseconds(200);
  a.set_poll_interval(kPoll);
  b.set_poll_interval(kPoll);
  constexpr auto kWithin = std::chrono::milliseconds(2000);
  CHECK(first(b, "gift wrapping") == 0);

  const std::int64_t gifts =
      a.create(draft("Gift wrapping", "We wrap any order in recycled paper."), "ann", 1);
  a.publish(gifts, 1);
  CHECK(first(a, "gift wrapping") == gifts);  // at once on the node that wrote it
  CHECK(eventually([&] { return first(b, "gift wrapping") == gifts; }, kWithin));

  a.update(gifts, draft("Gift wrapping", "Ribbons and a card come free with every order."), "ann",
           2);
  CHECK(eventually([&] { return first(b, "ribbons") == gifts; }, kWithin));
  CHECK(b.search("recycled paper").hits.empty());

  // The vocabulary too: node b tokenizes with the group node a added.
  const std::int64_t group = a.add_synonyms({"ribbons", "bows"});
  CHECK(eventually([&] { return first(b, "bows") == gifts; }, kWithin));
  REQUIRE(b.added_synonyms().size() == 1);
  CHECK(b.added_synonyms()[0].id == group);

  // A question learnt through node b counts in node a's search.
  CHECK(first(a, "can you make it look nice") == 0);
  b.learn(gifts, "can you make it look nice", EvidenceSource::kAgent, "agent-1", now_ms());
  CHECK(eventually([&] { return first(a, "can you make it look nice") == gifts; }, kWithin));

  a.unpublish(gifts, 4);
  CHECK(eventually([&] { return first(b, "ribbons") == 0; }, kWithin));
  CHECK(b.get(gifts)->status == ArticleStatus::kDraft);
}
