#include "server/care/sqlite_care_messages.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::care {

std::int64_t SqliteCareMessages::create(const CareMessage& m) {
  auto s_use = cache_.get(
      "INSERT INTO care_messages(job_id, rule_id, customer_id, text, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement& s = *s_use;
  s.bind(1, m.job_id);
  s.bind(2, m.rule_id);
  s.bind(3, m.customer_id);
  s.bind(4, m.text);
  s.bind(5, m.created_at);
  s.exec();
  return db_.getLastInsertRowid();
}

std::vector<CareMessage> SqliteCareMessages::take_waiting(std::int64_t customer_id,
                                                          std::int64_t now) {
  std::vector<CareMessage> out;
  auto s_use = cache_.get(
      "SELECT id, job_id, rule_id, customer_id, text, created_at FROM "
      "care_messages WHERE customer_id = ? AND shown_at IS NULL ORDER BY id");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  while (s.executeStep()) {
    CareMessage m;
    m.id = s.getColumn(0).getInt64();
    m.job_id = s.getColumn(1).getInt64();
    m.rule_id = s.getColumn(2).getInt64();
    m.customer_id = s.getColumn(3).getInt64();
    m.text = s.getColumn(4).getString();
    m.created_at = s.getColumn(5).getInt64();
    m.shown_at = now;
    out.push_back(std::move(m));
  }
  SQLite::Statement shown(
      db_, "UPDATE care_messages SET shown_at = ? WHERE id = ? AND shown_at IS NULL");
  for (const auto& m : out) {
    shown.reset();
    shown.bind(1, now);
    shown.bind(2, m.id);
    shown.exec();
  }
  return out;
}

void SqliteCareMessages::erase_customer(std::int64_t customer_id) {
  auto s_use = cache_.get("DELETE FROM care_messages WHERE customer_id = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  s.exec();
}

}  // namespace kefu::care
