#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "knowledge_base/confidence_model.hpp"
#include "knowledge_base/eval_set.hpp"
#include "knowledge_base/retriever.hpp"

namespace kefu::kb {

// How well one way of searching did on an EvalSet's queries.
struct EvalFigures {
  double r1 = 0;     // answerable queries whose right article is first
  double r5 = 0;     // ... among the first five
  double mrr10 = 0;  // mean of 1/rank of the right article within ten (0 beyond)
  // Automatic answers at the threshold fitted on training questions:
  std::optional<double> auto_precision;     // answers that were right (none sent: empty)
  std::optional<double> auto_coverage;      // answerable queries that got an automatic answer
  std::optional<double> no_answer_handoff;  // no-answer queries left to a person (none: empty)
  double threshold = 0;                     // the fitted probability threshold
  ConfidenceModel::Weights weights{};       // the fitted model's weights
  double build_ms = 0;                      // building the index of all articles
  double query_ms = 0;                      // mean time of one search
};

struct EvalReport {
  std::size_t articles = 0;
  std::size_t queries = 0;
  std::size_t answerable = 0;
  std::size_t calibration_queries = 0;
  EvalFigures ours;
  EvalFigures baseline;
};

using RetrieverFactory =
    std::function<std::unique_ptr<Retriever>(const std::vector<EvalSet::Article>&)>;

// Measures one way of searching. The confidence model is fitted without looking at the
// queries: on calibration questions made from the articles' own text (every second line of each
// article is held out of the index and asked, and every fifth article is left out entirely so
// that its held-out lines are questions without an answer; done twice, with the other lines and
// another fifth of the articles held out), asking for `min_precision` and `min_handoff` there.
// Then the index of all articles answers every query.
EvalFigures evaluate(const EvalSet& set, const RetrieverFactory& make, double min_precision,
                     double min_handoff, std::size_t* calibration_queries = nullptr);

// Kefu's search (reading meaning from `words`, which may be null) and the baseline on the same
// set, in the same run. Every index Kefu's search builds (the calibration's too) first learns
// `picks` as agents' picks (Retriever::learn): questions answered with an article.
EvalReport evaluate_both(const EvalSet& set, const std::shared_ptr<const WordVectors>& words,
                         const std::vector<EvalSet::Query>& picks = {});

}  // namespace kefu::kb
