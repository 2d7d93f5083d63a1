#include "server/care/condition_check.hpp"

#include <algorithm>

namespace kefu::care {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

bool among(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// True when the customer's last order is older than their quiet threshold: `min_days`, or
// `rhythm_factor` times their average gap between orders when that is longer.
bool quiet_enough(const QuietSpell& spell, const CustomerFacts& c, std::int64_t now) {
  if (!c.last_order_at) return false;
  double threshold = static_cast<double>(spell.min_days) * kDayMs;
  if (c.order_count >= 2 && c.first_order_at) {
    const double gap = static_cast<double>(*c.last_order_at - *c.first_order_at) /
                       static_cast<double>(c.order_count - 1);
    threshold = std::max(threshold, gap * spell.rhythm_factor);
  }
  return static_cast<double>(now - *c.last_order_at) >= threshold;
}

}  // namespace

std::optional<std::string> first_failed_condition(const Conditions& c, const ConditionSubject& s) {
  const CustomerFacts& who = s.customer;
  if (!c.segments.empty() && !among(c.segments, who.segment)) return "segments";
  for (const auto& tag : c.tags_all)
    if (!who.tags.contains(tag)) return "tags_all";
  for (const auto& tag : c.tags_none)
    if (who.tags.contains(tag)) return "tags_none";
  if (!c.locales.empty() && !among(c.locales, who.locale.empty() ? s.default_locale : who.locale))
    return "locales";
  if (!c.channels.empty() && (!s.conversation || !among(c.channels, s.conversation->channel)))
    return "channels";
  if (!c.conversation_statuses.empty() &&
      (!s.conversation || !among(c.conversation_statuses, s.conversation->status)))
    return "conversation_statuses";
  if (!c.waiting_on.empty() && (!s.conversation || s.conversation->waiting_on != c.waiting_on))
    return "waiting_on";
  if (c.min_order_cents && (!s.order || s.order->total_cents < *c.min_order_cents))
    return "min_order_cents";
  if (c.max_order_cents && (!s.order || s.order->total_cents > *c.max_order_cents))
    return "max_order_cents";
  if (!c.order_statuses.empty() &&
      (!s.order || (!among(c.order_statuses, s.order->financial_status) &&
                    !among(c.order_statuses, s.order->fulfillment_status))))
    return "order_statuses";
  if (!c.order_items.empty()) {
    bool found = false;
    if (s.order) {
      for (const auto& line : s.order->lines)
        for (const auto& wanted : c.order_items)
          if (line.sku.find(wanted) != std::string::npos ||
              line.title.find(wanted) != std::string::npos)
            found = true;
    }
    if (!found) return "order_items";
  }
  if (c.no_newer_order && who.last_order_at) {
    const bool newer = s.order ? (who.last_order_id && *who.last_order_id != s.order->id &&
                                  *who.last_order_at > s.order->created_at)
                               : *who.last_order_at > s.triggered_at;
    if (newer) return "no_newer_order";
  }
  if (c.no_open_conversation && who.has_open_conversation) return "no_open_conversation";
  if (c.quiet && !quiet_enough(*c.quiet, who, s.now)) return "quiet";
  return std::nullopt;
}

}  // namespace kefu::care
