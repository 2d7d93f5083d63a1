#include "server/care/sqlite_care_outlet.hpp"

#include "server/store/sql/transaction.hpp"

namespace kefu::care {

void SqliteCareOutlet::add_tag(std::int64_t customer_id, const std::string& tag, std::int64_t now) {
  auto s = cache_.get(
      "INSERT INTO customer_tags(customer_id, tag, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  s->bind(1, customer_id).bind(2, tag).bind(3, now);
  s->exec();
}

void SqliteCareOutlet::remove_tag(std::int64_t customer_id, const std::string& tag) {
  auto s = cache_.get("DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?");
  s->bind(1, customer_id).bind(2, tag);
  s->exec();
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
  auto s = cache_.get(
      "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, "
      "channel, queue, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s->bind(1, e.at)
      .bind(2, e.type)
      .bind(3, e.conversation_id)
      .bind(4, e.customer_id)
      .bind(5, e.agent_id)
      .bind(6, e.channel)
      .bind(7, e.queue)
      .bind(8, e.data);
  s->exec();
}

void SqliteCareOutlet::atomically(const std::function<void()>& work) {
  // The outermost unit of work is a transaction of its own that takes the write lock first
  // (on SQLite, waiting for the desk's writer), so that no read snapshot needs upgrading
  // later; inside another transaction it is a savepoint.
  {
    sql::Transaction transaction(db_, sql::Transaction::Mode::write);
    ++depth_;
    try {
      work();
      transaction.commit();
    } catch (...) {
      --depth_;
      if (depth_ == 0) after_commit_.clear();
      throw;
    }
    --depth_;
  }
  if (depth_ > 0) return;
  auto pending = std::move(after_commit_);
  after_commit_.clear();
  for (auto& step : pending) step();
}

}  // namespace kefu::care
