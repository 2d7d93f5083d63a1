#include "knowledge_base/confidence_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kefu::kb {
namespace {

// Lower end of the one-sided 95 % Wilson score interval of `hits` successes in `n` trials.
double wilson_lower(double hits, double n) {
  if (n <= 0) return 0;
  constexpr double z = 1.645;
  const double p = hits / n;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * n);
  const double spread = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}

}  // namespace

ConfidenceModel ConfidenceModel::shop_default() {
  // Fitted by `kefu kb eval` on the calibration questions it draws from the HINT3 Curekart
  // training sentences (tests/data/kb-eval/hint3; two rotations), asking what evaluation.cpp
  // asks (0.9 precision and 0.5 hand-off at the lower end of their 95 % intervals, precision
  // judged as if half of the questions had no answer); the test questions played no part.
  // Inputs: bias, log(1 + bm25), gap, coverage, log(1 + terms), passage similarity, its gap.
  return ConfidenceModel({-4.139, 1.513, 2.061, 0.601, -0.497, 3.714, 1.495}, 0.865);
}

ConfidenceModel::ConfidenceModel(const Weights& weights, double threshold)
    : weights_(weights), threshold_(threshold) {}

std::array<double, ConfidenceModel::kInputs> ConfidenceModel::inputs(const ConfidenceFeatures& f) {
  return {1.0,
          std::log1p(std::max(0.0, f.top_score)),
          f.gap,
          f.coverage,
          std::log1p(f.term_count),
          f.similarity,
          f.similarity_gap};
}

double ConfidenceModel::probability(const ConfidenceFeatures& features) const {
  if (features.top_score <= 0) return 0;
  const auto x = inputs(features);
  double z = 0;
  for (std::size_t i = 0; i < kInputs; ++i) z += weights_[i] * x[i];
  return 1.0 / (1.0 + std::exp(-z));
}

ConfidenceModel ConfidenceModel::fit(const std::vector<Sample>& samples, double min_precision,
                                     double min_handoff, std::optional<double> no_answer_share) {
  if (no_answer_share && !(*no_answer_share > 0 && *no_answer_share < 1)) {
    throw std::invalid_argument("the share of questions without an answer is in (0, 1)");
  }
  std::size_t right = 0;
  for (const Sample& s : samples) right += s.correct ? 1 : 0;
  if (right == 0 || right == samples.size()) {
    throw std::invalid_argument("confidence needs right and wrong training answers");
  }
  // Logistic regression by full-batch gradient descent with a little L2, on the samples that
  // have a hit at all (an empty search never answers).
  std::vector<std::pair<std::array<double, kInputs>, double>> data;
  for (const Sample& s : samples) {
    if (s.features.top_score > 0) data.emplace_back(inputs(s.features), s.correct ? 1.0 : 0.0);
  }
  Weights w{};
  const double rate = 0.5;
  const double l2 = 1e-4;
  for (int epoch = 0; epoch < 3000 && !data.empty(); ++epoch) {
    Weights grad{};
    for (const auto& [x, y] : data) {
      double z = 0;
      for (std::size_t i = 0; i < kInputs; ++i) z += w[i] * x[i];
      const double err = 1.0 / (1.0 + std::exp(-z)) - y;
      for (std::size_t i = 0; i < kInputs; ++i) grad[i] += err * x[i];
    }
    for (std::size_t i = 0; i < kInputs; ++i) {
      w[i] -= rate * (grad[i] / static_cast<double>(data.size()) + (i == 0 ? 0 : l2 * w[i]));
    }
  }
  // Threshold: walk the samples from the most probable down and keep the lowest probability
  // at which both conditions still hold (the most automatic answers).
  const ConfidenceModel unthresholded(w, 1.01);
  std::vector<std::pair<double, const Sample*>> scored;
  double no_answer = 0;
  for (const Sample& s : samples) {
    scored.emplace_back(unthresholded.probability(s.features), &s);
    no_answer += s.answerable ? 0 : 1;
  }
  std::sort(scored.begin(), scored.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  // Weight of one question without an answer when precision is judged.
  const double answerable = static_cast<double>(samples.size()) - no_answer;
  const double no_answer_weight =
      no_answer_share && no_answer > 0 && answerable > 0
          ? *no_answer_share / (1 - *no_answer_share) * answerable / no_answer
          : 1.0;
  double threshold = 1.01;
  double answered = 0;
  double answered_right = 0;
  double answered_no_answer = 0;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    const Sample& s = *scored[i].second;
    answered += s.answerable ? 1 : no_answer_weight;
    answered_right += s.correct ? 1 : 0;
    answered_no_answer += s.answerable ? 0 : 1;
    const bool last_of_tie = i + 1 == scored.size() || scored[i + 1].first < scored[i].first;
    if (!last_of_tie || scored[i].first <= 0) continue;
    // Both asked of the worst case the samples allow (the lower end of a one-sided 95 %
    // Wilson interval), not of the samples' own rates: few answers at a threshold must not pass
    // for high precision.
    const double precision = wilson_lower(answered_right, answered);
    const double handoff =
        no_answer == 0 ? 1.0 : wilson_lower(no_answer - answered_no_answer, no_answer);
    if (precision >= min_precision && handoff >= min_handoff) threshold = scored[i].first;
  }
  return ConfidenceModel(w, threshold);
}

}  // namespace kefu::kb
