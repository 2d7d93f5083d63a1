#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "knowledge_base/character_grams.hpp"

namespace kefu::kb {

// How close a question is to each candidate article's nearest passage, in character grams
// (CharacterGrams): a nearest-neighbour view of the candidates that a search blends with its
// bm25 order. Short, informal questions often resemble one line of the right article more
// than their words suggest, and grams also match inflections and typos.
//
// The question's grams are weighed by their inverse frequency among the passages of these
// candidates (log(1 + passages / passages holding the gram); a gram in none gets the highest
// weight, so words no candidate has pull every similarity down), the passages' grams by their
// counts. A passage's similarity is the cosine of the two, in [0, 1]; a candidate's is its best
// passage's. Idf from the candidates alone needs no state beyond them: it says which grams tell
// these candidates apart, which is what ordering them needs. Passages are read once, when
// added, and not kept. Usage: construct, add() each candidate, then similarities().
class PassageSimilarity {
 public:
  explicit PassageSimilarity(std::string_view question);

  // Adds the next candidate, as the texts of its passages (none: similarity 0).
  void add(const std::vector<std::string_view>& passages);
  // The same, with each passage's grams already counted (CharacterGrams::of of its text).
  void add(const std::vector<CharacterGrams>& passages);

  // The similarity of every candidate added, in the order added, each in [0, 1].
  std::vector<double> similarities() const;

 private:
  // One passage sharing grams with the question: its entries in shared_ run from first to last.
  struct PassageMatch {
    std::size_t candidate;
    double norm;
    std::size_t first;
    std::size_t last;
  };
  CharacterGrams question_;
  std::size_t candidates_ = 0;
  double passages_ = 0;
  std::vector<double> holding_;  // per question gram: passages holding it
  std::vector<PassageMatch> matches_;
  std::vector<std::pair<std::size_t, std::uint32_t>> shared_;  // (question gram, count)
};

}  // namespace kefu::kb
