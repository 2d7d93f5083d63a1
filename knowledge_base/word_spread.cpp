#include "knowledge_base/word_spread.hpp"

#include <algorithm>
#include <cmath>

namespace kefu::kb {

WordSpread::WordSpread(const TermCounts& documents, double articles)
    : documents_(&documents), articles_(articles) {}

double WordSpread::weight(const std::string& term) const {
  const double holding = documents_->documents(term);
  if (articles_ < 2 || holding <= 0) return 1;
  return std::clamp(std::log(articles_ / holding) / std::log(articles_), 0.0, 1.0);
}

}  // namespace kefu::kb
