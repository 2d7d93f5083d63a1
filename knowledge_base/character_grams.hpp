#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kefu::kb {

// A text as the character n-grams it holds, for comparing a customer's question with an
// article's passages beyond whole words: grams catch inflections (`deliver` / `delivery`),
// typos (`matress`) and run-together words that word terms miss.
//
// Code points are folded first (full-width ASCII to ASCII, then Unicode simple case folding).
// Each word (a run of letters and digits outside Han) gives the 3- and 4-grams of the word
// padded with a space at both ends (a word of up to 2 characters is also one gram whole; a word
// of over 64 characters gives the grams of its first 64); each run of Han characters gives its
// single characters and its bigrams. Everything else separates words.
// Grams are kept as 32-bit hashes with their counts (two grams sharing a hash only blur a
// similarity a little). Invalid UTF-8 is skipped, never thrown. A value type.
class CharacterGrams {
 public:
  struct Gram {
    std::uint32_t hash = 0;
    std::uint32_t count = 0;
  };

  CharacterGrams() = default;
  // The grams of UTF-8 `text`.
  static CharacterGrams of(std::string_view text);
  // Appends the hash of every gram of `text` to `hashes`, unsorted and repeated as often as the
  // gram occurs (for counting into a buffer the caller reuses).
  static void collect(std::string_view text, std::vector<std::uint32_t>& hashes);

  // Distinct grams, sorted by hash.
  const std::vector<Gram>& grams() const { return grams_; }
  // Euclidean norm of the counts (0 for a text without grams).
  double norm() const { return norm_; }
  bool empty() const { return grams_.empty(); }

 private:
  std::vector<Gram> grams_;
  double norm_ = 0;
};

}  // namespace kefu::kb
