#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kefu::kb {

// The last step of a search: its best candidates, ordered by bm25, re-ordered by a blend of
// that score and how close the question is to each candidate's nearest passage in character
// grams (PassageSimilarity). Short, informal questions often resemble one line of the right
// article more than their shared words show. A value type.
class NearestPassageRerank {
 public:
  // The passages of article `id` (its title and body lines). The views need to stay valid only
  // until the next call.
  using Passages = std::function<std::vector<std::string_view>(std::int64_t id)>;

  // Re-ranks the first `candidates` of a ranking; the similarity makes `similarity_share` (in
  // [0, 1]) of their new score, bm25 relative to the best the rest.
  NearestPassageRerank(std::size_t candidates, double similarity_share);

  // `ranked` holds (score, article id), best first, scores >= 0. Its first candidates get
  // score (1 - share) * score / best + share * similarity and are sorted again (ties by id);
  // the rest stay below them, unchanged. Returns the similarity of each candidate re-ranked, by
  // article id (empty when the best score is not positive: nothing to compare).
  std::unordered_map<std::int64_t, double> apply(
      std::string_view question, std::vector<std::pair<double, std::int64_t>>& ranked,
      const Passages& passages) const;

 private:
  std::size_t candidates_;
  double similarity_share_;
};

}  // namespace kefu::kb
