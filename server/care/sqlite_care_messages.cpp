#include "server/care/sqlite_care_messages.hpp"

#include <stdexcept>

namespace kefu::care {

std::int64_t SqliteCareMessages::create(const CareMessage& m) {
  auto s = cache_.get(
      "INSERT INTO care_messages(job_id, rule_id, customer_id, text, created_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id");
  s->bind(1, m.job_id)
      .bind(2, m.rule_id)
      .bind(3, m.customer_id)
      .bind(4, m.text)
      .bind(5, m.created_at);
  const auto id = s->insert_returning_id();
  if (!id) throw std::logic_error("care_messages: the insert returned no id");
  return *id;
}

std::vector<CareMessage> SqliteCareMessages::take_waiting(std::int64_t customer_id,
                                                          std::int64_t now) {
  std::vector<CareMessage> out;
  {
    auto s = cache_.get(
        "SELECT id, job_id, rule_id, customer_id, text, created_at FROM "
        "care_messages WHERE customer_id = ? AND shown_at IS NULL ORDER BY id");
    s->bind(1, customer_id);
    while (s->step()) {
      CareMessage m;
      m.id = s->column(0).int64();
      m.job_id = s->column(1).int64();
      m.rule_id = s->column(2).int64();
      m.customer_id = s->column(3).int64();
      m.text = s->column(4).text();
      m.created_at = s->column(5).int64();
      m.shown_at = now;
      out.push_back(std::move(m));
    }
  }
  // Only the messages this call marks are returned: a concurrent taker gets the others.
  std::vector<CareMessage> taken;
  for (auto& m : out) {
    auto shown =
        cache_.get("UPDATE care_messages SET shown_at = ? WHERE id = ? AND shown_at IS NULL");
    shown->bind(1, now).bind(2, m.id);
    if (shown->exec() == 1) taken.push_back(std::move(m));
  }
  return taken;
}

void SqliteCareMessages::erase_customer(std::int64_t customer_id) {
  auto s = cache_.get("DELETE FROM care_messages WHERE customer_id = ?");
  s->bind(1, customer_id);
  s->exec();
}

}  // namespace kefu::care
