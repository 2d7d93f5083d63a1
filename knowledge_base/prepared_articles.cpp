#include "knowledge_base/prepared_articles.hpp"

#include <stdexcept>
#include <utility>

namespace kefu::kb {

namespace {

std::size_t grams_of(const NearestPassageRerank::PreparedArticle& article) {
  std::size_t n = 0;
  for (const CharacterGrams& passage : article.passages) n += passage.grams().size();
  return n;
}

}  // namespace

PreparedArticles::PreparedArticles(std::size_t max_grams) : max_grams_(max_grams) {
  if (max_grams_ == 0) throw std::invalid_argument("PreparedArticles needs room for 1 gram");
}

void PreparedArticles::forget() {
  articles_.clear();
  grams_ = 0;
}

void PreparedArticles::enter(std::uint64_t generation) {
  if (generation == generation_) return;
  forget();
  generation_ = generation;
}

const NearestPassageRerank::PreparedArticle* PreparedArticles::find(std::int64_t id,
                                                                    std::uint64_t generation) {
  enter(generation);
  const auto it = articles_.find(id);
  return it == articles_.end() ? nullptr : &it->second;
}

const NearestPassageRerank::PreparedArticle& PreparedArticles::remember(
    std::int64_t id, std::uint64_t generation, NearestPassageRerank::PreparedArticle article) {
  enter(generation);
  const std::size_t grams = grams_of(article);
  if (const auto it = articles_.find(id); it != articles_.end()) {
    grams_ -= grams_of(it->second);
    articles_.erase(it);
  }
  if (grams_ + grams > max_grams_) forget();
  grams_ += grams;
  return articles_.insert_or_assign(id, std::move(article)).first->second;
}

}  // namespace kefu::kb
