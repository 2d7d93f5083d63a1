#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kStart = 1'800'000'000'000;

// A shop of three articles whose words do not reach "is there finance plan".
struct Shop {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  std::int64_t now = kStart;
  std::int64_t instalments = 0, refunds = 0, delivery = 0;
  Shop() {
    kb.set_clock([this] { return now; });
    instalments = test::publish(kb, draft("Instalments",
                                          "Spread the cost over twelve months.\n"
                                          "Zero interest EMI with any bank card."));
    refunds = test::publish(kb, draft("Refunds",
                                      "We refund the cost within five days.\n"
                                      "Pay nothing for the return courier."));
    delivery = test::publish(kb, draft("Delivery",
                                       "Orders arrive within a week.\n"
                                       "You can track the parcel online."));
  }
  std::int64_t first(const std::string& q) {
    const SearchResult r = kb.search(q);
    return r.hits.empty() ? 0 : r.hits[0].article_id;
  }
  double top_score(const std::string& q) {
    const SearchResult r = kb.search(q);
    return r.hits.empty() ? 0 : r.hits[0].score;
  }
  int rows() { return db.execAndGet("SELECT count(*) FROM kb_learned_questions").getInt(); }
};

}  // namespace

TEST_CASE("an agent's pick teaches the search the shop's own words", "[kb][learned]") {
  Shop s;
  REQUIRE(s.kb.search("is there finance plan").hits.empty());
  s.kb.learn(s.instalments, "Is there a finance plan?", EvidenceSource::kAgent, "agent-1", s.now);
  // A paraphrase of the learnt question, not the same text.
  CHECK(s.first("is there finance plan") == s.instalments);
  CHECK(s.first("is there any finance plan please") == s.instalments);
  // An article the words find weakly ("pay") loses to clear evidence of the shop's own.
  REQUIRE(s.first("can i pay in parts") != s.instalments);
  s.kb.learn(s.instalments, "Can I pay in parts?", EvidenceSource::kAgent, "agent-1", s.now);
  s.kb.learn(s.instalments, "Can I pay in parts?", EvidenceSource::kAgent, "agent-2", s.now);
  // Questions near nothing learnt keep their answer.
  CHECK(s.first("when will my parcel arrive") == s.delivery);
  CHECK(s.first("refund") == s.refunds);
}

TEST_CASE("evidence never overturns a strong title match by itself", "[kb][learned]") {
  Shop s;
  s.kb.learn(s.refunds, "delivery", EvidenceSource::kAgent, "agent-1", s.now);
  CHECK(s.first("delivery") == s.delivery);
}

TEST_CASE("one visitor's repeated clicks count once", "[kb][learned]") {
  Shop s;
  for (int i = 0; i < 10; ++i) {
    s.kb.learn(s.instalments, "can I pay in parts", EvidenceSource::kCustomer, "visitor-9",
               s.now + i);
  }
  // Case and inflection fold to the same question.
  s.kb.learn(s.instalments, "CAN I PAY IN PART", EvidenceSource::kCustomer, "visitor-9", s.now);
  CHECK(s.rows() == 1);
  const auto learned = s.kb.learned_questions(s.instalments, s.now + 9);
  REQUIRE(learned.size() == 1);
  CHECK(learned[0].source == EvidenceSource::kCustomer);
  CHECK(learned[0].weight == Approx(LearnedQuestions::kCustomerWeight).epsilon(1e-6));
  CHECK(learned[0].last_seen_at == s.now + 9);
  // Another visitor is more evidence.
  s.kb.learn(s.instalments, "can I pay in parts", EvidenceSource::kCustomer, "visitor-10", s.now);
  CHECK(s.rows() == 2);
}

TEST_CASE("an article keeps at most its cap of learnt questions, the weakest going",
          "[kb][learned]") {
  Shop s;
  // The oldest first: with decay they are the weakest.
  for (int i = 0; i < LearnedQuestions::kPerArticle + 5; ++i) {
    s.kb.learn(s.refunds, "question number " + std::to_string(i) + " about money",
               EvidenceSource::kAgent, "agent-" + std::to_string(i), kStart + i * kDay);
  }
  s.now = kStart + 60 * kDay;
  const auto learned = s.kb.learned_questions(s.refunds, s.now);
  REQUIRE(learned.size() == static_cast<std::size_t>(LearnedQuestions::kPerArticle));
  for (const auto& l : learned) {
    for (int i = 0; i < 5; ++i) {
      CHECK(l.question != "question number " + std::to_string(i) + " about money");
    }
  }
  CHECK(learned.front().last_seen_at > learned.back().last_seen_at);
}

TEST_CASE("evidence fades with age", "[kb][learned]") {
  Shop s;
  s.kb.learn(s.instalments, "Is there a finance plan?", EvidenceSource::kAgent, "agent-1", s.now);
  CHECK(s.kb.learned_questions(s.instalments, s.now + 90 * kDay)[0].weight == Approx(0.5));
  const double fresh = s.top_score("is there finance plan");
  REQUIRE(fresh > 0);
  s.now += 90 * kDay;
  CHECK(s.top_score("is there finance plan") == Approx(fresh / 2));
  s.now += 3 * 365 * kDay;  // twelve half-lives later
  CHECK(s.top_score("is there finance plan") < fresh / 1000);
  // Seen again: strong again, still one row.
  s.kb.learn(s.instalments, "is there a finance plan", EvidenceSource::kAgent, "agent-1", s.now);
  CHECK(s.rows() == 1);
  CHECK(s.top_score("is there finance plan") == Approx(fresh));
}

