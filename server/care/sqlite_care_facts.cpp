#include "server/care/sqlite_care_facts.hpp"

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
  auto s = cache_.get(
      "SELECT c.id, c.erased_at IS NOT NULL, c.first_name, c.last_name, "
      "c.display_name, c.segment, p.time_zone, p.locale, "
      "p.marketing_consent, p.opted_out FROM customers c "
      "LEFT JOIN care_preferences p ON p.customer_id = c.id WHERE c.id = "
      "COALESCE((SELECT merged_into FROM customers WHERE id = ?1), ?1)");
  s->bind(1, customer_id);
  if (!s->step()) return std::nullopt;
  CustomerFacts f;
  f.id = s->column(0).int64();
  f.erased = s->column(1).int64() != 0;
  std::string first = s->column(2).text(), last = s->column(3).text();
  f.name = first.empty() && last.empty()
               ? s->column(4).text()
               : (last.empty() ? first : (first.empty() ? last : first + " " + last));
  f.segment = s->column(5).text();
  f.time_zone = s->column(6).text();
  f.locale = s->column(7).text();
  f.marketing_consent = s->column(8).int64() != 0;
  f.opted_out = s->column(9).int64() != 0;
  s->reset();

  auto tags = cache_.get("SELECT tag FROM customer_tags WHERE customer_id = ?");
  tags->bind(1, f.id);
  while (tags->step()) f.tags.insert(tags->column(0).text());

  auto orders = cache_.get(
      "SELECT COUNT(*), MIN(created_at), MAX(created_at), "
      "(SELECT id FROM orders WHERE customer_id = ?1 "
      " ORDER BY created_at DESC, id DESC LIMIT 1) "
      "FROM orders WHERE customer_id = ?1");
  orders->bind(1, f.id);
  orders->step();
  f.order_count = orders->column(0).int64();
  if (f.order_count > 0) {
    f.first_order_at = orders->column(1).int64();
    f.last_order_at = orders->column(2).int64();
    f.last_order_id = orders->column(3).int64();
  }

  auto open = cache_.get(
      "SELECT EXISTS (SELECT 1 FROM conversations WHERE customer_id IN "
      "(SELECT id FROM customers WHERE id = ?1 OR merged_into = ?1) AND "
      "status NOT IN ('resolved', 'closed', 'abandoned'))");
  open->bind(1, f.id);
  open->step();
  f.has_open_conversation = open->column(0).int64() != 0;
  return f;
}

std::optional<OrderFacts> SqliteCareFacts::order(std::int64_t order_id) {
  auto s = cache_.get(
      "SELECT id, name, total_cents, currency, financial_status, "
      "fulfillment_status, created_at FROM orders WHERE id = ?");
  s->bind(1, order_id);
  if (!s->step()) return std::nullopt;
  OrderFacts o;
  o.id = s->column(0).int64();
  o.name = s->column(1).text();
  o.total_cents = s->column(2).int64();
  o.currency = s->column(3).text();
  o.financial_status = s->column(4).text();
  o.fulfillment_status = s->column(5).text();
  o.created_at = s->column(6).int64();
  auto lines = cache_.get(
      "SELECT title, sku, quantity FROM order_items WHERE order_id = ? "
      "ORDER BY position");
  lines->bind(1, order_id);
  while (lines->step())
    o.lines.push_back(
        OrderLine{lines->column(0).text(), lines->column(1).text(), lines->column(2).int64()});
  return o;
}

std::optional<ConversationFacts> SqliteCareFacts::conversation(std::int64_t conversation_id) {
  auto s = cache_.get(
      "SELECT c.id, c.channel, c.status, c.queue, c.created_at, "
      "(SELECT author_kind FROM messages m WHERE m.conversation_id = c.id AND "
      "m.author_kind <> 'system' ORDER BY seq DESC LIMIT 1) "
      "FROM conversations c WHERE c.id = ?");
  s->bind(1, conversation_id);
  if (!s->step()) return std::nullopt;
  ConversationFacts f{s->column(0).int64(), s->column(1).text(), s->column(2).text(),
                      s->column(3).text()};
  f.created_at = s->column(4).int64();
  f.waiting_on = s->column(5).text() == "agent" ? "customer" : "agent";
  return f;
}

std::string SqliteCareFacts::email_of(std::int64_t customer_id) {
  auto s = cache_.get(
      "SELECT value FROM customer_identities WHERE kind = 'email' AND "
      "customer_id = ? ORDER BY verified DESC, id LIMIT 1");
  s->bind(1, customer_id);
  return s->step() ? s->column(0).text() : "";
}

std::optional<MailSender> SqliteCareFacts::mail_sender() {
  auto s = cache_.get("SELECT id, address, display_name FROM mailboxes ORDER BY name LIMIT 1");
  if (!s->step()) return std::nullopt;
  return MailSender{s->column(0).int64(), s->column(1).text(), s->column(2).text()};
}

std::vector<std::int64_t> SqliteCareFacts::customers_with_orders() {
  auto s = cache_.get(
      "SELECT DISTINCT o.customer_id FROM orders o JOIN customers c ON "
      "c.id = o.customer_id WHERE c.erased_at IS NULL AND c.merged_into IS NULL "
      "ORDER BY o.customer_id");
  std::vector<std::int64_t> out;
  while (s->step()) out.push_back(s->column(0).int64());
  return out;
}

std::vector<CareEvent> SqliteCareFacts::past_triggers(const std::string& trigger,
                                                      std::int64_t since, int limit) {
  std::vector<CareEvent> out;
  if (trigger.rfind("order_", 0) == 0) {
    auto s = cache_.get(
        "SELECT o.id, o.customer_id, o.financial_status, o.fulfillment_status, "
        "EXISTS (SELECT 1 FROM order_fulfillments f WHERE f.order_id = o.id "
        "AND f.status = 'delivered'), "
        "CASE WHEN CAST(?2 AS TEXT) = 'order_paid' THEN o.created_at ELSE o.updated_at END AS t "
        "FROM orders o WHERE o.customer_id IS NOT NULL AND "
        "(CASE WHEN CAST(?2 AS TEXT) = 'order_paid' THEN o.created_at ELSE o.updated_at END) "
        ">= ?1 ORDER BY t DESC LIMIT ?3");
    s->bind(1, since);
    s->bind(2, trigger);
    s->bind(3, limit);
    while (s->step()) {
      const auto reached =
          order_milestones(s->column(2).text(), s->column(3).text(), s->column(4).int64());
      bool has = false;
      for (const auto& m : reached) has = has || m == trigger;
      if (!has) continue;
      out.push_back(CareEvent{trigger, s->column(1).int64(), s->column(0).int64(), std::nullopt,
                              s->column(5).int64()});
    }
    return out;
  }
  const std::string type = log_type_of(trigger);
  if (type.empty()) return out;
  auto s = cache_.get(
      "SELECT customer_id, conversation_id, at FROM events WHERE type = ? AND "
      "at >= ? AND customer_id IS NOT NULL ORDER BY id DESC LIMIT ?");
  s->bind(1, type);
  s->bind(2, since);
  s->bind(3, limit);
  while (s->step()) {
    CareEvent e{trigger, s->column(0).int64(), std::nullopt, std::nullopt, s->column(2).int64()};
    if (!s->column(1).is_null()) e.conversation_id = s->column(1).int64();
    out.push_back(e);
  }
  return out;
}

}  // namespace kefu::care
