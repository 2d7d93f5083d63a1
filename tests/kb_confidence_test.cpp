#include <catch2/catch.hpp>

#include "knowledge_base/confidence_model.hpp"

using kefu::kb::ConfidenceFeatures;
using kefu::kb::ConfidenceModel;

namespace {
ConfidenceModel::Sample sample(double score, double coverage, bool answerable, bool correct) {
  ConfidenceModel::Sample s;
  s.features.top_score = score;
  s.features.coverage = coverage;
  s.features.gap = coverage / 2;
  s.features.term_count = 4;
  s.answerable = answerable;
  s.correct = correct;
  return s;
}
}  // namespace

TEST_CASE("the fitted threshold meets the precision asked on its training data",
          "[kb][confidence]") {
  std::vector<ConfidenceModel::Sample> samples;
  for (int i = 0; i < 40; ++i) samples.push_back(sample(8 + i % 5, 0.9, true, i % 10 != 0));
  for (int i = 0; i < 40; ++i) samples.push_back(sample(2 + i % 3, 0.3, true, i % 2 == 0));
  for (int i = 0; i < 40; ++i) samples.push_back(sample(1 + i % 3, 0.2, false, false));
  const ConfidenceModel model = ConfidenceModel::fit(samples, 0.85, 0.5);
  double sent = 0, right = 0, no_answer_sent = 0;
  for (const auto& s : samples) {
    if (!model.auto_answer(s.features)) continue;
    ++sent;
    right += s.correct ? 1 : 0;
    no_answer_sent += s.answerable ? 0 : 1;
  }
  REQUIRE(sent > 0);
  CHECK(right / sent >= 0.85);
  CHECK(no_answer_sent / 40 <= 0.5);
  // Strong matches are more probable than weak ones.
  CHECK(model.probability(samples[0].features) > model.probability(samples[45].features));
}

TEST_CASE("no threshold is chosen when precision cannot be reached", "[kb][confidence]") {
  std::vector<ConfidenceModel::Sample> samples;
  for (int i = 0; i < 20; ++i) samples.push_back(sample(5, 0.5, true, i % 2 == 0));
  const ConfidenceModel model = ConfidenceModel::fit(samples, 0.99, 0.5);
  CHECK(model.threshold() > 1.0);
  CHECK_FALSE(model.auto_answer(samples[0].features));
}

TEST_CASE("fitting needs right and wrong answers, an empty search never answers",
          "[kb][confidence]") {
  CHECK_THROWS_AS(ConfidenceModel::fit({sample(5, 1, true, true)}, 0.9, 0.5),
                  std::invalid_argument);
  CHECK(ConfidenceModel::shop_default().probability(ConfidenceFeatures{}) == 0);
}

TEST_CASE("expecting more questions without an answer raises the threshold", "[kb][confidence]") {
  // Questions without an answer look like weak answerable ones: precision on a question mix
  // with more of them needs a stricter threshold.
  std::vector<ConfidenceModel::Sample> samples;
  for (int i = 0; i < 200; ++i)
    samples.push_back(sample(4 + i % 10, 0.4 + (i % 10) * 0.06, true, true));
  for (int i = 0; i < 20; ++i) samples.push_back(sample(1 + i % 3, 0.2, true, false));
  for (int i = 0; i < 20; ++i)
    samples.push_back(sample(4 + i % 6, 0.4 + (i % 6) * 0.06, false, false));
  const ConfidenceModel as_sampled = ConfidenceModel::fit(samples, 0.85, 0.5);
  const ConfidenceModel half = ConfidenceModel::fit(samples, 0.85, 0.5, 0.5);
  const ConfidenceModel few = ConfidenceModel::fit(samples, 0.85, 0.5, 0.05);
  CHECK(half.threshold() > as_sampled.threshold());
  CHECK(few.threshold() <= as_sampled.threshold());
  auto sent_without_answer = [&](const ConfidenceModel& m) {
    int n = 0;
    for (const auto& s : samples) n += !s.answerable && m.auto_answer(s.features) ? 1 : 0;
    return n;
  };
  CHECK(sent_without_answer(half) < sent_without_answer(as_sampled));
  CHECK_THROWS_AS(ConfidenceModel::fit(samples, 0.85, 0.5, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(ConfidenceModel::fit(samples, 0.85, 0.5, 0.0), std::invalid_argument);
}
