#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kefu::net {

// Which knowledge-base articles each visitor's own searches showed them lately, so that a
// visitor gives feedback only on an article they were shown (POST /api/kb/feedback). Keeps the
// latest `per_visitor` articles of each visitor for `keep_ms` after their last search, and at
// most `most_visitors` visitors (the stalest are forgotten first: their feedback is then
// refused, which costs a real visitor nothing but a lost vote). With each article it keeps the
// question whose search showed it last, which a "helped" makes evidence for the article
// (learned questions). Thread-safe.
class ShownArticles {
 public:
  explicit ShownArticles(std::size_t per_visitor = 30, std::int64_t keep_ms = 3600 * 1000,
                         std::size_t most_visitors = 100000);
  ShownArticles(const ShownArticles&) = delete;
  ShownArticles& operator=(const ShownArticles&) = delete;

  // `articles` were shown to `visitor_id` for `question` (the search's text).
  void remember(const std::string& visitor_id, const std::vector<std::int64_t>& articles,
                std::int64_t now, const std::string& question = "");
  // True when a search of `visitor_id` showed `article` within the time kept.
  bool was_shown(const std::string& visitor_id, std::int64_t article, std::int64_t now) const;
  // The question of the latest search of `visitor_id` that showed `article` within the time
  // kept; empty when none did.
  std::string question_for(const std::string& visitor_id, std::int64_t article,
                           std::int64_t now) const;

 private:
  struct Shown {
    std::int64_t article = 0;
    std::string question;
  };
  struct Seen {
    std::deque<Shown> articles;
    std::int64_t at = 0;
  };

  std::size_t per_visitor_;
  std::int64_t keep_ms_;
  std::size_t most_visitors_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Seen> visitors_;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::net
