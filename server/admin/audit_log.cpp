#include "server/admin/audit_log.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/store/sql/statement.hpp"

namespace kefu::admin {

const std::vector<std::string>& AuditLog::types() {
  static const std::vector<std::string> all{
      "staff_setup",          "staff_created",    "staff_updated",       "staff_deactivated",
      "staff_password_reset", "staff_signed_out", "staff_reactivated",   "invitation_accepted",
      "password_chosen",      "team_created",     "team_updated",        "queue_created",
      "queue_updated",        "queue_retired",    "hours_updated",       "sla_updated",
      "team_removed",         "config_imported",  "retention_updated",   "messages_removed",
      "sla_created",          "sla_removed",      "shop_secret_rotated", "shop_origins_updated",
      "tag_created",          "tag_updated",      "tag_retired"};
  return all;
}

std::vector<AuditRecord> SqliteAuditLog::changes(const AuditQuery& query) {
  std::string in;
  for (std::size_t i = 0; i < types().size(); ++i) in += i == 0 ? "?" : ", ?";
  sql::Statement s(db_, "SELECT id, at, type, data FROM events WHERE type IN (" + in +
                            ") AND (CAST(? AS TEXT) = '' OR type = ?) AND id < ? "
                            "ORDER BY id DESC LIMIT ?");
  int n = 0;
  for (const auto& type : types()) s.bind(++n, type);
  s.bind(++n, query.type);
  s.bind(++n, query.type);
  s.bind(++n, query.before_id.value_or(INT64_MAX));
  s.bind(++n, std::clamp(query.limit, 1, 500));
  std::vector<AuditRecord> out;
  while (s.step()) {
    AuditRecord r{s.column(0).int64(), s.column(1).int64(), s.column(2).text(), {}};
    boost::json::error_code ec;
    auto data = boost::json::parse(s.column(3).view(), ec);  // written by the server
    if (!ec && data.is_object()) r.data = std::move(data.as_object());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kefu::admin
