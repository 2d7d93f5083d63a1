#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "knowledge_base/nearest_passage_rerank.hpp"

namespace kefu::kb {

// The articles the re-rank has read (NearestPassageRerank::PreparedArticle: the grams of each
// line, the title's terms), kept for one state of the index, so that a search does not count
// the grams of the same candidates' lines again: on a knowledge base of long articles that was
// most of a search's time. Entries are valid for one `generation` (a number the knowledge base
// changes whenever its articles or vocabulary change); asking with another forgets them all. At
// most `max_grams` grams are kept in all: when a new article would pass that, it forgets the
// others and starts again. Not thread-safe: one per KnowledgeBase, used by one thread at a time.
class PreparedArticles {
 public:
  // Throws std::invalid_argument when `max_grams` is 0.
  explicit PreparedArticles(std::size_t max_grams);

  // Article `id` as prepared in this generation, or nullptr.
  const NearestPassageRerank::PreparedArticle* find(std::int64_t id, std::uint64_t generation);
  // Keeps `article` for `id` in this generation and returns the kept copy (valid until the next
  // remember() or a find() in another generation).
  const NearestPassageRerank::PreparedArticle& remember(
      std::int64_t id, std::uint64_t generation, NearestPassageRerank::PreparedArticle article);

  std::size_t size() const { return articles_.size(); }
  // Grams kept in all.
  std::size_t grams() const { return grams_; }

 private:
  void enter(std::uint64_t generation);
  void forget();

  std::size_t max_grams_;
  std::uint64_t generation_ = 0;
  std::size_t grams_ = 0;
  std::unordered_map<std::int64_t, NearestPassageRerank::PreparedArticle> articles_;
};

}  // namespace kefu::kb
