#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "knowledge_base/term_counts.hpp"

namespace kefu::kb {

// Typo tolerance for customers' questions: finds, for a Latin query term the index does not
// hold (`matress`, `refnd`), the indexed term it was most likely meant to be.
//
// Holds the index's Latin terms (a–z only, as TextTokenizer stems English words) with every
// form they take with one letter deleted, so a lookup costs a few dozen hash probes, not a
// pass over the vocabulary. A term of 4 letters or more is corrected to one at edit distance 1
// (insertion, deletion, substitution or swap of neighbours); one of 8 or more also to one at
// distance 2 that deleting two of its letters, or one of each, reaches. Among those the
// nearest wins, then the one in most articles, then the first in alphabetical order. A value
// type: a snapshot of the index's terms.
class SpellingIndex {
 public:
  SpellingIndex() = default;
  // Indexes every a–z term of at least 3 letters in `counts`.
  explicit SpellingIndex(const TermCounts& counts);

  // The indexed term `term` most likely misspells, or nothing when `term` is not a–z, is
  // shorter than 4 letters, is itself indexed, or has no indexed term near enough.
  std::optional<std::string> correct(const std::string& term) const;

  // Turns words into the terms the index holds (TextTokenizer::latin_terms: stems).
  using Stemmer = std::function<std::vector<std::string>(const std::vector<std::string>&)>;

  // As correct(term), and also tries every word one edit away from `word`, the question's word
  // before stemming (`term` is its stem): a typo often changes the stem (`delvier` stems to
  // itself, `deliver` to `deliv`), so the stems of the word's neighbours find what the stem
  // alone misses.
  std::optional<std::string> correct(const std::string& term, const std::string& word,
                                     const Stemmer& stem) const;

  std::size_t size() const { return terms_.size(); }

 private:
  struct Entry {
    std::string term;
    double documents = 0;
  };
  void add_candidates(const std::string& key, std::vector<std::uint32_t>& out) const;

  std::vector<Entry> terms_;
  std::unordered_map<std::string, std::uint32_t> exact_;
  // Each term with one letter deleted -> the terms it came from.
  std::unordered_map<std::string, std::vector<std::uint32_t>> deletions_;
};

// Optimal string alignment distance between two byte strings (insertions, deletions,
// substitutions and swaps of neighbouring bytes), or `limit + 1` when it exceeds `limit`.
int edit_distance(const std::string& a, const std::string& b, int limit);

}  // namespace kefu::kb
