#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/care/care_event.hpp"

namespace kefu::care {

// One line of an order, as conditions and templates read it.
struct OrderLine {
  std::string title;
  std::string sku;
  std::int64_t quantity = 1;
};

// An order as rules see it.
struct OrderFacts {
  std::int64_t id = 0;
  std::string name;  // "#1001"
  std::int64_t total_cents = 0;
  std::string currency;
  std::string financial_status;
  std::string fulfillment_status;
  std::int64_t created_at = 0;
  std::vector<OrderLine> lines;
};

// A customer as rules see them, now.
struct CustomerFacts {
  std::int64_t id = 0;
  bool erased = false;
  std::string name;
  std::string segment;
  std::set<std::string> tags;
  std::string locale;     // "" when unknown
  std::string time_zone;  // IANA name, "" when unknown
  bool marketing_consent = false;
  bool opted_out = false;  // no care contact of any kind
  std::int64_t order_count = 0;
  std::optional<std::int64_t> first_order_at;
  std::optional<std::int64_t> last_order_at;
  std::optional<std::int64_t> last_order_id;
  bool has_open_conversation = false;
};

// A conversation as rules see it.
struct ConversationFacts {
  std::int64_t id = 0;
  std::string channel;
  std::string status;
  std::string queue;
  std::int64_t created_at = 0;
  // Who the conversation waits on: "customer" when an agent wrote last, "agent" when the
  // customer did or nobody has yet.
  std::string waiting_on = "agent";
};

// The shop's mailbox that care e-mails are sent from.
struct MailSender {
  std::int64_t mailbox_id = 0;
  std::string address;
  std::string display_name;
};

// What the engine reads about customers, orders and conversations. Implementations read the
// store; none writes.
class CareFacts {
 public:
  virtual ~CareFacts() = default;
  // The customer (followed through merges to the one that remains), or nullopt when unknown.
  virtual std::optional<CustomerFacts> customer(std::int64_t customer_id) = 0;
  virtual std::optional<OrderFacts> order(std::int64_t order_id) = 0;
  virtual std::optional<ConversationFacts> conversation(std::int64_t conversation_id) = 0;
  // Customers with at least one order and not erased, by id (schedule rules and previews).
  virtual std::vector<std::int64_t> customers_with_orders() = 0;
  // The triggers of this type since `since` (ms), newest first, at most `limit`: what a
  // rule would have reacted to (previews).
  virtual std::vector<CareEvent> past_triggers(const std::string& trigger, std::int64_t since,
                                               int limit) = 0;
  // The customer's e-mail address (their first e-mail identity), "" when they have none.
  virtual std::string email_of(std::int64_t customer_id) = 0;
  // The mailbox care e-mails go out from: the shop's first by name (as a widget ticket's
  // replies), or nullopt when the shop has none.
  virtual std::optional<MailSender> mail_sender() = 0;
};

}  // namespace kefu::care
