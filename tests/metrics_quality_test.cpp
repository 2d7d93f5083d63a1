
#include <catch2/catch.hpp>

#include "server/metrics/quality_input_builder.hpp"
#include "server/metrics/quality_scorer.hpp"
#include "server/metrics/quality_store.hpp"
#include "server/metrics/review_scorecard.hpp"
#include "server/metrics/survey_store.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics {
namespace {

using test::kSecond;

QualityInput good_conversation() {
  QualityInput in;
  in.conversation_id = 7;
  in.agent_id = 3;
  in.first_response_ms = 30 * kSecond;
  in.reply_ms = {30 * kSecond, 45 * kSecond};
  in.first_response_target_ms = 60 * kSecond;
  in.reply_target_ms = 60 * kSecond;
  in.csat = 5;
  in.agent_texts = {"Hello Li, let me check your order.", "Done. Anything else I can help with?"};
  return in;
}

double earned(const QualityScore& s, const std::string& name) {
  for (const auto& item : s.items) {
    if (item.name == name) return item.earned.value_or(-1);
  }
  FAIL("no item " << name);
  return -2;
}

}  // namespace

TEST_CASE("a conversation that does everything right scores 100", "[metrics][quality]") {
  QualityScorer scorer;
  QualityScore s = scorer.score(good_conversation());
  CHECK(s.score == Approx(100));
  CHECK(s.items.size() == 7);
  CHECK(s.to_json().at("items").as_array().size() == 7);
}

TEST_CASE("each failed item costs its share of the weights", "[metrics][quality]") {
  QualityScorer scorer;  // default weights 25 20 20 10 15 5 5
  QualityInput in = good_conversation();
  in.reply_ms = {30 * kSecond, 90 * kSecond};   // one of two replies late: 12.5 of 25 lost
  in.reopened = true;                           // 20 lost
  in.csat = 3;                                  // (3-1)/4 of 15 earned: 7.5 lost
  in.agent_texts = {"Let me check.", "Done."};  // greeting and closing missing: 10 lost
  // The KB item does not apply (no confident answer), so the weights are out of 90.
  QualityScore s = scorer.score(in);
  CHECK(earned(s, "replies_within_target") == Approx(0.5));
  CHECK(earned(s, "kb_answer_used") == -1);
  CHECK(s.score == Approx(100.0 * (90 - 12.5 - 20 - 7.5 - 10) / 90));

  in.confident_kb_answer_existed = true;  // a confident answer existed but was not used
  CHECK(scorer.score(in).score == Approx(100.0 * (100 - 12.5 - 20 - 7.5 - 10 - 10) / 100));
}

TEST_CASE("each item's detail has a code and numbers for a translated page", "[metrics][quality]") {
  QualityScorer scorer;
  QualityInput in = good_conversation();
  in.reply_ms = {30 * kSecond, 90 * kSecond};
  in.csat = 4;
  in.agent_texts = {"Let me check.", "Done."};
  auto items = scorer.score(in).to_json().at("items").as_array();
  auto find = [&](std::string_view name) {
    for (const auto& item : items) {
      if (item.at("name").as_string() == name) return item.as_object();
    }
    FAIL("no item " << name);
    return boost::json::object{};
  };
  auto replies = find("replies_within_target");
  CHECK(replies.at("detail").as_string() == "1 of 2 within 60 s");
  CHECK(replies.at("detail_code").as_string() == "replies_within");
  CHECK(replies.at("detail_values").as_object() ==
        boost::json::object{{"within", 1}, {"total", 2}, {"target_s", 60}});
  auto first = find("first_response_within_target");
  CHECK(first.at("detail_code").as_string() == "first_response");
  CHECK(first.at("detail_values").as_object() ==
        boost::json::object{{"seconds", 30}, {"target_s", 60}});
  CHECK(find("csat").at("detail_values").as_object() == boost::json::object{{"stars", 4}});
  CHECK(find("greeting").at("detail_code").as_string() == "missing");
  CHECK(find("kb_answer_used").at("detail_code").as_string() == "no_confident_answer");
  CHECK(find("resolved_without_reopen").at("detail_code").as_string() == "not_reopened");
  CHECK(find("resolved_without_reopen").at("detail_values").as_object().empty());
}

