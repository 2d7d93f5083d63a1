#include "server/care/sqlite_care_tasks.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, job_id, rule_id, customer_id, order_id, agent_id, team, text, status, outcome, "
    "created_at, closed_at, closed_by FROM care_tasks ";

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

std::vector<CareTask> read_all(SQLite::Statement& s) {
  std::vector<CareTask> out;
  while (s.executeStep()) {
    CareTask t;
    t.id = s.getColumn(0).getInt64();
    t.job_id = s.getColumn(1).getInt64();
    t.rule_id = s.getColumn(2).getInt64();
    t.customer_id = s.getColumn(3).getInt64();
    t.order_id = optional_int(s.getColumn(4));
    t.agent_id = optional_int(s.getColumn(5));
    t.team = s.getColumn(6).getString();
    t.text = s.getColumn(7).getString();
    t.status = s.getColumn(8).getString();
    t.outcome = s.getColumn(9).getString();
    t.created_at = s.getColumn(10).getInt64();
    t.closed_at = optional_int(s.getColumn(11));
    t.closed_by = optional_int(s.getColumn(12));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::int64_t SqliteCareTasks::create(const CareTask& task) {
  auto s_use = cache_.get(
      "INSERT INTO care_tasks(job_id, rule_id, customer_id, order_id, agent_id, "
      "team, text, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)");
  SQLite::Statement& s = *s_use;
  s.bind(1, task.job_id);
  s.bind(2, task.rule_id);
  s.bind(3, task.customer_id);
  if (task.order_id) {
    s.bind(4, *task.order_id);
  } else {
    s.bind(4);
  }
  if (task.agent_id) {
    s.bind(5, *task.agent_id);
  } else {
    s.bind(5);
  }
  s.bind(6, task.team);
  s.bind(7, task.text);
  s.bind(8, task.created_at);
  s.exec();
  return db_.getLastInsertRowid();
}

std::optional<CareTask> SqliteCareTasks::find(std::int64_t id) {
  auto s_use = cache_.get(std::string(kColumns) + "WHERE id = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, id);
  auto all = read_all(s);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<CareTask> SqliteCareTasks::list(const std::string& status, int limit) {
  SQLite::Statement s(
      db_, std::string(kColumns) + "WHERE (?1 = '' OR status = ?1) ORDER BY id DESC LIMIT ?2");
  s.bind(1, status);
  s.bind(2, limit);
  return read_all(s);
}

bool SqliteCareTasks::close(std::int64_t id, const std::string& status, const std::string& outcome,
                            std::int64_t by, std::int64_t now) {
  auto s_use = cache_.get(
      "UPDATE care_tasks SET status = ?, outcome = ?, closed_by = ?, "
      "closed_at = ? WHERE id = ? AND status = 'open'");
  SQLite::Statement& s = *s_use;
  s.bind(1, status);
  s.bind(2, outcome);
  s.bind(3, by);
  s.bind(4, now);
  s.bind(5, id);
  return s.exec() == 1;
}

void SqliteCareTasks::erase_customer(std::int64_t customer_id, std::int64_t now) {
  auto s_use = cache_.get(
      "UPDATE care_tasks SET text = '', outcome = '', "
      "status = CASE status WHEN 'open' THEN 'skipped' ELSE status END, "
      "closed_at = COALESCE(closed_at, ?) WHERE customer_id = ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, now);
  s.bind(2, customer_id);
  s.exec();
}

}  // namespace kefu::care
