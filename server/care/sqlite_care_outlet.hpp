#pragma once

#include <functional>
#include <vector>

#include "server/care/care_outlet.hpp"
#include "server/care/statement_cache.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// What the desk does for rules once their unit of work is stored (on any thread; the server
// posts it to the desk). Either may be empty.
struct DeskHooks {
  std::function<void(std::int64_t conversation_id, std::int64_t rule_id)> resolve;
  std::function<void(const std::string& text, std::int64_t rule_id, std::int64_t customer_id)>
      notify_supervisors;
  std::function<void(std::int64_t conversation_id, const std::string& queue, std::int64_t rule_id)>
      assign_queue;
  std::function<void(std::int64_t customer_id)> offer_messages;
  std::function<void(std::int64_t conversation_id, const std::string& priority,
                     std::int64_t rule_id)>
      set_priority;
};

// CareOutlet on one connection (SQLite or PostgreSQL): tags in `customer_tags`, events appended
// to `events`, a unit of work as a write transaction (sql::Transaction: a SAVEPOINT inside the
// caller's transaction, if any). The desk's part is
// handed to `hooks` after the outermost unit of work is released, and dropped if it rolls
// back. The connection must outlive it; not thread-safe.
class SqliteCareOutlet final : public CareOutlet {
 public:
  SqliteCareOutlet(sql::Connection& db, DeskHooks hooks) : db_(db), hooks_(std::move(hooks)) {}
  void add_tag(std::int64_t customer_id, const std::string& tag, std::int64_t now) override;
  void remove_tag(std::int64_t customer_id, const std::string& tag) override;
  void resolve_conversation(std::int64_t conversation_id, std::int64_t rule_id) override;
  void notify_supervisors(const std::string& text, std::int64_t rule_id,
                          std::int64_t customer_id) override;
  void assign_queue(std::int64_t conversation_id, const std::string& queue,
                    std::int64_t rule_id) override;
  void set_priority(std::int64_t conversation_id, const std::string& priority,
                    std::int64_t rule_id) override;
  void offer_messages(std::int64_t customer_id) override;
  void log(const Event& event) override;
  void atomically(const std::function<void()>& work) override;

 private:
  sql::Connection& db_;
  StatementCache cache_{db_};
  DeskHooks hooks_;
  int depth_ = 0;
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace kefu::care
