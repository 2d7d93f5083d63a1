#include "server/care/sqlite_care_jobs.hpp"

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, rule_id, idempotency_key, customer_id, order_id, conversation_id, trigger_type, "
    "triggered_at, due_at, status, reason, finished_at FROM care_jobs ";

std::vector<CareJob> read_all(sql::Statement& s) {
  std::vector<CareJob> out;
  while (s.step()) {
    CareJob j;
    j.id = s.column(0).int64();
    j.rule_id = s.column(1).int64();
    j.key = s.column(2).text();
    j.customer_id = s.column(3).int64();
    j.order_id = s.column(4).optional_int64();
    j.conversation_id = s.column(5).optional_int64();
    j.trigger = s.column(6).text();
    j.triggered_at = s.column(7).int64();
    j.due_at = s.column(8).int64();
    j.status = s.column(9).text();
    j.reason = s.column(10).text();
    j.finished_at = s.column(11).optional_int64();
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

std::optional<std::int64_t> SqliteCareJobs::schedule(const CareJob& job) {
  auto s = cache_.get(
      "INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, order_id, "
      "conversation_id, trigger_type, triggered_at, due_at, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
      "ON CONFLICT(idempotency_key) DO NOTHING RETURNING id");
  s->bind(1, job.rule_id)
      .bind(2, job.key)
      .bind(3, job.customer_id)
      .bind(4, job.order_id)
      .bind(5, job.conversation_id)
      .bind(6, job.trigger)
      .bind(7, job.triggered_at)
      .bind(8, job.due_at);
  return s->insert_returning_id();
}

std::vector<CareJob> SqliteCareJobs::due(std::int64_t now, int limit) {
  // PostgreSQL: the rows stay locked until the caller's transaction ends, and rows another
  // node holds are passed over, so each due job is carried out by one node.
  const char* claim = db_.engine() == sql::Engine::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
  auto s =
      cache_.get(std::string(kColumns) +
                 "WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?" + claim);
  s->bind(1, now).bind(2, limit);
  return read_all(*s);
}

std::vector<CareJob> SqliteCareJobs::pending_for(std::int64_t customer_id,
                                                 std::optional<std::int64_t> rule_id) {
  auto s = cache_.get(std::string(kColumns) +
                      "WHERE customer_id = ?1 AND status = 'pending' "
                      "AND (CAST(?2 AS BIGINT) IS NULL OR rule_id = ?2) ORDER BY id");
  s->bind(1, customer_id).bind(2, rule_id);
  return read_all(*s);
}

bool SqliteCareJobs::finish(std::int64_t job_id, const std::string& status,
                            const std::string& reason, bool contact, std::int64_t now) {
  auto s = cache_.get(
      "UPDATE care_jobs SET status = ?, reason = ?, contact = ?, finished_at = ? "
      "WHERE id = ? AND status = 'pending'");
  s->bind(1, status).bind(2, reason).bind(3, contact ? 1 : 0).bind(4, now).bind(5, job_id);
  return s->exec() == 1;
}

void SqliteCareJobs::postpone(std::int64_t job_id, std::int64_t due_at) {
  auto s = cache_.get("UPDATE care_jobs SET due_at = ? WHERE id = ? AND status = 'pending'");
  s->bind(1, due_at).bind(2, job_id);
  s->exec();
}

std::optional<std::int64_t> SqliteCareJobs::last_contact(std::int64_t customer_id) {
  auto s = cache_.get(
      "SELECT MAX(finished_at) FROM care_jobs WHERE customer_id = ? AND "
      "status = 'done' AND contact = 1");
  s->bind(1, customer_id);
  if (!s->step()) return std::nullopt;
  return s->column(0).optional_int64();
}

std::vector<CareJob> SqliteCareJobs::of_rule(std::int64_t rule_id, int limit) {
  auto s = cache_.get(std::string(kColumns) + "WHERE rule_id = ? ORDER BY id DESC LIMIT ?");
  s->bind(1, rule_id).bind(2, limit);
  return read_all(*s);
}

std::vector<std::int64_t> SqliteCareJobs::of_customer(std::int64_t customer_id) {
  auto s = cache_.get("SELECT id FROM care_jobs WHERE customer_id = ? ORDER BY id");
  s->bind(1, customer_id);
  std::vector<std::int64_t> ids;
  while (s->step()) ids.push_back(s->column(0).int64());
  return ids;
}

}  // namespace kefu::care
