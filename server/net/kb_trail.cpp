#include "server/net/kb_trail.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace kefu::net {

KbTrail::KbTrail(std::size_t per_customer, std::int64_t keep_ms, std::size_t most_customers)
    : per_customer_(per_customer), keep_ms_(keep_ms), most_customers_(most_customers) {}

void KbTrail::answer_shown(std::int64_t customer, std::int64_t article, const std::string& title,
                           std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (customers_.size() >= most_customers_ && !customers_.contains(customer)) {
    std::erase_if(customers_, [&](const auto& entry) { return now - entry.second.at > keep_ms_; });
    if (customers_.size() >= most_customers_) {
      auto stalest = std::min_element(customers_.begin(), customers_.end(),
                                      [](auto& a, auto& b) { return a.second.at < b.second.at; });
      customers_.erase(stalest);
    }
  }
  Trail& trail = customers_[customer];
  if (now - trail.at > keep_ms_) trail.answers.clear();
  trail.at = now;
  // Shown again: keeps what the customer said of it, and becomes the newest.
  std::optional<bool> helped;
  auto same = std::find_if(trail.answers.begin(), trail.answers.end(),
                           [article](const Tried& t) { return t.article == article; });
  if (same != trail.answers.end()) {
    helped = same->helped;
    trail.answers.erase(same);
  }
  trail.answers.push_back(Tried{article, title, now, helped});
  if (trail.answers.size() > per_customer_) trail.answers.erase(trail.answers.begin());
}

void KbTrail::verdict(std::int64_t customer, std::int64_t article, bool helped, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto found = customers_.find(customer);
  if (found == customers_.end() || now - found->second.at > keep_ms_) return;
  for (Tried& t : found->second.answers) {
    if (t.article == article) t.helped = helped;
  }
}

std::vector<KbTrail::Tried> KbTrail::tried(std::int64_t customer, std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto found = customers_.find(customer);
  if (found == customers_.end() || now - found->second.at > keep_ms_) return {};
  return found->second.answers;
}

std::optional<boost::json::object> suggestions_frame(std::int64_t conversation_id,
                                                     const boost::json::array& articles,
                                                     const std::vector<KbTrail::Tried>& tried) {
  if (articles.empty() && tried.empty()) return std::nullopt;
  auto rejected = [&](const boost::json::value& a) {
    const auto id = a.at("id").to_number<std::int64_t>();
    return std::any_of(tried.begin(), tried.end(), [id](const KbTrail::Tried& t) {
      return t.article == id && t.helped == false;
    });
  };
  boost::json::array kept, last;
  for (const auto& a : articles) {
    if (!rejected(a)) {
      kept.push_back(a);
      continue;
    }
    boost::json::object moved = a.as_object();
    moved["rejected"] = true;
    moved["confident"] = false;
    last.push_back(std::move(moved));
  }
  for (auto& a : last) kept.push_back(std::move(a));
  boost::json::array trail;
  for (const auto& t : tried) {
    boost::json::object o{{"id", t.article}, {"title", t.title}, {"at", t.at}};
    o["helped"] = t.helped ? boost::json::value(*t.helped) : boost::json::value(nullptr);
    trail.push_back(std::move(o));
  }
  return boost::json::object{{"type", "suggestions"},
                             {"conversation_id", conversation_id},
                             {"articles", std::move(kept)},
                             {"tried", std::move(trail)}};
}

}  // namespace kefu::net
