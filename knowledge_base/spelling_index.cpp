#include "knowledge_base/spelling_index.hpp"

#include <algorithm>
#include <cstdint>

namespace kefu::kb {
namespace {

constexpr std::size_t kShortestIndexed = 3;
constexpr std::size_t kShortestCorrected = 4;
constexpr std::size_t kLongestTerm = 40;
// From this length on, a term may be two edits away from the word meant.
constexpr std::size_t kTwoEditsFrom = 8;

bool is_plain_word(const std::string& term) {
  return std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

int edit_distance(const std::string& a, const std::string& b, int limit) {
  const auto n = static_cast<int>(a.size());
  const auto m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the optimal string alignment table.
  std::vector<int> before(static_cast<std::size_t>(m) + 1), previous(before.size()),
      current(before.size());
  for (int j = 0; j <= m; ++j) previous[static_cast<std::size_t>(j)] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_best = i;
    for (int j = 1; j <= m; ++j) {
      const auto J = static_cast<std::size_t>(j);
      const int cost = a[static_cast<std::size_t>(i - 1)] == b[J - 1] ? 0 : 1;
      int d = std::min({previous[J] + 1, current[J - 1] + 1, previous[J - 1] + cost});
      if (i > 1 && j > 1 && a[static_cast<std::size_t>(i - 1)] == b[J - 2] &&
          a[static_cast<std::size_t>(i - 2)] == b[J - 1]) {
        d = std::min(d, before[J - 2] + 1);
      }
      current[J] = d;
      row_best = std::min(row_best, d);
    }
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[static_cast<std::size_t>(m)], limit + 1);
}

SpellingIndex::SpellingIndex(const TermCounts& counts) {
  for (const auto& [term, documents] : counts.all()) {
    if (term.size() < kShortestIndexed || term.size() > kLongestTerm || !is_plain_word(term)) {
      continue;
    }
    const auto index = static_cast<std::uint32_t>(terms_.size());
    terms_.push_back(Entry{term, documents});
    exact_.emplace(term, index);
    for (std::size_t i = 0; i < term.size(); ++i) {
      std::string shorter = term;
      shorter.erase(i, 1);
      auto& from = deletions_[shorter];
      if (from.empty() || from.back() != index) from.push_back(index);
    }
  }
}

void SpellingIndex::add_candidates(const std::string& key, std::vector<std::uint32_t>& out) const {
  if (const auto e = exact_.find(key); e != exact_.end()) out.push_back(e->second);
  if (const auto d = deletions_.find(key); d != deletions_.end()) {
    out.insert(out.end(), d->second.begin(), d->second.end());
  }
}

std::optional<std::string> SpellingIndex::correct(const std::string& term) const {
  return correct(term, std::string(), nullptr);
}

std::optional<std::string> SpellingIndex::correct(const std::string& term, const std::string& word,
                                                  const Stemmer& stem) const {
  if (term.size() < kShortestCorrected || term.size() > kLongestTerm || !is_plain_word(term) ||
      exact_.count(term) != 0) {
    return std::nullopt;
  }
  const int limit = term.size() >= kTwoEditsFrom ? 2 : 1;
  // An indexed term one edit away shares a one-deletion form with `term` (or is one); two
  // edits away, it shares a form with one of `term`'s one-deletion forms.
  std::vector<std::uint32_t> candidates;
  add_candidates(term, candidates);
  for (std::size_t i = 0; i < term.size(); ++i) {
    std::string shorter = term;
    shorter.erase(i, 1);
    add_candidates(shorter, candidates);
    if (limit < 2) continue;
    for (std::size_t k = i; k < shorter.size(); ++k) {
      std::string shortest = shorter;
      shortest.erase(k, 1);
      add_candidates(shortest, candidates);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::pair<int, std::uint32_t>> near;  // (distance, term)
  for (std::uint32_t c : candidates) {
    const int d = edit_distance(term, terms_[c].term, limit);
    if (d <= limit) near.emplace_back(d, c);
  }
  // The stems of the words one edit away from the word as written.
  if (stem && word.size() >= kShortestCorrected && word.size() <= kLongestTerm &&
      is_plain_word(word)) {
    std::vector<std::string> edits;
    for (std::size_t i = 0; i <= word.size(); ++i) {
      if (i < word.size()) edits.push_back(word.substr(0, i) + word.substr(i + 1));
      if (i + 1 < word.size()) {
        std::string swapped = word;
        std::swap(swapped[i], swapped[i + 1]);
        edits.push_back(std::move(swapped));
      }
      for (char c = 'a'; c <= 'z'; ++c) {
        if (i < word.size() && c != word[i]) {
          std::string changed = word;
          changed[i] = c;
          edits.push_back(std::move(changed));
        }
        edits.push_back(word.substr(0, i) + c + word.substr(i));
      }
    }
    for (const std::string& t : stem(edits)) {
      if (const auto e = exact_.find(t); e != exact_.end()) near.emplace_back(1, e->second);
    }
  }
  const Entry* best = nullptr;
  int best_distance = limit + 1;
  for (const auto& [d, c] : near) {
    const Entry& e = terms_[c];
    const bool better =
        best == nullptr || d < best_distance ||
        (d == best_distance && (e.documents > best->documents ||
                                (e.documents == best->documents && e.term < best->term)));
    if (better) {
      best = &e;
      best_distance = d;
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->term;
}

}  // namespace kefu::kb
