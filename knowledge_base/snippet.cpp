#include "knowledge_base/snippet.hpp"

#include <algorithm>
#include <map>

namespace kefu::kb {

std::string make_snippet(std::string_view text, const std::vector<Token>& tokens,
                         const std::unordered_set<std::string>& terms, int positions,
                         const std::string& open, const std::string& close) {
  if (tokens.empty()) return std::string(text.substr(0, std::min<std::size_t>(text.size(), 200)));
  // Positions: each non-colocated token starts one; remember which terms each position holds.
  std::vector<std::size_t> first_token;  // position -> index of its first token
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i == 0 || !tokens[i].colocated) first_token.push_back(i);
  }
  const std::size_t count = first_token.size();
  auto tokens_of = [&](std::size_t position) {
    const std::size_t end = position + 1 < count ? first_token[position + 1] : tokens.size();
    return std::pair{first_token[position], end};
  };
  // The window with the most distinct terms (sliding, counting each term's occurrences).
  const auto width = static_cast<std::size_t>(std::max(1, positions));
  std::map<std::string, int> in_window;
  std::size_t best_start = 0;
  std::size_t best_distinct = 0;
  for (std::size_t start = 0, end = 0; start < count; ++start) {
    while (end < count && end < start + width) {
      const auto [a, b] = tokens_of(end++);
      for (std::size_t i = a; i < b; ++i) {
        if (terms.count(tokens[i].term) != 0) ++in_window[tokens[i].term];
      }
    }
    if (in_window.size() > best_distinct) {
      best_distinct = in_window.size();
      best_start = start;
    }
    const auto [a, b] = tokens_of(start);
    for (std::size_t i = a; i < b; ++i) {
      auto it = in_window.find(tokens[i].term);
      if (it != in_window.end() && --it->second == 0) in_window.erase(it);
    }
  }
  const std::size_t last = std::min(count, best_start + width) - 1;
  const auto [from_token, unused] = tokens_of(best_start);
  (void)unused;
  const auto [last_first, last_end] = tokens_of(last);
  (void)last_first;
  const int begin = best_start == 0 ? 0 : tokens[from_token].start;
  int finish = 0;
  for (std::size_t i = from_token; i < last_end; ++i) finish = std::max(finish, tokens[i].end);
  if (last + 1 == count) finish = static_cast<int>(text.size());
  // Matched spans within the window, merged where they overlap or touch.
  std::vector<std::pair<int, int>> marks;
  for (std::size_t i = from_token; i < last_end; ++i) {
    if (terms.count(tokens[i].term) != 0) marks.emplace_back(tokens[i].start, tokens[i].end);
  }
  std::sort(marks.begin(), marks.end());
  std::vector<std::pair<int, int>> merged;
  for (const auto& m : marks) {
    if (!merged.empty() && m.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, m.second);
    } else {
      merged.push_back(m);
    }
  }
  std::string out = begin > 0 ? "…" : "";
  int at = begin;
  for (const auto& [s, e] : merged) {
    out.append(text.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(s - at)));
    out += open;
    out.append(text.substr(static_cast<std::size_t>(s), static_cast<std::size_t>(e - s)));
    out += close;
    at = e;
  }
  out.append(text.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(finish - at)));
  if (finish < static_cast<int>(text.size())) out += "…";
  return out;
}

}  // namespace kefu::kb
