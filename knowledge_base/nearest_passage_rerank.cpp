#include "knowledge_base/nearest_passage_rerank.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/passage_similarity.hpp"

namespace kefu::kb {

namespace {

// The share of `question` (distinct terms, sorted) that `title` (distinct terms, sorted) holds.
double coverage(const std::vector<std::string>& question, const std::vector<std::string>& title) {
  if (question.empty()) return 0;
  std::size_t held = 0;
  for (const std::string& term : question) {
    held += std::binary_search(title.begin(), title.end(), term) ? 1 : 0;
  }
  return static_cast<double>(held) / static_cast<double>(question.size());
}

// The share of a title's Chinese words (distinct, sorted) that `question` (distinct terms,
// sorted) holds: how much of what the title names the question asks about. 0 for a title
// without such words.
double han_precision(const std::vector<std::string>& question,
                     const std::vector<std::string>& title_words) {
  if (title_words.empty()) return 0;
  std::size_t held = 0;
  for (const std::string& word : title_words) {
    held += std::binary_search(question.begin(), question.end(), word) ? 1 : 0;
  }
  return static_cast<double>(held) / static_cast<double>(title_words.size());
}

}  // namespace

NearestPassageRerank::NearestPassageRerank(std::size_t candidates, double similarity_share,
                                           double title_weight, Terms terms,
                                           const ArticleClassifier* classifier,
                                           double classifier_weight, const WordVectors* words,
                                           double meaning_weight, double title_precision_weight,
                                           IsWord is_word)
    : candidates_(candidates),
      similarity_share_(similarity_share),
      title_weight_(title_weight),
      terms_(std::move(terms)),
      classifier_(classifier),
      classifier_weight_(classifier_weight),
      words_(words),
      meaning_weight_(meaning_weight),
      title_precision_weight_(title_precision_weight),
      is_word_(std::move(is_word)) {
  if (!(similarity_share >= 0 && similarity_share <= 1)) {
    throw std::invalid_argument("the similarity's share is in [0, 1]");
  }
  if (!(title_weight >= 0)) throw std::invalid_argument("the title's weight is >= 0");
  if (!(classifier_weight >= 0)) throw std::invalid_argument("the classifier's weight is >= 0");
  if (!(meaning_weight >= 0)) throw std::invalid_argument("the meaning's weight is >= 0");
  if (!(title_precision_weight >= 0)) {
    throw std::invalid_argument("the title precision's weight is >= 0");
  }
}

NearestPassageRerank::PreparedArticle NearestPassageRerank::prepare(
    const std::vector<std::string_view>& passages) const {
  PreparedArticle article;
  article.passages.reserve(passages.size());
  for (const std::string_view text : passages) article.passages.push_back(CharacterGrams::of(text));
  if (words_ != nullptr && meaning_weight_ > 0 && !passages.empty()) {
    // The body's lines; the title only when there is no body.
    const std::size_t first = passages.size() > 1 ? 1 : 0;
    std::array<double, WordVectors::kDims> sum{};
    for (std::size_t k = first; k < passages.size(); ++k) {
      const WordVectors::Meaning line = words_->meaning_of(passages[k]);
      for (std::size_t d = 0; d < WordVectors::kDims; ++d) sum[d] += line[d];
    }
    double norm = 0;
    for (const double x : sum) norm += x * x;
    if (norm > 0) {
      for (std::size_t d = 0; d < WordVectors::kDims; ++d) {
        article.meaning[d] = static_cast<float>(sum[d] / std::sqrt(norm));
      }
    }
  }
  if (terms_ && (title_weight_ > 0 || title_precision_weight_ > 0) && !passages.empty()) {
    article.title_terms = terms_(passages[0]);
    std::sort(article.title_terms.begin(), article.title_terms.end());
    if (title_precision_weight_ > 0) {
      for (const std::string& term : article.title_terms) {
        if (has_han(term) && !is_single_han(term) && (!is_word_ || is_word_(term))) {
          article.title_words.push_back(term);
        }
      }
    }
  }
  return article;
}

NearestPassageRerank::Signals NearestPassageRerank::apply(
    std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
    const Passages& passages) const {
  PreparedArticle article;
  return apply(question, ranked, [&](std::int64_t id) {
    article = prepare(passages(id));
    return &article;
  });
}

NearestPassageRerank::Signals NearestPassageRerank::apply(
    std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
    const Prepared& prepared) const {
  Signals signals;
  const std::size_t n = std::min(ranked.size(), candidates_);
  if (n == 0 || ranked[0].first <= 0) return signals;
  PassageSimilarity nearest(question);
  const bool titles = terms_ && (title_weight_ > 0 || title_precision_weight_ > 0);
  std::vector<std::string> question_terms = titles ? terms_(question) : std::vector<std::string>{};
  std::sort(question_terms.begin(), question_terms.end());
  question_terms.erase(std::unique(question_terms.begin(), question_terms.end()),
                       question_terms.end());
  std::vector<double> title(n, 0.0);
  const bool meanings = words_ != nullptr && meaning_weight_ > 0;
  const WordVectors::Meaning asked =
      meanings ? words_->meaning_of(question) : WordVectors::Meaning{};
  std::vector<double> meaning(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const PreparedArticle* article = prepared(ranked[i].second);
    if (article == nullptr) {
      nearest.add(std::vector<CharacterGrams>{});
      continue;
    }
    nearest.add(article->passages);
    if (titles) {
      title[i] = title_weight_ * coverage(question_terms, article->title_terms) +
                 title_precision_weight_ * han_precision(question_terms, article->title_words);
    }
    if (meanings) {
      meaning[i] = meaning_weight_ * std::max(0.0, WordVectors::cosine(asked, article->meaning));
    }
  }
  const std::vector<double> s = nearest.similarities();
  std::vector<double> learnt(n, 0.0);
  if (classifier_ != nullptr && classifier_weight_ > 0) {
    std::vector<std::int64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = ranked[i].second;
    learnt = classifier_->probabilities(CharacterGrams::of(question), ids);
    for (double& p : learnt) p *= classifier_weight_;
  }
  const double best = ranked[0].first;
  for (std::size_t i = 0; i < n; ++i) {
    signals.similarity[ranked[i].second] = s[i];
    signals.learnt[ranked[i].second] = learnt[i];
    ranked[i].first = (1 - similarity_share_) * ranked[i].first / best + similarity_share_ * s[i] +
                      title[i] + learnt[i] + meaning[i];
  }
  // Past the candidates: scored as if their similarity and title coverage were 0, which keeps
  // them below every candidate (each one's bm25 part alone is at least as high) and in order.
  for (std::size_t i = n; i < ranked.size(); ++i) {
    ranked[i].first = (1 - similarity_share_) * ranked[i].first / best;
  }
  std::sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n),
            [](const auto& x, const auto& y) {
              return x.first != y.first ? x.first > y.first : x.second < y.second;
            });
  return signals;
}

}  // namespace kefu::kb
