#include "knowledge_base/evaluation.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "knowledge_base/han_script.hpp"

namespace kefu::kb {
namespace {

// Precision and hand-off asked of the calibration questions: the product's targets (automatic
// answers at least 90 % right, at least half of the questions without an answer left to a
// person), each asked of the lower end of its 95 % interval on those questions. Fixed from the
// targets, never from the test questions.
constexpr double kMinPrecision = 0.90;
constexpr double kMinHandoff = 0.5;
// Share of real questions assumed to have no answer in the knowledge base when precision is
// judged (ConfidenceModel::fit): greetings, chatter and questions the shop never wrote about.
constexpr double kNoAnswerShare = 0.5;

// Calibration runs in two rotations (calibration_set), so that every line of an article with
// four or more is asked once and twice as many questions fit the model; with one, the
// threshold followed the noise of a few questions (dev split: precision 0.91 / 0.88 with one,
// 0.98 / 0.92 with two, Curekart / SOFMattress).
constexpr std::size_t kRotations = 2;

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::vector<std::string> lines_of(const std::string& body) {
  std::vector<std::string> out;
  std::stringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
  }
  return out;
}

// The calibration index's articles and the questions asked of it (see evaluate()), in one of
// two rotations: rotation r asks lines i with i % 2 != r and leaves out articles a with
// a % 5 == 4 - 2r. A title with Han characters is asked too, the article titled by its first
// line instead: a Chinese help centre's title is a customer's question in a few words (退款多久
// 到账, 尺码怎么选), the closest the articles come to one, where a body line is a statement and
// the intent sets' titles are labels (those stay unasked, so English figures are unchanged).
// With five lines an article the lines alone were too few, and too unlike questions, for the
// lower end of the precision interval to reach 0.90 (zh-shop dev: no automatic answers; with
// titles 0.952 precise at coverage 0.627; knowledge_base/README.md, round 3).
EvalSet calibration_set(const EvalSet& set, std::size_t rotation) {
  EvalSet calibration;
  for (std::size_t a = 0; a < set.articles.size(); ++a) {
    const EvalSet::Article& article = set.articles[a];
    const std::vector<std::string> lines = lines_of(article.body);
    const bool left_out = a % 5 == 4 - 2 * rotation;
    EvalSet::Article kept{article.id, article.title, ""};
    if (has_han(article.title) && !lines.empty()) {
      calibration.queries.push_back({article.title, left_out ? std::string() : article.id});
      kept.title = lines.front();
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i % 2 != rotation && lines.size() >= 4) {
        calibration.queries.push_back({lines[i], left_out ? std::string() : article.id});
      } else {
        kept.body += lines[i];
        kept.body += '\n';
      }
    }
    if (!left_out) calibration.articles.push_back(std::move(kept));
  }
  return calibration;
}

ConfidenceModel::Sample sample(Retriever& retriever, const EvalSet::Query& q) {
  const Ranking r = retriever.rank(q.text);
  ConfidenceModel::Sample s;
  s.features = r.features;
  s.answerable = !q.article_id.empty();
  s.correct = s.answerable && !r.ids.empty() && r.ids[0] == q.article_id;
  return s;
}

}  // namespace

EvalFigures evaluate(const EvalSet& set, const RetrieverFactory& make, double min_precision,
                     double min_handoff, std::size_t* calibration_queries) {
  EvalFigures figures;
  // 1. Fit the confidence model on questions made from the articles.
  std::vector<ConfidenceModel::Sample> samples;
  for (std::size_t rotation = 0; rotation < kRotations; ++rotation) {
    const EvalSet calibration = calibration_set(set, rotation);
    auto retriever = make(calibration.articles);
    for (const auto& q : calibration.queries) samples.push_back(sample(*retriever, q));
  }
  if (calibration_queries != nullptr) *calibration_queries = samples.size();
  ConfidenceModel model = ConfidenceModel::shop_default();
  try {
    model = ConfidenceModel::fit(samples, min_precision, min_handoff, kNoAnswerShare);
  } catch (const std::invalid_argument&) {
    // Too few calibration questions to fit: the shipped model decides.
  }
  figures.threshold = model.threshold();
  figures.weights = model.weights();
  // 2. Index every article and ask the queries.
  const auto build_start = Clock::now();
  auto retriever = make(set.articles);
  figures.build_ms = ms_since(build_start);
  double answerable = 0, no_answer = 0, right1 = 0, right5 = 0, reciprocal = 0;
  double sent = 0, sent_right = 0, sent_answerable = 0, held_no_answer = 0;
  double query_ms = 0;
  for (const EvalSet::Query& q : set.queries) {
    const auto start = Clock::now();
    const Ranking r = retriever->rank(q.text);
    query_ms += ms_since(start);
    const bool auto_answer = !r.ids.empty() && model.auto_answer(r.features);
    if (q.article_id.empty()) {
      ++no_answer;
      if (!auto_answer) ++held_no_answer;
      if (auto_answer) ++sent;
      continue;
    }
    ++answerable;
    for (std::size_t i = 0; i < r.ids.size() && i < 10; ++i) {
      if (r.ids[i] != q.article_id) continue;
      if (i == 0) ++right1;
      if (i < 5) ++right5;
      reciprocal += 1.0 / static_cast<double>(i + 1);
      break;
    }
    if (auto_answer) {
      ++sent;
      ++sent_answerable;
      if (r.ids[0] == q.article_id) ++sent_right;
    }
  }
  if (answerable > 0) {
    figures.r1 = right1 / answerable;
    figures.r5 = right5 / answerable;
    figures.mrr10 = reciprocal / answerable;
    figures.auto_coverage = sent_answerable / answerable;
  }
  if (sent > 0) figures.auto_precision = sent_right / sent;
  if (no_answer > 0) figures.no_answer_handoff = held_no_answer / no_answer;
  if (!set.queries.empty()) figures.query_ms = query_ms / static_cast<double>(set.queries.size());
  return figures;
}

EvalReport evaluate_both(const EvalSet& set, const std::shared_ptr<const WordVectors>& words,
                         const std::vector<EvalSet::Query>& picks) {
  EvalReport report;
  report.articles = set.articles.size();
  report.queries = set.queries.size();
  for (const auto& q : set.queries) report.answerable += q.article_id.empty() ? 0 : 1;
  const RetrieverFactory ours = [&words, &picks](const std::vector<EvalSet::Article>& articles) {
    std::unique_ptr<Retriever> r = make_kefu_retriever(articles, words);
    for (const EvalSet::Query& pick : picks) r->learn(pick.text, pick.article_id);
    return r;
  };
  report.ours = evaluate(set, ours, kMinPrecision, kMinHandoff, &report.calibration_queries);
  report.baseline = evaluate(set, make_baseline_retriever, kMinPrecision, kMinHandoff);
  return report;
}

}  // namespace kefu::kb
