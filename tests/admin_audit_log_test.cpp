#include <catch2/catch.hpp>

#include "server/admin/audit_log.hpp"
#include "tests/support/sql_backend.hpp"

// The audit viewer's reading of the log on the engine KEFU_TEST_STORE names (both engines:
// kefu_add_postgres_run).

using kefu::admin::AuditQuery;
using kefu::admin::SqliteAuditLog;

namespace {

struct Log {
  kefu::testing::MigratedDatabase db;
  SqliteAuditLog log{db};

  void event(const std::string& type, std::int64_t at, const std::string& data) {
    db.exec("INSERT INTO events(at, type, data) VALUES (" + std::to_string(at) + ", '" + type +
            "', '" + data + "')");
  }
  std::vector<std::string> types(const AuditQuery& q) {
    std::vector<std::string> out;
    for (const auto& r : log.changes(q)) out.push_back(r.type);
    return out;
  }
};

}  // namespace

TEST_CASE("the audit log lists admin changes newest first, by type and by page", "[admin_store]") {
  Log t;
  t.event("team_created", 1, R"({"by":1,"subject":"support"})");
  t.event("message_received", 2, "{}");
  t.event("staff_created", 3, R"({"by":1,"user":2})");
  t.event("queue_created", 4, R"({"by":1,"subject":"billing"})");
  t.event("agent_status", 5, "{}");
  t.event("team_updated", 6, R"({"by":2,"subject":"support"})");

  const auto all = t.log.changes({});
  REQUIRE(all.size() == 4);
  CHECK(all[0].type == "team_updated");
  CHECK(all[0].at == 6);
  CHECK(all[0].data.at("by") == 2);
  CHECK(all[3].type == "team_created");
  CHECK(all[3].data.at("subject") == "support");

  CHECK(t.types({"team_created", std::nullopt, 100}) == std::vector<std::string>{"team_created"});
  CHECK(t.types({"", all[1].id, 100}) == std::vector<std::string>{"staff_created", "team_created"});
  CHECK(t.types({"", std::nullopt, 1}) == std::vector<std::string>{"team_updated"});
  // A limit outside 1..500 is brought into it; a type that is no admin change lists nothing.
  CHECK(t.types({"", std::nullopt, 0}).size() == 1);
  CHECK(t.types({"message_received", std::nullopt, 100}).empty());
}
