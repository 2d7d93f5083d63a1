#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/admin/routing_setup.hpp"
#include "server/admin/sqlite_routing_setup_store.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/desk_fixture.hpp"
#include "tests/support/sql_backend.hpp"

// The routing setup's store (teams, queues, business hours, SLA policies, each save with its
// audit event) on the engine KEFU_TEST_STORE names: kefu_add_postgres_run runs these on
// PostgreSQL too.

using kefu::admin::AuditEntry;
using kefu::admin::QueueDefinition;
using kefu::admin::RoutingSetup;
using kefu::admin::SetupInputError;
using kefu::admin::SlaPolicy;
using kefu::admin::SqliteRoutingSetupStore;
using kefu::admin::TeamDefinition;
namespace json = boost::json;

namespace {

struct Setup {
  kefu::testing::MigratedDatabase db;
  kefu::testing::ManualClock clock;
  SqliteRoutingSetupStore store{db, clock};
  RoutingSetup setup{store};

  // An agent (or, deactivated, a former one) straight in the users table.
  std::int64_t staff(const std::string& login, bool deactivated = false) {
    db.exec(
        "INSERT INTO users(login, display_name, role, password_hash, created_at, "
        "deactivated_at) VALUES ('" +
        login + "', '" + login + "', 'agent', 'x', 1, " + (deactivated ? "5" : "NULL") + ")");
    return db.integer("SELECT id FROM users WHERE login = '" + login + "'");
  }
  // Every row the routing setup writes, and the log: any change moves this number.
  std::int64_t rows() {
    return db.integer(
        "SELECT (SELECT COUNT(*) FROM teams) * 100000000 + (SELECT COUNT(*) FROM user_teams) * "
        "1000000 + (SELECT COUNT(*) FROM admin_queues) * 10000 + (SELECT COUNT(*) FROM "
        "sla_policies) * 1000 + (SELECT COUNT(*) FROM team_hours) * 100 + (SELECT COUNT(*) FROM "
        "events)");
  }
  std::string queue_definition(const std::string& name) {
    kefu::sql::Statement s(db, "SELECT definition FROM admin_queues WHERE name = ?");
    s.bind(1, name);
    return s.step() ? s.column(0).text() : "";
  }
};

QueueDefinition billing_queue() {
  QueueDefinition q;
  q.name = "billing";
  q.team = "support";
  q.skill = "billing";
  q.min_level = 2;
  q.language = "zh";
  q.priority = 3;
  q.overflow_after_seconds = 60;
  q.overflow_skills = {"orders"};
  return q;
}

AuditEntry audit(const std::string& type, std::int64_t by, const std::string& subject) {
  return AuditEntry{type, by, subject, {}, {}};
}

std::string error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SetupInputError& e) {
    return e.code;
  }
  return "none";
}

// The routing setup as another admin's request saw it: teams() and queues() answer what the
// store held when this was made, everything else goes to `store`. RoutingSetup over it checks
// "is the name new?" against that look, as a request does that read just before another's
// create committed.
class LookedBefore final : public kefu::admin::RoutingSetupStore {
 public:
  explicit LookedBefore(kefu::admin::RoutingSetupStore& store)
      : store_(store), teams_(store.teams()), queues_(store.queues()) {}
  std::vector<TeamDefinition> teams() override { return teams_; }
  std::vector<QueueDefinition> queues() override { return queues_; }
  std::vector<std::string> skills() override { return store_.skills(); }
  std::optional<kefu::store::Role> active_staff_role(std::int64_t id) override {
    return store_.active_staff_role(id);
  }
  void save_team(const TeamDefinition& t, const AuditEntry& a) override { store_.save_team(t, a); }
  void save_queue(const QueueDefinition& q, const AuditEntry& a) override {
    store_.save_queue(q, a);
  }
  void create_team(const TeamDefinition& t, const AuditEntry& a) override {
    store_.create_team(t, a);
  }
  void create_queue(const QueueDefinition& q, const AuditEntry& a) override {
    store_.create_queue(q, a);
  }
  std::vector<kefu::admin::TeamHours> hours() override { return store_.hours(); }
  void save_hours(const kefu::admin::TeamHours& h, const AuditEntry& a) override {
    store_.save_hours(h, a);
  }
  std::vector<SlaPolicy> sla_policies() override { return store_.sla_policies(); }
  void save_sla(const SlaPolicy& p, const AuditEntry& a) override { store_.save_sla(p, a); }
  void remove_team(const std::string& n, const AuditEntry& a) override { store_.remove_team(n, a); }
  void remove_hours(const std::string& t, const AuditEntry& a) override {
    store_.remove_hours(t, a);
  }
  void remove_sla(const std::string& k, const AuditEntry& a) override { store_.remove_sla(k, a); }

 private:
  kefu::admin::RoutingSetupStore& store_;
  std::vector<TeamDefinition> teams_;
  std::vector<QueueDefinition> queues_;
};

}  // namespace

