#include "server/admin/sqlite_routing_setup_store.hpp"

#include <boost/json.hpp>

#include "server/admin/admin_connection.hpp"
#include "server/admin/setup_errors.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::admin {
namespace json = boost::json;

SqliteRoutingSetupStore::SqliteRoutingSetupStore(const std::string& location, const Clock& clock)
    : owned_(open_admin_connection(location)), db_(*owned_), clock_(clock) {}

SqliteRoutingSetupStore::SqliteRoutingSetupStore(sql::Connection& borrowed, const Clock& clock)
    : db_(borrowed), clock_(clock) {}

std::vector<TeamDefinition> SqliteRoutingSetupStore::teams() {
  std::vector<TeamDefinition> all;
  sql::Statement s(db_,
                   "SELECT t.name, ut.user_id FROM teams t "
                   "LEFT JOIN user_teams ut ON ut.team_id = t.id "
                   "ORDER BY t.name, ut.user_id");
  while (s.step()) {
    const std::string name = s.column(0).text();
    if (all.empty() || all.back().name != name) all.push_back(TeamDefinition{name, {}});
    if (!s.column(1).is_null()) all.back().members.push_back(s.column(1).int64());
  }
  return all;
}

std::vector<QueueDefinition> SqliteRoutingSetupStore::queues() {
  std::vector<QueueDefinition> all;
  sql::Statement s(db_, "SELECT definition, retired_at, moved_to FROM admin_queues ORDER BY name");
  while (s.step()) {
    const json::value stored = json::parse(s.column(0).view());  // written by us
    QueueDefinition q = read_queue(stored.as_object());
    q.retired_at = s.column(1).optional_int64();
    if (!s.column(2).is_null()) q.moved_to = s.column(2).text();
    all.push_back(std::move(q));
  }
  return all;
}

std::vector<std::string> SqliteRoutingSetupStore::skills() {
  std::vector<std::string> names;
  sql::Statement s(db_, "SELECT name FROM skills ORDER BY name");
  while (s.step()) names.push_back(s.column(0).text());
  return names;
}

std::optional<store::Role> SqliteRoutingSetupStore::active_staff_role(std::int64_t id) {
  sql::Statement s(db_, "SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return store::parse_role(s.column(0).text());
}

void SqliteRoutingSetupStore::save_team(const TeamDefinition& team, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement add(db_, "INSERT INTO teams(name) VALUES (?) ON CONFLICT DO NOTHING");
  add.bind(1, team.name);
  add.exec();
  sql::Statement clear(
      db_, "DELETE FROM user_teams WHERE team_id = (SELECT id FROM teams WHERE name = ?)");
  clear.bind(1, team.name);
  clear.exec();
  join_members(team);
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::join_members(const TeamDefinition& team) {
  for (const auto member : team.members) {
    sql::Statement join(db_,
                        "INSERT INTO user_teams(user_id, team_id) "
                        "SELECT CAST(? AS BIGINT), id FROM teams WHERE name = ?");
    join.bind(1, member);
    join.bind(2, team.name);
    join.exec();
  }
}

void SqliteRoutingSetupStore::create_team(const TeamDefinition& team, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  try {
    sql::Statement add(db_, "INSERT INTO teams(name) VALUES (?)");  // UNIQUE (name)
    add.bind(1, team.name);
    add.exec();
  } catch (const sql::Error& refused) {
    if (refused.kind() != sql::Error::Kind::duplicate) throw;
    throw SetupInputError("duplicate_team", "the team '" + team.name + "' exists");
  }
  join_members(team);
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::create_queue(const QueueDefinition& queue, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  json::object definition = queue_json(queue);
  definition.erase("retired_at");
  definition.erase("moved_to");
  try {
    sql::Statement s(db_,
                     "INSERT INTO admin_queues(name, channel, definition) "
                     "VALUES (?, ?, ?)");  // PRIMARY KEY (name)
    s.bind(1, queue.name);
    s.bind(2, queue.channel);
    s.bind(3, json::serialize(definition));
    s.exec();
  } catch (const sql::Error& refused) {
    if (refused.kind() != sql::Error::Kind::duplicate) throw;
    throw SetupInputError("duplicate_queue", "the queue '" + queue.name + "' exists");
  }
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::save_queue(const QueueDefinition& queue, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  json::object definition = queue_json(queue);
  definition.erase("retired_at");
  definition.erase("moved_to");
  sql::Statement s(db_,
                   "INSERT INTO admin_queues(name, channel, definition, retired_at, moved_to) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                   "definition = excluded.definition, retired_at = excluded.retired_at, "
                   "moved_to = excluded.moved_to");
  s.bind(1, queue.name);
  s.bind(2, queue.channel);
  s.bind(3, json::serialize(definition));
  s.bind(4, queue.retired_at);
  if (!queue.moved_to.empty()) s.bind(5, queue.moved_to);
  s.exec();
  log(audit);
  t.commit();
}

std::vector<TeamHours> SqliteRoutingSetupStore::hours() {
  std::vector<TeamHours> all;
  sql::Statement s(db_, "SELECT team, definition FROM team_hours ORDER BY team");
  while (s.step()) {
    const json::value stored = json::parse(s.column(1).view());  // written by us
    all.push_back(read_hours(s.column(0).text(), stored.as_object()));
  }
  return all;
}

void SqliteRoutingSetupStore::save_hours(const TeamHours& hours, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_,
                   "INSERT INTO team_hours(team, definition) VALUES (?, ?) "
                   "ON CONFLICT (team) DO UPDATE SET definition = excluded.definition");
  s.bind(1, hours.team);
  s.bind(2, json::serialize(hours_json(hours)));
  s.exec();
  log(audit);
  t.commit();
}

std::vector<SlaPolicy> SqliteRoutingSetupStore::sla_policies() {
  std::vector<SlaPolicy> all;
  sql::Statement s(db_, "SELECT name, definition FROM sla_policies ORDER BY name");
  while (s.step()) {
    const json::value stored = json::parse(s.column(1).view());  // written by us
    all.push_back(stored_sla(stored.as_object()));
  }
  return all;
}

void SqliteRoutingSetupStore::save_sla(const SlaPolicy& policy, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_,
                   "INSERT INTO sla_policies(name, definition) VALUES (?, ?) "
                   "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition");
  s.bind(1, sla_key(policy));
  s.bind(2, json::serialize(sla_json(policy)));
  s.exec();
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::remove_team(const std::string& name, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement members(
      db_, "DELETE FROM user_teams WHERE team_id = (SELECT id FROM teams WHERE name = ?)");
  members.bind(1, name);
  members.exec();
  sql::Statement s(db_, "DELETE FROM teams WHERE name = ?");
  s.bind(1, name);
  s.exec();
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::remove_hours(const std::string& team, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_, "DELETE FROM team_hours WHERE team = ?");
  s.bind(1, team);
  s.exec();
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::remove_sla(const std::string& key, const AuditEntry& audit) {
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_, "DELETE FROM sla_policies WHERE name = ?");
  s.bind(1, key);
  s.exec();
  log(audit);
  t.commit();
}

void SqliteRoutingSetupStore::log(const AuditEntry& audit) {
  json::object data{{"by", audit.by},
                    {"subject", audit.subject},
                    {"before", audit.before},
                    {"after", audit.after}};
  sql::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, clock_.now_ms());
  s.bind(2, audit.type);
  s.bind(3, audit.by);
  s.bind(4, json::serialize(data));
  s.exec();
}

}  // namespace kefu::admin
