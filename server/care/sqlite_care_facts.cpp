#include "server/care/sqlite_care_facts.hpp"

#include <SQLiteCpp/Statement.h>

#include "server/care/order_milestones.hpp"

namespace kefu::care {

std::string log_type_of(const std::string& trigger) {
  if (trigger == "conversation_created") return "conversation_opened";
  if (trigger == "rating_given") return "survey_submitted";
  if (trigger == "customer_replied") return "message_received";
  if (trigger == "conversation_pending") return "message_sent";
  if (trigger == "sla_at_risk") return "conversation_opened";
  if (trigger == "conversation_resolved" || trigger == "conversation_reopened") return trigger;
  return "";
}

std::optional<CustomerFacts> SqliteCareFacts::customer(std::int64_t customer_id) {
  auto s_use = cache_.get(
      "SELECT c.id, c.erased_at IS NOT NULL, c.first_name, c.last_name, "
      "c.display_name, c.segment, p.time_zone, p.locale, "
      "p.marketing_consent, p.opted_out FROM customers c "
      "LEFT JOIN care_preferences p ON p.customer_id = c.id WHERE c.id = "
      "COALESCE((SELECT merged_into FROM customers WHERE id = ?1), ?1)");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  if (!s.executeStep()) return std::nullopt;
  CustomerFacts f;
  f.id = s.getColumn(0).getInt64();
  f.erased = s.getColumn(1).getInt() != 0;
  std::string first = s.getColumn(2).getString(), last = s.getColumn(3).getString();
  f.name = first.empty() && last.empty()
               ? s.getColumn(4).getString()
               : (last.empty() ? first : (first.empty() ? last : first + " " + last));
  f.segment = s.getColumn(5).getString();
  f.time_zone = s.getColumn(6).getString();
  f.locale = s.getColumn(7).getString();
  f.marketing_consent = s.getColumn(8).getInt() != 0;
  f.opted_out = s.getColumn(9).getInt() != 0;
  s.reset();

  auto tags_use = cache_.get("SELECT tag FROM customer_tags WHERE customer_id = ?");
  SQLite::Statement& tags = *tags_use;
  tags.bind(1, f.id);
  while (tags.executeStep()) f.tags.insert(tags.getColumn(0).getString());

  auto orders_use = cache_.get(
      "SELECT COUNT(*), MIN(created_at), MAX(created_at), "
      "(SELECT id FROM orders WHERE customer_id = ?1 "
      " ORDER BY created_at DESC, id DESC LIMIT 1) "
      "FROM orders WHERE customer_id = ?1");
  SQLite::Statement& orders = *orders_use;
  orders.bind(1, f.id);
  orders.executeStep();
  f.order_count = orders.getColumn(0).getInt64();
  if (f.order_count > 0) {
    f.first_order_at = orders.getColumn(1).getInt64();
    f.last_order_at = orders.getColumn(2).getInt64();
    f.last_order_id = orders.getColumn(3).getInt64();
  }

  auto open_use = cache_.get(
      "SELECT EXISTS (SELECT 1 FROM conversations WHERE customer_id IN "
      "(SELECT id FROM customers WHERE id = ?1 OR merged_into = ?1) AND "
      "status NOT IN ('resolved', 'closed', 'abandoned'))");
  SQLite::Statement& open = *open_use;
  open.bind(1, f.id);
  open.executeStep();
  f.has_open_conversation = open.getColumn(0).getInt() != 0;
  return f;
}

std::optional<OrderFacts> SqliteCareFacts::order(std::int64_t order_id) {
  auto s_use = cache_.get(
      "SELECT id, name, total_cents, currency, financial_status, "
      "fulfillment_status, created_at FROM orders WHERE id = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, order_id);
  if (!s.executeStep()) return std::nullopt;
  OrderFacts o;
  o.id = s.getColumn(0).getInt64();
  o.name = s.getColumn(1).getString();
  o.total_cents = s.getColumn(2).getInt64();
  o.currency = s.getColumn(3).getString();
  o.financial_status = s.getColumn(4).getString();
  o.fulfillment_status = s.getColumn(5).getString();
  o.created_at = s.getColumn(6).getInt64();
  auto lines_use = cache_.get(
      "SELECT title, sku, quantity FROM order_items WHERE order_id = ? "
      "ORDER BY position");
  SQLite::Statement& lines = *lines_use;
  lines.bind(1, order_id);
  while (lines.executeStep())
    o.lines.push_back(OrderLine{lines.getColumn(0).getString(), lines.getColumn(1).getString(),
                                lines.getColumn(2).getInt64()});
  return o;
}

std::optional<ConversationFacts> SqliteCareFacts::conversation(std::int64_t conversation_id) {
  auto s_use = cache_.get(
      "SELECT c.id, c.channel, c.status, c.queue, c.created_at, "
      "(SELECT author_kind FROM messages m WHERE m.conversation_id = c.id AND "
      "m.author_kind <> 'system' ORDER BY seq DESC LIMIT 1) "
      "FROM conversations c WHERE c.id = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, conversation_id);
  if (!s.executeStep()) return std::nullopt;
  ConversationFacts f{s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                      s.getColumn(2).getString(), s.getColumn(3).getString()};
  f.created_at = s.getColumn(4).getInt64();
  f.waiting_on = s.getColumn(5).getString() == "agent" ? "customer" : "agent";
  return f;
}

std::string SqliteCareFacts::email_of(std::int64_t customer_id) {
  auto s_use = cache_.get(
      "SELECT value FROM customer_identities WHERE kind = 'email' AND "
      "customer_id = ? ORDER BY verified DESC, id LIMIT 1");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  return s.executeStep() ? s.getColumn(0).getString() : "";
}

std::vector<std::int64_t> SqliteCareFacts::customers_with_orders() {
  auto s_use = cache_.get(
      "SELECT DISTINCT o.customer_id FROM orders o JOIN customers c ON "
      "c.id = o.customer_id WHERE c.erased_at IS NULL AND c.merged_into IS NULL "
      "ORDER BY o.customer_id");
  SQLite::Statement& s = *s_use;
  std::vector<std::int64_t> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
  return out;
}

std::vector<CareEvent> SqliteCareFacts::past_triggers(const std::string& trigger,
                                                      std::int64_t since, int limit) {
  std::vector<CareEvent> out;
  if (trigger.rfind("order_", 0) == 0) {
    auto s_use = cache_.get(
        "SELECT o.id, o.customer_id, o.financial_status, o.fulfillment_status, "
        "EXISTS (SELECT 1 FROM order_fulfillments f WHERE f.order_id = o.id "
        "AND f.status = 'delivered'), "
        "CASE WHEN ?2 = 'order_paid' THEN o.created_at ELSE o.updated_at END AS t "
        "FROM orders o WHERE o.customer_id IS NOT NULL AND "
        "(CASE WHEN ?2 = 'order_paid' THEN o.created_at ELSE o.updated_at END) "
        ">= ?1 ORDER BY t DESC LIMIT ?3");
    SQLite::Statement& s = *s_use;
    s.bind(1, since);
    s.bind(2, trigger);
    s.bind(3, limit);
    while (s.executeStep()) {
      const auto reached = order_milestones(s.getColumn(2).getString(), s.getColumn(3).getString(),
                                            s.getColumn(4).getInt());
      bool has = false;
      for (const auto& m : reached) has = has || m == trigger;
      if (!has) continue;
      out.push_back(CareEvent{trigger, s.getColumn(1).getInt64(), s.getColumn(0).getInt64(),
                              std::nullopt, s.getColumn(5).getInt64()});
    }
    return out;
  }
  const std::string type = log_type_of(trigger);
  if (type.empty()) return out;
  auto s_use = cache_.get(
      "SELECT customer_id, conversation_id, at FROM events WHERE type = ? AND "
      "at >= ? AND customer_id IS NOT NULL ORDER BY id DESC LIMIT ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, type);
  s.bind(2, since);
  s.bind(3, limit);
  while (s.executeStep()) {
    CareEvent e{trigger, s.getColumn(0).getInt64(), std::nullopt, std::nullopt,
                s.getColumn(2).getInt64()};
    if (!s.getColumn(1).isNull()) e.conversation_id = s.getColumn(1).getInt64();
    out.push_back(e);
  }
  return out;
}

}  // namespace kefu::care