TEST_CASE("of two creates of one team or queue name, the database keeps the first whole",
          "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  const auto bob = t.staff("bob");
  // The second admin's node: its own connection to the same database, and its look at the
  // setup taken before the first admin's creates commit.
  auto other_connection = t.db.open_another();
  SqliteRoutingSetupStore other_store(*other_connection, t.clock);
  LookedBefore before_team(other_store);
  t.setup.save_team({"support", {ann}}, true, ann);
  LookedBefore before_queue(other_store);
  t.setup.create_queue(billing_queue(), ann);
  const auto rows = t.rows();
  const auto definition = t.queue_definition("billing");

  CHECK(error_code_of([&] {
          RoutingSetup(before_team).save_team({"support", {bob}}, true, bob);
        }) == "duplicate_team");
  auto second = billing_queue();
  second.priority = 7;
  CHECK(error_code_of([&] { RoutingSetup(before_queue).create_queue(second, bob); }) ==
        "duplicate_queue");
  // Nothing of the losers: the first team's members and queue, one audit event each.
  CHECK(t.rows() == rows);
  REQUIRE(t.store.teams().size() == 1);
  CHECK(t.store.teams()[0].members == std::vector<std::int64_t>{ann});
  CHECK(t.queue_definition("billing") == definition);
  CHECK(t.db.integer("SELECT COUNT(*) FROM events WHERE type IN ('team_created', "
                     "'queue_created') AND agent_id = " +
                     std::to_string(bob)) == 0);
  // The other node's connection still works: its next create of a new name is stored.
  RoutingSetup(other_store).save_team({"night", {bob}}, true, bob);
  CHECK(t.store.teams().size() == 2);
}

TEST_CASE("teams and queues are stored, read back and audited in the same transaction",
          "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  const auto bob = t.staff("bob");
  t.clock.now = 1000;
  CHECK(t.setup.save_team({"support", {bob, ann}}, true, ann) ==
        std::vector<std::int64_t>{ann, bob});
  const auto teams = t.store.teams();
  REQUIRE(teams.size() == 1);
  CHECK(teams[0].name == "support");
  CHECK(teams[0].members == std::vector<std::int64_t>{ann, bob});
  CHECK(t.setup.save_team({"support", {bob}}, false, ann) == std::vector<std::int64_t>{ann});
  CHECK(t.store.teams()[0].members == std::vector<std::int64_t>{bob});

  t.setup.create_queue(billing_queue(), ann);
  auto changed = billing_queue();
  changed.priority = 5;
  t.setup.update_queue("billing", changed, ann);
  t.setup.create_queue(
      [] {
        auto q = billing_queue();
        q.name = "billing-en";
        q.language = "en";
        return q;
      }(),
      ann);
  t.setup.retire_queue("billing-en", "billing", 2000, ann);
  const auto queues = t.store.queues();
  REQUIRE(queues.size() == 2);
  CHECK(queues[0].name == "billing");
  CHECK(queues[0].priority == 5);
  CHECK(queues[0].overflow_skills == std::vector<std::string>{"orders"});
  CHECK_FALSE(queues[0].retired_at.has_value());
  CHECK(queues[1].name == "billing-en");
  CHECK(queues[1].retired_at == std::optional<std::int64_t>(2000));
  CHECK(queues[1].moved_to == "billing");

  CHECK(t.db.integer("SELECT COUNT(*) FROM events WHERE type IN ('team_created', "
                     "'team_updated', 'queue_created', 'queue_updated', 'queue_retired') AND at = "
                     "1000 AND agent_id = " +
                     std::to_string(ann)) == 6);
  kefu::sql::Statement logged(t.db, "SELECT data FROM events WHERE type = 'queue_retired'");
  REQUIRE(logged.step());
  const auto retired = json::parse(logged.column(0).view());
  CHECK(retired.at("subject") == "billing-en");
  CHECK(retired.at("after").at("moved_to") == "billing");
  CHECK(t.store.skills().size() == 6);
  CHECK(t.store.active_staff_role(ann) == kefu::store::Role::agent);
}

TEST_CASE("business hours and SLA policies are replaced by key and removed with their event",
          "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  t.setup.save_team({"support", {ann}}, true, ann);
  const auto hours = kefu::admin::read_hours(
      "support", json::parse(R"({"time_zone":"Asia/Shanghai","week":{"mon":[["09:00","18:00"]]},
                                 "holidays":["2026-10-01"]})")
                     .as_object());
  t.setup.save_hours(hours, ann);
  REQUIRE(t.store.hours().size() == 1);
  CHECK(t.store.hours()[0].holidays.size() == 1);
  CHECK(kefu::admin::hours_json(t.store.hours()[0]) == kefu::admin::hours_json(hours));

  t.setup.create_queue(billing_queue(), ann);
  SlaPolicy chat = kefu::admin::default_sla("chat");
  chat.first_response_seconds = 30;
  t.setup.save_sla(chat, ann);
  chat.first_response_seconds = 40;
  t.setup.save_sla(chat, ann);
  SlaPolicy vip = chat;
  vip.queue = "billing";
  vip.priority = "vip";
  vip.time = "business";
  t.setup.create_queue_sla(vip, ann);
  const auto stored = t.store.sla_policies();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].channel == "chat");
  CHECK(stored[0].first_response_seconds == 40);
  CHECK(kefu::admin::sla_key(stored[1]) == "queue:billing:vip");
  CHECK(stored[1].time == "business");

  const auto events = t.db.integer("SELECT COUNT(*) FROM events");
  t.store.remove_sla("queue:billing:vip", audit("sla_removed", ann, "queue:billing:vip"));
  t.store.remove_hours("support", audit("hours_updated", ann, "support"));
  t.store.remove_team("support", audit("team_removed", ann, "support"));
  CHECK(t.store.sla_policies().size() == 1);
  CHECK(t.store.hours().empty());
  CHECK(t.store.teams().empty());
  CHECK(t.db.integer("SELECT COUNT(*) FROM user_teams") == 0);
  CHECK(t.db.integer("SELECT COUNT(*) FROM events") == events + 3);
}