TEST_CASE("the admin removes a learnt question", "[kb][learned]") {
  Shop s;
  const std::int64_t id = s.kb.learn(s.instalments, "Is there a finance plan?",
                                     EvidenceSource::kAgent, "agent-1", s.now);
  REQUIRE(s.first("is there finance plan") == s.instalments);
  // Another article's id, or an unknown one: refused, nothing changes.
  CHECK_FALSE(s.kb.remove_learned_question(s.refunds, id));
  CHECK_FALSE(s.kb.remove_learned_question(s.instalments, id + 100));
  CHECK(s.rows() == 1);
  CHECK(s.first("is there finance plan") == s.instalments);
  CHECK(s.kb.remove_learned_question(s.instalments, id));
  CHECK(s.rows() == 0);
  CHECK(s.kb.learned_questions(s.instalments, s.now).empty());
  CHECK(s.kb.search("is there finance plan").hits.empty());
}

TEST_CASE("bad evidence is refused and changes nothing", "[kb][learned]") {
  Shop s;
  const std::int64_t draft_id = s.kb.create(draft("Hidden", "Not yet."), "tester", s.now);
  CHECK_THROWS_AS(s.kb.learn(draft_id, "can i pay in parts", EvidenceSource::kAgent, "a", s.now),
                  std::invalid_argument);
  CHECK_THROWS_AS(s.kb.learn(9999, "can i pay in parts", EvidenceSource::kAgent, "a", s.now),
                  std::invalid_argument);
  CHECK_THROWS_AS(s.kb.learn(s.refunds, " ?! ", EvidenceSource::kAgent, "a", s.now),
                  std::invalid_argument);
  CHECK_THROWS_AS(s.kb.learn(s.refunds, "money", EvidenceSource::kAgent, "", s.now),
                  std::invalid_argument);
  CHECK_THROWS_AS(s.kb.learn(s.refunds, std::string(600, 'a'), EvidenceSource::kAgent, "a", s.now),
                  std::invalid_argument);
  CHECK(s.rows() == 0);
}

TEST_CASE("a deleted or hidden article's learnt questions stop counting", "[kb][learned]") {
  Shop s;
  s.kb.learn(s.instalments, "Is there a finance plan?", EvidenceSource::kAgent, "agent-1", s.now);
  REQUIRE(s.first("is there finance plan") == s.instalments);
  s.kb.unpublish(s.instalments, s.now);
  CHECK(s.kb.search("is there finance plan").hits.empty());
  s.kb.remove(s.instalments);
  CHECK(s.rows() == 0);
}

TEST_CASE("learnt questions are read again only after a change, from any connection",
          "[kb][learned]") {
  test::SharedFile file;
  KnowledgeBase kb(file.db());
  // A reader of the same connection as the search's, to count its readings.
  LearnedQuestions learned_here(file.db());
  kb.set_clock([] { return kStart; });
  const std::int64_t plans =
      test::publish(kb, draft("Instalments", "Spread the cost over twelve months."));
  const std::uint64_t first = learned_here.refresh(kStart);
  // Nothing changed: no reading, however often asked.
  CHECK(learned_here.refresh(kStart + 1) == first);
  CHECK(learned_here.refresh(kStart + 2) == first);
  // Another connection writes elsewhere: still nothing to read.
  file.change_elsewhere([](KnowledgeBase&) {});
  {
    SQLite::Database other(file.db().getFilename(), SQLite::OPEN_READWRITE);
    other.exec("CREATE TABLE unrelated(x)");
    other.exec("INSERT INTO unrelated VALUES(1)");
  }
  CHECK(learned_here.refresh(kStart + 3) == first);
  // Another connection learns a question: read again, and the search uses it.
  file.change_elsewhere([&](KnowledgeBase& elsewhere) {
    elsewhere.learn(plans, "Is there a finance plan?", EvidenceSource::kAgent, "agent-1", kStart);
  });
  const std::uint64_t second = learned_here.refresh(kStart + 4);
  CHECK(second > first);
  CHECK(learned_here.evidence_for("is there finance plan", std::nullopt, kStart + 4).count(plans) ==
        1);
  CHECK(kb.search("is there finance plan").hits.front().article_id == plans);
  // Another connection unpublishes the article: read again, and it stops counting.
  file.change_elsewhere([&](KnowledgeBase& elsewhere) { elsewhere.unpublish(plans, kStart); });
  CHECK(learned_here.refresh(kStart + 5) > second);
  CHECK(learned_here.evidence_for("is there finance plan", std::nullopt, kStart + 5).empty());
  CHECK(kb.search("is there finance plan").hits.empty());
  // A change through this connection's own knowledge base is known without asking SQLite.
  kb.publish(plans, kStart);
  CHECK(kb.search("is there finance plan").hits.front().article_id == plans);
}
