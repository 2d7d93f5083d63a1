#include "server/net/shown_articles.hpp"

#include <algorithm>

namespace kefu::net {

ShownArticles::ShownArticles(std::size_t per_visitor, std::int64_t keep_ms,
                             std::size_t most_visitors)
    : per_visitor_(per_visitor), keep_ms_(keep_ms), most_visitors_(most_visitors) {}

void ShownArticles::remember(const std::string& visitor_id,
                             const std::vector<std::int64_t>& articles, std::int64_t now,
                             const std::string& question) {
  std::lock_guard lock(mutex_);
  if (visitors_.size() >= most_visitors_ && !visitors_.contains(visitor_id)) {
    std::erase_if(visitors_, [&](const auto& entry) { return now - entry.second.at > keep_ms_; });
    if (visitors_.size() >= most_visitors_) {
      auto stalest = std::min_element(visitors_.begin(), visitors_.end(),
                                      [](auto& a, auto& b) { return a.second.at < b.second.at; });
      visitors_.erase(stalest);
    }
  }
  Seen& seen = visitors_[visitor_id];
  seen.at = now;
  for (std::int64_t id : articles) {
    // Shown again: now for this question, and the newest.
    std::erase_if(seen.articles, [id](const Shown& s) { return s.article == id; });
    seen.articles.push_back(Shown{id, question});
    if (seen.articles.size() > per_visitor_) seen.articles.pop_front();
  }
}

bool ShownArticles::was_shown(const std::string& visitor_id, std::int64_t article,
                              std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto found = visitors_.find(visitor_id);
  if (found == visitors_.end() || now - found->second.at > keep_ms_) return false;
  const auto& shown = found->second.articles;
  return std::any_of(shown.begin(), shown.end(),
                     [article](const Shown& s) { return s.article == article; });
}

std::string ShownArticles::question_for(const std::string& visitor_id, std::int64_t article,
                                        std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto found = visitors_.find(visitor_id);
  if (found == visitors_.end() || now - found->second.at > keep_ms_) return {};
  for (const Shown& s : found->second.articles) {
    if (s.article == article) return s.question;
  }
  return {};
}

}  // namespace kefu::net
