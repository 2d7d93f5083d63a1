#pragma once

#include "server/care/care_facts.hpp"
#include "server/care/statement_cache.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// CareFacts read from the customers', orders', conversations' and care preferences' tables
// and the interaction log, on SQLite or PostgreSQL. The connection must outlive it; not
// thread-safe.
class SqliteCareFacts final : public CareFacts {
 public:
  explicit SqliteCareFacts(sql::Connection& db) : db_(db) {}
  std::optional<CustomerFacts> customer(std::int64_t customer_id) override;
  std::optional<OrderFacts> order(std::int64_t order_id) override;
  std::optional<ConversationFacts> conversation(std::int64_t conversation_id) override;
  std::vector<std::int64_t> customers_with_orders() override;
  std::vector<CareEvent> past_triggers(const std::string& trigger, std::int64_t since,
                                       int limit) override;
  std::string email_of(std::int64_t customer_id) override;
  std::optional<MailSender> mail_sender() override;

 private:
  sql::Connection& db_;
  StatementCache cache_{db_};
};

// The interaction log's event type behind a care trigger ("" when none): conversation_created
// is conversation_opened, rating_given is survey_submitted, customer_replied is
// message_received, conversation_pending is message_sent (an agent's), sla_at_risk is
// conversation_opened; conversation_resolved and conversation_reopened are themselves.
std::string log_type_of(const std::string& trigger);

}  // namespace kefu::care
