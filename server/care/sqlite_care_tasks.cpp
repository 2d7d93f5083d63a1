#include "server/care/sqlite_care_tasks.hpp"

#include <stdexcept>

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, job_id, rule_id, customer_id, order_id, agent_id, team, text, status, outcome, "
    "created_at, closed_at, closed_by FROM care_tasks ";

std::vector<CareTask> read_all(sql::Statement& s) {
  std::vector<CareTask> out;
  while (s.step()) {
    CareTask t;
    t.id = s.column(0).int64();
    t.job_id = s.column(1).int64();
    t.rule_id = s.column(2).int64();
    t.customer_id = s.column(3).int64();
    t.order_id = s.column(4).optional_int64();
    t.agent_id = s.column(5).optional_int64();
    t.team = s.column(6).text();
    t.text = s.column(7).text();
    t.status = s.column(8).text();
    t.outcome = s.column(9).text();
    t.created_at = s.column(10).int64();
    t.closed_at = s.column(11).optional_int64();
    t.closed_by = s.column(12).optional_int64();
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::int64_t SqliteCareTasks::create(const CareTask& task) {
  auto s = cache_.get(
      "INSERT INTO care_tasks(job_id, rule_id, customer_id, order_id, agent_id, "
      "team, text, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id");
  s->bind(1, task.job_id)
      .bind(2, task.rule_id)
      .bind(3, task.customer_id)
      .bind(4, task.order_id)
      .bind(5, task.agent_id)
      .bind(6, task.team)
      .bind(7, task.text)
      .bind(8, task.created_at);
  const auto id = s->insert_returning_id();
  if (!id) throw std::logic_error("care_tasks: the insert returned no id");
  return *id;
}

std::optional<CareTask> SqliteCareTasks::find(std::int64_t id) {
  auto s = cache_.get(std::string(kColumns) + "WHERE id = ?");
  s->bind(1, id);
  auto all = read_all(*s);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<CareTask> SqliteCareTasks::list(const std::string& status, int limit) {
  auto s = cache_.get(std::string(kColumns) +
                      "WHERE (CAST(?1 AS TEXT) = '' OR status = ?1) ORDER BY id DESC LIMIT ?2");
  s->bind(1, status).bind(2, limit);
  return read_all(*s);
}

bool SqliteCareTasks::close(std::int64_t id, const std::string& status, const std::string& outcome,
                            std::int64_t by, std::int64_t now) {
  auto s = cache_.get(
      "UPDATE care_tasks SET status = ?, outcome = ?, closed_by = ?, "
      "closed_at = ? WHERE id = ? AND status = 'open'");
  s->bind(1, status).bind(2, outcome).bind(3, by).bind(4, now).bind(5, id);
  return s->exec() == 1;
}

void SqliteCareTasks::erase_customer(std::int64_t customer_id, std::int64_t now) {
  auto s = cache_.get(
      "UPDATE care_tasks SET text = '', outcome = '', "
      "status = CASE status WHEN 'open' THEN 'skipped' ELSE status END, "
      "closed_at = COALESCE(closed_at, ?) WHERE customer_id = ?");
  s->bind(1, now).bind(2, customer_id);
  s->exec();
}

}  // namespace kefu::care
