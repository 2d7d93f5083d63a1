#include "server/care/sqlite_care_outlet.hpp"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

namespace kefu::care {

void SqliteCareOutlet::add_tag(std::int64_t customer_id, const std::string& tag, std::int64_t now) {
  auto s_use = cache_.get(
      "INSERT INTO customer_tags(customer_id, tag, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  s.bind(2, tag);
  s.bind(3, now);
  s.exec();
}

void SqliteCareOutlet::remove_tag(std::int64_t customer_id, const std::string& tag) {
  auto s_use = cache_.get("DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  s.bind(2, tag);
  s.exec();
}

void SqliteCareOutlet::resolve_conversation(std::int64_t conversation_id, std::int64_t rule_id) {
  if (hooks_.resolve)
    after_commit_.push_back(
        [this, conversation_id, rule_id] { hooks_.resolve(conversation_id, rule_id); });
}

void SqliteCareOutlet::notify_supervisors(const std::string& text, std::int64_t rule_id,
                                          std::int64_t customer_id) {
  if (hooks_.notify_supervisors)
    after_commit_.push_back([this, text, rule_id, customer_id] {
      hooks_.notify_supervisors(text, rule_id, customer_id);
    });
}

void SqliteCareOutlet::assign_queue(std::int64_t conversation_id, const std::string& queue,
                                    std::int64_t rule_id) {
  if (hooks_.assign_queue)
    after_commit_.push_back([this, conversation_id, queue, rule_id] {
      hooks_.assign_queue(conversation_id, queue, rule_id);
    });
}

void SqliteCareOutlet::set_priority(std::int64_t conversation_id, const std::string& priority,
                                    std::int64_t rule_id) {
  if (hooks_.set_priority)
    after_commit_.push_back([this, conversation_id, priority, rule_id] {
      hooks_.set_priority(conversation_id, priority, rule_id);
    });
}

void SqliteCareOutlet::offer_messages(std::int64_t customer_id) {
  if (hooks_.offer_messages)
    after_commit_.push_back([this, customer_id] { hooks_.offer_messages(customer_id); });
}

void SqliteCareOutlet::log(const Event& e) {
  auto s_use = cache_.get(
      "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, "
      "channel, queue, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& s = *s_use;
  s.bind(1, e.at);
  s.bind(2, e.type);
  auto optional = [&s](int index, const auto& value) {
    if (value) {
      s.bind(index, *value);
    } else {
      s.bind(index);
    }
  };
  optional(3, e.conversation_id);
  optional(4, e.customer_id);
  optional(5, e.agent_id);
  optional(6, e.channel);
  optional(7, e.queue);
  s.bind(8, e.data);
  s.exec();
}

void SqliteCareOutlet::atomically(const std::function<void()>& work) {
  // The outermost unit of work on a connection in autocommit is a transaction of its own that
  // takes the write lock first (waiting for the desk's writer), so that no read snapshot needs
  // upgrading later; inside another transaction it is a savepoint.
  const bool own = depth_ == 0 && sqlite3_get_autocommit(db_.getHandle()) != 0;
  db_.exec(own ? "BEGIN IMMEDIATE" : "SAVEPOINT kefu_care");
  ++depth_;
  try {
    work();
  } catch (...) {
    --depth_;
    try {
      if (own) {
        db_.exec("ROLLBACK");
      } else {
        db_.exec("ROLLBACK TO kefu_care");
        db_.exec("RELEASE kefu_care");
      }
    } catch (const SQLite::Exception&) {
      // The transaction already ended (e.g. SQLITE_FULL): nothing of it is kept either way.
    }
    if (depth_ == 0) after_commit_.clear();
    throw;
  }
  db_.exec(own ? "COMMIT" : "RELEASE kefu_care");
  --depth_;
  if (depth_ > 0) return;
  auto pending = std::move(after_commit_);
  after_commit_.clear();
  for (auto& step : pending) step();
}

}  // namespace kefu::care