TEST_CASE("weights are configurable", "[metrics][quality]") {
  QualityWeights only_csat{0, 0, 0, 0, 1, 0, 0};
  QualityScorer scorer(only_csat);
  QualityInput in = good_conversation();
  in.csat = 2;
  CHECK(scorer.score(in).score == Approx(25));
  in.csat.reset();
  CHECK(scorer.score(in).score == Approx(100));  // nothing applies
  CHECK_THROWS_AS(QualityScorer(QualityWeights{0, 0, 0, 0, 0, 0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(QualityScorer(QualityWeights{-1, 0, 0, 0, 1, 0, 0}), std::invalid_argument);
  in.csat = 6;
  CHECK_THROWS_AS(scorer.score(in), std::invalid_argument);
}

TEST_CASE("greetings and closings are found in Chinese and English", "[metrics][quality]") {
  QualityPhrases p;
  CHECK(QualityScorer::contains_phrase("您好，我来帮您查一下订单。", p.greetings));
  CHECK(QualityScorer::contains_phrase("ＨＥＬＬＯ there", p.greetings));  // full width, upper
  CHECK(QualityScorer::contains_phrase("Good Morning!", p.greetings));
  CHECK_FALSE(QualityScorer::contains_phrase("This is the shipping policy.", p.greetings));
  CHECK_FALSE(QualityScorer::contains_phrase("我来查一下。", p.greetings));
  CHECK(QualityScorer::contains_phrase("还有其他问题吗？祝您生活愉快！", p.closings));
  CHECK(QualityScorer::contains_phrase("Thanks, bye!", p.closings));
  CHECK_FALSE(QualityScorer::contains_phrase("Your parcel is on its way.", p.closings));
}

TEST_CASE("the score input is gathered from the conversation's events", "[metrics][quality]") {
  test::EventScript s;
  const std::int64_t t0 = test::utc(2026, 5, 6, 9, 0);
  s.conv(t0, "conversation_opened", 9, "chat", "general")
      .conv(t0, "message_received", 9, "chat", "general")
      .conv(t0 + 2 * kSecond, "bot_message_sent", 9, "chat", "general", {}, R"({"article_id":4})")
      .conv(t0 + 3 * kSecond, "conversation_queued", 9, "chat", "general")
      .conv(t0 + 9 * kSecond, "conversation_assigned", 9, "chat", "general", 5)
      .conv(t0 + 70 * kSecond, "message_sent", 9, "chat", "general", 5)
      .conv(t0 + 100 * kSecond, "message_received", 9, "chat", "general")
      .conv(t0 + 120 * kSecond, "message_sent", 9, "chat", "general", 5)
      .conv(t0 + 200 * kSecond, "conversation_resolved", 9, "chat", "general", 5)
      .conv(t0 + 210 * kSecond, "survey_submitted", 9, "chat", "general", 5, R"({"rating":4})");
  QualityInput in = quality_input_from_events(s.events, 60 * kSecond, 30 * kSecond);
  CHECK(in.conversation_id == 9);
  CHECK(in.agent_id == 5);
  CHECK(in.first_response_ms == 70 * kSecond);  // the bot's answer does not count
  CHECK(in.reply_ms == std::vector<std::int64_t>{70 * kSecond, 20 * kSecond});
  CHECK(in.kb_answer_used);
  CHECK_FALSE(in.reopened);
  CHECK(in.csat == 4);
  QualityScore score = QualityScorer().score(in);
  CHECK(earned(score, "first_response_within_target") == 0);
  CHECK(earned(score, "replies_within_target") == Approx(0.5));

  s.events.back().conversation_id = 10;
  CHECK_THROWS_AS(quality_input_from_events(s.events, 1, 1), std::invalid_argument);
}

TEST_CASE("reviews are scored on the weighted scorecard and compared per agent",
          "[metrics][quality]") {
  test::MetricsDatabase db;
  QualityStore store(db);
  ReviewScorecard card({{"accuracy", 3}, {"tone", 1}});
  QualityScore automatic;
  automatic.conversation_id = 1;
  automatic.agent_id = 4;
  automatic.score = 70;
  store.save_score(automatic, 100);
  automatic.conversation_id = 2;
  automatic.score = 90;
  store.save_score(automatic, 100);
  CHECK(store.automatic_score(2) == 90);

  Review r{0, 1, 4, 99, 1000, {{"accuracy", 80}, {"tone", 40}}, "Check the tracking link first.",
           0};
  Review stored = store.add_review(r, card);
  CHECK(stored.score == Approx((3 * 80 + 40) / 4.0));  // 70
  CHECK(stored.id > 0);
  r.conversation_id = 2;
  r.marks = {{"accuracy", 100}, {"tone", 100}};
  r.comment = "很好";
  store.add_review(r, card);
  r.conversation_id = 3;  // no automatic score: reviewed but not compared
  r.marks = {{"accuracy", 0}, {"tone", 0}};
  store.add_review(r, card);

  auto seen = store.reviews_for_agent(4);
  REQUIRE(seen.size() == 3);
  CHECK(seen.back().comment == "Check the tracking link first.");
  CHECK(seen.back().marks.at("tone") == 40);

  auto calibration = store.calibration(0, 2000);
  REQUIRE(calibration.size() == 1);
  CHECK(calibration[0].reviews == 3);
  CHECK(calibration[0].review_mean == Approx((70 + 100 + 0) / 3.0));
  CHECK(calibration[0].compared == 2);
  CHECK(*calibration[0].automatic_mean == Approx(80));
  CHECK(*calibration[0].difference == Approx((70 + 100) / 2.0 - 80));
}

TEST_CASE("bad reviews are rejected and store nothing", "[metrics][quality]") {
  test::MetricsDatabase db;
  QualityStore store(db);
  ReviewScorecard card = ReviewScorecard::standard();
  Review ok{0,  1,    4,
            99, 1000, {{"accuracy", 80}, {"resolution", 80}, {"tone", 80}, {"process", 80}},
            "", 0};
  Review missing = ok;
  missing.marks.erase("tone");
  Review extra = ok;
  extra.marks["speed"] = 50;
  Review out_of_range = ok;
  out_of_range.marks["tone"] = 101;
  Review no_reviewer = ok;
  no_reviewer.reviewer_id = 0;
  Review bad_text = ok;
  bad_text.comment = "\xff\xfe";
  for (const Review& r : {missing, extra, out_of_range, no_reviewer, bad_text}) {
    CHECK_THROWS_AS(store.add_review(r, card), std::invalid_argument);
  }
  CHECK(store.reviews_for_agent(4).empty());
  CHECK_THROWS_AS(ReviewScorecard({}), std::invalid_argument);
  CHECK_THROWS_AS(ReviewScorecard({{"tone", 1}, {"tone", 2}}), std::invalid_argument);
  CHECK_THROWS_AS(ReviewScorecard({{"tone", 0}}), std::invalid_argument);
}

TEST_CASE("CSAT surveys are linked to the conversation and agent", "[metrics][quality]") {
  test::MetricsDatabase db;
  SurveyStore surveys(db);
  surveys.submit({11, 3, 5000, 4, "快递很快，谢谢", ""});
  surveys.submit({12, 3, 6000, 2, "", ""});
  surveys.submit({13, 8, 6500, 5, "great", ""});
  REQUIRE(surveys.find(11));
  CHECK(surveys.find(11)->rating == 4);
  CHECK(surveys.find(11)->comment == "快递很快，谢谢");
  CHECK(surveys.for_agent(3, 0, 10'000).size() == 2);
  CHECK(surveys.for_agent(3, 5500, 10'000).size() == 1);
  Event e = surveys.find(11)->to_event();
  CHECK(e.type == "survey_submitted");
  CHECK(e.data == R"({"rating":4})");

  CHECK_THROWS_AS(surveys.submit({11, 3, 7000, 5, "", ""}), std::invalid_argument);  // twice
  CHECK_THROWS_AS(surveys.submit({14, 3, 7000, 0, "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(surveys.submit({14, 3, 7000, 6, "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(surveys.submit({14, 0, 7000, 3, "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(surveys.submit({14, 3, 7000, 3, std::string(3000, 'a'), ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(surveys.submit({14, 3, 7000, 3, "\xc3\x28", ""}), std::invalid_argument);
  CHECK_FALSE(surveys.find(14));
  CHECK(surveys.find(11)->rating == 4);
}

}  // namespace kefu::metrics