TEST_CASE("bad routing setup input is refused with its code and changes nothing", "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  const auto gone = t.staff("gone", true);
  t.setup.save_team({"support", {ann}}, true, ann);
  t.setup.create_queue(billing_queue(), ann);
  const auto before = t.rows();
  CHECK(error_code_of([&] {
          t.setup.save_team({"support", {ann}}, true, ann);
        }) == "duplicate_team");
  CHECK(error_code_of([&] {
          t.setup.save_team({"night", {gone}}, true, ann);
        }) == "unknown_member");
  CHECK(error_code_of([&] {
          t.setup.save_team({"night", {ann + 1000}}, true, ann);
        }) == "unknown_member");
  CHECK(error_code_of([&] { t.setup.create_queue(billing_queue(), ann); }) == "duplicate_queue");
  CHECK(error_code_of([&] {
          auto q = billing_queue();
          q.name = "other";
          q.team = "nobody";
          t.setup.create_queue(q, ann);
        }) == "unknown_team");
  CHECK(error_code_of([&] {
          auto q = billing_queue();
          q.name = "juggling";
          q.skill = "juggling";
          t.setup.create_queue(q, ann);
        }) == "unknown_skill");
  CHECK(error_code_of([&] {
          auto q = billing_queue();
          q.name = "twin";
          t.setup.create_queue(q, ann);
        }) == "queue_conflict");
  SlaPolicy vip = kefu::admin::default_sla("chat");
  vip.queue = "billing";
  vip.priority = "vip";
  t.setup.create_queue_sla(vip, ann);
  const auto with_policy = t.rows();
  CHECK(with_policy != before);
  CHECK(error_code_of([&] { t.setup.create_queue_sla(vip, ann); }) == "duplicate_policy");
  CHECK(t.rows() == with_policy);
  CHECK(json::parse(t.queue_definition("billing")).at("priority") == 3);
  CHECK(t.store.teams()[0].members == std::vector<std::int64_t>{ann});
}

TEST_CASE("a save the database refuses leaves neither the change nor its audit event",
          "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  t.setup.save_team({"support", {ann}}, true, ann);
  const auto before = t.rows();
  // Past RoutingSetup's checks, the schema still refuses: a queue on a channel it does not
  // know (CHECK), a member who is nobody (FOREIGN KEY; PostgreSQL always enforces it, the
  // server's SQLite connections with PRAGMA foreign_keys).
  auto email = billing_queue();
  email.channel = "email";
  try {
    t.store.save_queue(email, audit("queue_created", ann, "billing"));
    FAIL("the CHECK on admin_queues.channel let an email queue in");
  } catch (const kefu::sql::Error& refused) {
    CHECK(refused.kind() == kefu::sql::Error::Kind::constraint);
  }
  CHECK(t.rows() == before);
  if (!t.db.postgres()) t.db.exec("PRAGMA foreign_keys = ON");
  CHECK_THROWS_AS(
      t.store.save_team({"support", {ann, ann + 1000}}, audit("team_updated", ann, "support")),
      kefu::sql::Error);
  CHECK(t.rows() == before);
  CHECK(t.store.teams()[0].members == std::vector<std::int64_t>{ann});
}

TEST_CASE("saves inside a caller's transaction are undone with it", "[admin_store]") {
  Setup t;
  const auto ann = t.staff("ann");
  const auto before = t.rows();
  {
    kefu::sql::Transaction outer(t.db, kefu::sql::Transaction::Mode::write);
    t.store.save_team({"support", {ann}}, audit("team_created", ann, "support"));
    t.store.save_queue(billing_queue(), audit("queue_created", ann, "billing"));
    CHECK(t.rows() != before);  // seen inside the transaction
  }                             // not committed
  CHECK(t.rows() == before);
  CHECK(t.store.teams().empty());
  {
    kefu::sql::Transaction outer(t.db, kefu::sql::Transaction::Mode::write);
    t.store.save_team({"support", {ann}}, audit("team_created", ann, "support"));
    outer.commit();
  }
  CHECK(t.store.teams().size() == 1);
}
