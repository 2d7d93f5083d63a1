#pragma once

#include <array>
#include <optional>
#include <vector>

#include "knowledge_base/search_result.hpp"

namespace kefu::kb {

// A calibrated estimate of whether a search's first hit answers the question: logistic
// regression over ConfidenceFeatures, plus the threshold from which an automatic answer is
// sent. Fit it on training questions (never on the questions it will be judged on) with fit().
// A value type; safe to share read-only between threads.
class ConfidenceModel {
 public:
  static constexpr std::size_t kInputs = 7;  // bias + transformed features
  using Weights = std::array<double, kInputs>;

  // One training question: the features of its search, whether the knowledge base has an
  // answer for it, and whether hits[0] was that answer.
  struct Sample {
    ConfidenceFeatures features;
    bool answerable = true;
    bool correct = false;
  };

  // The model shipped for a knowledge base without training questions; see the .cpp.
  static ConfidenceModel shop_default();

  ConfidenceModel(const Weights& weights, double threshold);

  // Fits the weights to `samples` (at least one right and one wrong, else
  // std::invalid_argument), then picks the lowest threshold at which the automatic answers
  // among `samples` are at least `min_precision` right and at least `min_handoff` of the
  // questions without an answer are left to a person, both judged by the lower end of their
  // one-sided 95 % Wilson interval on the samples. When no threshold reaches both, the
  // threshold is 1.01 (never answer automatically).
  //
  // `no_answer_share` (in (0, 1), when given) is the share of real questions expected to have
  // no answer: the questions without an answer among `samples` are weighed so that they make
  // up that share when precision is judged, since precision falls as more of the questions
  // asked have no answer.
  static ConfidenceModel fit(const std::vector<Sample>& samples, double min_precision,
                             double min_handoff,
                             std::optional<double> no_answer_share = std::nullopt);

  // Probability in [0, 1] that the first hit is right.
  double probability(const ConfidenceFeatures& features) const;
  bool auto_answer(const ConfidenceFeatures& features) const {
    return probability(features) >= threshold_;
  }
  double threshold() const { return threshold_; }
  const Weights& weights() const { return weights_; }

 private:
  static std::array<double, kInputs> inputs(const ConfidenceFeatures& f);
  Weights weights_;
  double threshold_;
};

}  // namespace kefu::kb
