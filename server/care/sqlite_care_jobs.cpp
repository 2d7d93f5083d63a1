#include "server/care/sqlite_care_jobs.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, rule_id, idempotency_key, customer_id, order_id, conversation_id, trigger_type, "
    "triggered_at, due_at, status, reason, finished_at FROM care_jobs ";

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}

}  // namespace

std::vector<CareJob> SqliteCareJobs::read_all(SQLite::Statement& s) {
  std::vector<CareJob> out;
  while (s.executeStep()) {
    CareJob j;
    j.id = s.getColumn(0).getInt64();
    j.rule_id = s.getColumn(1).getInt64();
    j.key = s.getColumn(2).getString();
    j.customer_id = s.getColumn(3).getInt64();
    j.order_id = optional_int(s.getColumn(4));
    j.conversation_id = optional_int(s.getColumn(5));
    j.trigger = s.getColumn(6).getString();
    j.triggered_at = s.getColumn(7).getInt64();
    j.due_at = s.getColumn(8).getInt64();
    j.status = s.getColumn(9).getString();
    j.reason = s.getColumn(10).getString();
    j.finished_at = optional_int(s.getColumn(11));
    out.push_back(std::move(j));
  }
  return out;
}

std::optional<std::int64_t> SqliteCareJobs::schedule(const CareJob& job) {
  auto s_use = cache_.get(
      "INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, order_id, "
      "conversation_id, trigger_type, triggered_at, due_at, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
      "ON CONFLICT(idempotency_key) DO NOTHING");
  SQLite::Statement& s = *s_use;
  s.bind(1, job.rule_id);
  s.bind(2, job.key);
  s.bind(3, job.customer_id);
  bind_optional(s, 4, job.order_id);
  bind_optional(s, 5, job.conversation_id);
  s.bind(6, job.trigger);
  s.bind(7, job.triggered_at);
  s.bind(8, job.due_at);
  if (s.exec() == 0) return std::nullopt;
  return db_.getLastInsertRowid();
}

std::vector<CareJob> SqliteCareJobs::due(std::int64_t now, int limit) {
  auto s_use = cache_.get(std::string(kColumns) +
                          "WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id "
                          "LIMIT ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, now);
  s.bind(2, limit);
  return read_all(s);
}

std::vector<CareJob> SqliteCareJobs::pending_for(std::int64_t customer_id,
                                                 std::optional<std::int64_t> rule_id) {
  auto s_use = cache_.get(std::string(kColumns) +
                          "WHERE customer_id = ? AND status = 'pending' "
                          "AND (?2 IS NULL OR rule_id = ?2) ORDER BY id");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  bind_optional(s, 2, rule_id);
  return read_all(s);
}

bool SqliteCareJobs::finish(std::int64_t job_id, const std::string& status,
                            const std::string& reason, bool contact, std::int64_t now) {
  auto s_use = cache_.get(
      "UPDATE care_jobs SET status = ?, reason = ?, contact = ?, finished_at = ? "
      "WHERE id = ? AND status = 'pending'");
  SQLite::Statement& s = *s_use;
  s.bind(1, status);
  s.bind(2, reason);
  s.bind(3, contact ? 1 : 0);
  s.bind(4, now);
  s.bind(5, job_id);
  return s.exec() == 1;
}

void SqliteCareJobs::postpone(std::int64_t job_id, std::int64_t due_at) {
  auto s_use = cache_.get("UPDATE care_jobs SET due_at = ? WHERE id = ? AND status = 'pending'");
  SQLite::Statement& s = *s_use;
  s.bind(1, due_at);
  s.bind(2, job_id);
  s.exec();
}

std::optional<std::int64_t> SqliteCareJobs::last_contact(std::int64_t customer_id) {
  auto s_use = cache_.get(
      "SELECT MAX(finished_at) FROM care_jobs WHERE customer_id = ? AND "
      "status = 'done' AND contact = 1");
  SQLite::Statement& s = *s_use;
  s.bind(1, customer_id);
  s.executeStep();
  return optional_int(s.getColumn(0));
}

std::vector<CareJob> SqliteCareJobs::of_rule(std::int64_t rule_id, int limit) {
  auto s_use = cache_.get(std::string(kColumns) + "WHERE rule_id = ? ORDER BY id DESC LIMIT ?");
  SQLite::Statement& s = *s_use;
  s.bind(1, rule_id);
  s.bind(2, limit);
  return read_all(s);
}

}  // namespace kefu::care
