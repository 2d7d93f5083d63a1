#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kefu::net {

// What a customer already tried in the widget before talking to a person: the automatic
// answers they were shown (GET /api/kb/search) and what they said of them (POST
// /api/kb/feedback). The agent sees it with the conversation's suggestions, and an article the
// customer said did not help is not suggested first again. Keeps the latest `per_customer`
// answers of each customer for `keep_ms`, at most `most_customers` customers (the stalest are
// forgotten first). Thread-safe; in memory, like ShownArticles: a restart forgets the trail,
// which costs an agent a hint, never a wrong one.
class KbTrail {
 public:
  struct Tried {
    std::int64_t article = 0;
    std::string title;
    std::int64_t at = 0;
    std::optional<bool> helped;  // none: the customer said nothing about it
  };

  explicit KbTrail(std::size_t per_customer = 5, std::int64_t keep_ms = 3600 * 1000,
                   std::size_t most_customers = 100000);
  KbTrail(const KbTrail&) = delete;
  KbTrail& operator=(const KbTrail&) = delete;

  // `customer` was shown article `article` (titled `title`) as an automatic answer.
  void answer_shown(std::int64_t customer, std::int64_t article, const std::string& title,
                    std::int64_t now);
  // `customer` said whether `article` helped; ignored for an article not shown to them.
  void verdict(std::int64_t customer, std::int64_t article, bool helped, std::int64_t now);
  // The customer's answers within the time kept, oldest first.
  std::vector<Tried> tried(std::int64_t customer, std::int64_t now) const;

 private:
  struct Trail {
    std::vector<Tried> answers;
    std::int64_t at = 0;
  };
  std::size_t per_customer_;
  std::int64_t keep_ms_;
  std::size_t most_customers_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Trail> customers_;  // GUARDED_BY(mutex_)
};

// The `suggestions` frame for a conversation (docs/protocol.md): `articles` best first, except
// that articles the customer said did not help go last, marked "rejected":true (and never
// "confident"); "tried" lists the automatic answers the customer saw, oldest first, with
// "helped" true, false or null. Nothing (nullopt) when there is neither an article nor a trail.
std::optional<boost::json::object> suggestions_frame(std::int64_t conversation_id,
                                                     const boost::json::array& articles,
                                                     const std::vector<KbTrail::Tried>& tried);

}  // namespace kefu::net
