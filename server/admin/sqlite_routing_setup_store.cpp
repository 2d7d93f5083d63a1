#include "server/admin/sqlite_routing_setup_store.hpp"

#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

namespace kefu::admin {
namespace json = boost::json;

SqliteRoutingSetupStore::SqliteRoutingSetupStore(const std::string& database, const Clock& clock)
    : owned_(std::make_unique<SQLite::Database>(database, SQLite::OPEN_READWRITE)),
      db_(*owned_),
      clock_(clock) {
  db_.setBusyTimeout(5000);
  db_.exec("PRAGMA foreign_keys = ON");
  // The store's checkpointer copies the log; this connection's commits must not do it too.
  db_.exec("PRAGMA wal_autocheckpoint = 0");
}

SqliteRoutingSetupStore::SqliteRoutingSetupStore(SQLite::Database& borrowed, const Clock& clock)
    : db_(borrowed), clock_(clock) {}

std::vector<TeamDefinition> SqliteRoutingSetupStore::teams() {
  std::vector<TeamDefinition> all;
  SQLite::Statement s(db_,
                      "SELECT t.name, ut.user_id FROM teams t "
                      "LEFT JOIN user_teams ut ON ut.team_id = t.id "
                      "ORDER BY t.name, ut.user_id");
  while (s.executeStep()) {
    const std::string name = s.getColumn(0).getString();
    if (all.empty() || all.back().name != name) all.push_back(TeamDefinition{name, {}});
    if (!s.getColumn(1).isNull()) all.back().members.push_back(s.getColumn(1).getInt64());
  }
  return all;
}

std::vector<QueueDefinition> SqliteRoutingSetupStore::queues() {
  std::vector<QueueDefinition> all;
  SQLite::Statement s(db_,
                      "SELECT definition, retired_at, moved_to FROM admin_queues ORDER BY name");
  while (s.executeStep()) {
    const json::value stored = json::parse(s.getColumn(0).getString());  // written by us
    QueueDefinition q = read_queue(stored.as_object());
    if (!s.getColumn(1).isNull()) q.retired_at = s.getColumn(1).getInt64();
    if (!s.getColumn(2).isNull()) q.moved_to = s.getColumn(2).getString();
    all.push_back(std::move(q));
  }
  return all;
}

std::vector<std::string> SqliteRoutingSetupStore::skills() {
  std::vector<std::string> names;
  SQLite::Statement s(db_, "SELECT name FROM skills ORDER BY name");
  while (s.executeStep()) names.push_back(s.getColumn(0).getString());
  return names;
}

std::optional<store::Role> SqliteRoutingSetupStore::active_staff_role(std::int64_t id) {
  SQLite::Statement s(db_, "SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return store::parse_role(s.getColumn(0).getString());
}

void SqliteRoutingSetupStore::save_team(const TeamDefinition& team, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement add(db_, "INSERT OR IGNORE INTO teams(name) VALUES (?)");
  add.bind(1, team.name);
  add.exec();
  SQLite::Statement clear(
      db_, "DELETE FROM user_teams WHERE team_id = (SELECT id FROM teams WHERE name = ?)");
  clear.bind(1, team.name);
  clear.exec();
  for (const auto member : team.members) {
    SQLite::Statement join(db_,
                           "INSERT INTO user_teams(user_id, team_id) "
                           "SELECT ?, id FROM teams WHERE name = ?");
    join.bind(1, member);
    join.bind(2, team.name);
    join.exec();
  }
  log(audit);
  t.release();
}

void SqliteRoutingSetupStore::save_queue(const QueueDefinition& queue, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  json::object definition = queue_json(queue);
  definition.erase("retired_at");
  definition.erase("moved_to");
  SQLite::Statement s(db_,
                      "INSERT INTO admin_queues(name, channel, definition, retired_at, moved_to) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                      "definition = excluded.definition, retired_at = excluded.retired_at, "
                      "moved_to = excluded.moved_to");
  s.bind(1, queue.name);
  s.bind(2, queue.channel);
  s.bind(3, json::serialize(definition));
  if (queue.retired_at) s.bind(4, *queue.retired_at);
  if (!queue.moved_to.empty()) s.bind(5, queue.moved_to);
  s.exec();
  log(audit);
  t.release();
}

std::vector<TeamHours> SqliteRoutingSetupStore::hours() {
  std::vector<TeamHours> all;
  SQLite::Statement s(db_, "SELECT team, definition FROM team_hours ORDER BY team");
  while (s.executeStep()) {
    const json::value stored = json::parse(s.getColumn(1).getString());  // written by us
    all.push_back(read_hours(s.getColumn(0).getString(), stored.as_object()));
  }
  return all;
}

void SqliteRoutingSetupStore::save_hours(const TeamHours& hours, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement s(db_,
                      "INSERT INTO team_hours(team, definition) VALUES (?, ?) "
                      "ON CONFLICT(team) DO UPDATE SET definition = excluded.definition");
  s.bind(1, hours.team);
  s.bind(2, json::serialize(hours_json(hours)));
  s.exec();
  log(audit);
  t.release();
}

std::vector<SlaPolicy> SqliteRoutingSetupStore::sla_policies() {
  std::vector<SlaPolicy> all;
  SQLite::Statement s(db_, "SELECT name, definition FROM sla_policies ORDER BY name");
  while (s.executeStep()) {
    const json::value stored = json::parse(s.getColumn(1).getString());  // written by us
    all.push_back(stored_sla(stored.as_object()));
  }
  return all;
}

void SqliteRoutingSetupStore::save_sla(const SlaPolicy& policy, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement s(db_,
                      "INSERT INTO sla_policies(name, definition) VALUES (?, ?) "
                      "ON CONFLICT(name) DO UPDATE SET definition = excluded.definition");
  s.bind(1, sla_key(policy));
  s.bind(2, json::serialize(sla_json(policy)));
  s.exec();
  log(audit);
  t.release();
}

void SqliteRoutingSetupStore::remove_team(const std::string& name, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement members(
      db_, "DELETE FROM user_teams WHERE team_id = (SELECT id FROM teams WHERE name = ?)");
  members.bind(1, name);
  members.exec();
  SQLite::Statement s(db_, "DELETE FROM teams WHERE name = ?");
  s.bind(1, name);
  s.exec();
  log(audit);
  t.release();
}

void SqliteRoutingSetupStore::remove_hours(const std::string& team, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement s(db_, "DELETE FROM team_hours WHERE team = ?");
  s.bind(1, team);
  s.exec();
  log(audit);
  t.release();
}

void SqliteRoutingSetupStore::remove_sla(const std::string& key, const AuditEntry& audit) {
  SQLite::Savepoint t(db_, "routing_setup");
  SQLite::Statement s(db_, "DELETE FROM sla_policies WHERE name = ?");
  s.bind(1, key);
  s.exec();
  log(audit);
  t.release();
}

void SqliteRoutingSetupStore::log(const AuditEntry& audit) {
  json::object data{{"by", audit.by},
                    {"subject", audit.subject},
                    {"before", audit.before},
                    {"after", audit.after}};
  SQLite::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, clock_.now_ms());
  s.bind(2, audit.type);
  s.bind(3, audit.by);
  s.bind(4, json::serialize(data));
  s.exec();
}

}  // namespace kefu::admin
