#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/sql/connection.hpp"

namespace kefu::admin {

// One configuration change as the audit viewer lists it: the event's id, time, type and data
// ({"by", "before", "after", ...}: staff events name the member in "user", routing ones in
// "subject").
struct AuditRecord {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string type;
  boost::json::object data;
};

// Which changes to list: newest first, before event id `before_id` (paging), of one type.
struct AuditQuery {
  std::string type;  // empty: every admin change
  std::optional<std::int64_t> before_id;
  int limit = 100;  // 1..500
};

// The admin changes in the interaction log (staff_*, invitation_accepted, password_chosen,
// team_*, queue_*, hours_updated, sla_updated). On the neutral SQL layer: SqliteAuditLog.
class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual std::vector<AuditRecord> changes(const AuditQuery& query) = 0;
  // Every type the viewer can filter by.
  static const std::vector<std::string>& types();
};

// AuditLog on the server's events table, either engine, through a connection it does not own.
class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(sql::Connection& db) : db_(db) {}
  std::vector<AuditRecord> changes(const AuditQuery& query) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::admin
