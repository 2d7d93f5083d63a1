#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/admin/queue_definition.hpp"
#include "server/back_office/schema_setup.hpp"
#include "server/config/config_import.hpp"
#include "server/config/config_refused.hpp"
#include "server/config/sqlite_config_store.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/desk_fixture.hpp"
#include "tests/support/sql_backend.hpp"

// The configuration's store: an import is one transaction over every module's store, the
// routing setup's saves savepoints within it. On both engines (SqliteConfigStore opens its
// connection by location: a SQLite file or a postgresql:// URI).

namespace json = boost::json;
using kefu::config::ConfigChange;

namespace {

struct Shop {
  kefu::testing::SqlBackend backend;
  std::unique_ptr<kefu::sql::Connection> db = [this] {
    auto db = backend.open();
    // PostgreSQL: SqlBackend gave the newest schema already.
    if (auto* sqlite = kefu::sql::as_sqlite(*db)) {
      kefu::store::migrate(sqlite->database());
      kefu::prepare_schema(sqlite->database());
    }
    return db;
  }();
  kefu::testing::ManualClock clock;
  kefu::admin::PasswordPolicy policy;
  kefu::auth::PasswordHasher hasher{1 << 16, 1};
  kefu::admin::StaffDirectory staff{*db, clock, policy, hasher};
  kefu::config::SqliteConfigStore store{backend.location(), clock, staff};

  std::int64_t agent(const std::string& login) {
    kefu::sql::Statement add(*db,
                             "INSERT INTO users(login, display_name, role, password_hash, "
                             "created_at) VALUES (?, ?, 'agent', 'x', 1) RETURNING id");
    add.bind(1, login).bind(2, login);
    return *add.insert_returning_id();
  }
  // Everything an import may write of the routing setup, and the log.
  std::int64_t rows() {
    kefu::sql::Statement s(
        *db,
        "SELECT (SELECT COUNT(*) FROM teams) * 100000000 + (SELECT COUNT(*) FROM user_teams) * "
        "1000000 + (SELECT COUNT(*) FROM admin_queues) * 10000 + (SELECT COUNT(*) FROM "
        "sla_policies) * 1000 + (SELECT COUNT(*) FROM team_hours) * 100 + (SELECT COUNT(*) FROM "
        "events)");
    REQUIRE(s.step());
    return s.column(0).int64();
  }
};

json::object billing_queue(const std::string& channel) {
  kefu::admin::QueueDefinition q;
  q.name = "billing";
  q.channel = channel;
  q.team = "support";
  q.skill = "billing";
  return kefu::admin::queue_json(q);
}

}  // namespace

TEST_CASE("an imported configuration is applied whole with an audit event per change",
          "[admin_store]") {
  Shop t;
  const auto ann = t.agent("ann");
  const json::value document = {
      {"kefu_config", 1},
      {"teams", json::array{json::object{{"name", "support"}, {"members", json::array{ann}}}}},
      {"queues", json::array{billing_queue("chat")}}};
  const auto changes = kefu::config::ConfigImport(t.store).run(document, false, ann, 5000);
  REQUIRE(changes.size() == 2);
  const auto now = t.store.current(false);
  CHECK(now.sections.at("teams").count("support") == 1);
  CHECK(now.sections.at("queues").at("billing").at("skill") == "billing");
  CHECK(t.store.routing().teams().at(0).members == std::vector<std::int64_t>{ann});
  kefu::sql::Statement logged(*t.db,
                              "SELECT COUNT(*) FROM events WHERE type IN ('team_created', "
                              "'queue_created') AND agent_id = ?");
  logged.bind(1, ann);
  REQUIRE(logged.step());
  CHECK(logged.column(0).int64() == 2);
}

TEST_CASE("an import the rules or the database refuse changes nothing", "[admin_store]") {
  Shop t;
  const auto ann = t.agent("ann");
  const auto before = t.rows();
  // The rules: a member who is nobody (ConfigRefused with the REST's code).
  const json::value unknown_member = {
      {"kefu_config", 1},
      {"teams", json::array{json::object{{"name", "support"}, {"members", json::array{ann + 9}}}}}};
  try {
    kefu::config::ConfigImport(t.store).run(unknown_member, false, ann, 5000);
    FAIL("an unknown member was imported");
  } catch (const kefu::config::ConfigRefused& refused) {
    CHECK(refused.code == "unknown_member");
  }
  CHECK(t.rows() == before);
  // The database: the last change breaks the schema's CHECK (a queue on a channel admin_queues
  // does not take), after a team was saved in the same transaction: both are undone.
  const std::vector<ConfigChange> changes{
      {"teams",
       "support",
       "added",
       {},
       json::object{{"name", "support"}, {"members", json::array{ann}}}},
      {"queues", "billing", "added", {}, billing_queue("fax")}};
  try {
    t.store.apply(changes, ann, 5000);
    FAIL("the store took a queue on the fax channel");
  } catch (const kefu::sql::Error& refused) {
    CHECK(refused.kind() == kefu::sql::Error::Kind::constraint);
  }
  CHECK(t.rows() == before);
  CHECK(t.store.routing().teams().empty());
}

TEST_CASE("an imported care rule adds only catalogue tags and keeps the tags it adds",
          "[admin_store][sqlite_only]") {
  Shop t;
  const json::object loyal{{"name", "loyal"}, {"label_zh", "忠实"}, {"label_en", "Loyal"}};
  auto rule = [](const std::string& tag) {
    return json::parse(R"({"name":"Loyal","trigger":"order_paid","actions":[{"type":"add_tag",)"
                       R"("tag":")" +
                       tag + R"("}]})");
  };
  auto refusal = [&](const json::value& document) -> std::pair<std::string, std::string> {
    try {
      kefu::config::ConfigImport(t.store).run(document, false, 0, 5000);
    } catch (const kefu::config::ConfigRefused& refused) {
      return {refused.code, refused.where};
    }
    return {"applied", ""};
  };
  auto rows = [&] {
    kefu::sql::Statement s(*t.db,
                           "SELECT (SELECT COUNT(*) FROM care_rules) * 10000 + (SELECT COUNT(*) "
                           "FROM tag_catalogue) * 100 + (SELECT COUNT(*) FROM tag_catalogue "
                           "WHERE retired_at IS NOT NULL)");
    REQUIRE(s.step());
    return s.column(0).int64();
  };
  const auto builtins = rows();
  // A rule adding a tag outside the imported catalogue: refused at the rule, nothing applied.
  CHECK(refusal({{"kefu_config", 1},
                 {"tags", json::array{loyal}},
                 {"care_rules", json::array{rule("nope")}}}) ==
        std::make_pair(std::string("unknown_tag"), std::string("care_rules/Loyal")));
  CHECK(rows() == builtins);
  CHECK(refusal({{"kefu_config", 1},
                 {"tags", json::array{loyal}},
                 {"care_rules", json::array{rule("loyal")}}}) ==
        std::make_pair(std::string("applied"), std::string()));
  const auto applied = rows();
  CHECK(applied == builtins + 10000 + 100);
  // Retiring the tag the rule adds: refused at the tag, as the REST's 409.
  json::object retired = loyal;
  retired["retired"] = true;
  CHECK(refusal({{"kefu_config", 1}, {"tags", json::array{retired}}}) ==
        std::make_pair(std::string("tag_in_use"), std::string("tags/loyal")));
  CHECK(rows() == applied);
}
