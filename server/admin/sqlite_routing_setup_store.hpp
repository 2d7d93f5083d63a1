#pragma once

#include <memory>

#include "server/admin/routing_setup_store.hpp"
#include "server/domain/clock.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::admin {

// RoutingSetupStore on the neutral SQL layer, either engine (tables teams, user_teams, skills and
// the `admin_queues` of SQLite's migration step 13, `team_hours` and `sla_policies` of step 14;
// PostgreSQL's step 4). Each save is a sql::Transaction: its own, or a savepoint within the
// caller's. Not thread-safe.
class SqliteRoutingSetupStore final : public RoutingSetupStore {
 public:
  // With a connection of its own to `location` (open_admin_connection: a postgresql:// URI or
  // the SQLite file).
  SqliteRoutingSetupStore(const std::string& location, const Clock& clock);
  // On a connection the caller owns (it must outlive the store), so that several stores'
  // saves can share the caller's transaction: each save is a savepoint within it.
  SqliteRoutingSetupStore(sql::Connection& borrowed, const Clock& clock);

  std::vector<TeamDefinition> teams() override;
  std::vector<QueueDefinition> queues() override;
  std::vector<std::string> skills() override;
  std::optional<store::Role> active_staff_role(std::int64_t id) override;
  void save_team(const TeamDefinition& team, const AuditEntry& audit) override;
  void save_queue(const QueueDefinition& queue, const AuditEntry& audit) override;
  void create_team(const TeamDefinition& team, const AuditEntry& audit) override;
  void create_queue(const QueueDefinition& queue, const AuditEntry& audit) override;
  std::vector<TeamHours> hours() override;
  void save_hours(const TeamHours& hours, const AuditEntry& audit) override;
  std::vector<SlaPolicy> sla_policies() override;
  void save_sla(const SlaPolicy& policy, const AuditEntry& audit) override;
  void remove_team(const std::string& name, const AuditEntry& audit) override;
  void remove_hours(const std::string& team, const AuditEntry& audit) override;
  void remove_sla(const std::string& key, const AuditEntry& audit) override;

  // Writes the audit event inside the caller's transaction (for sibling stores' saves).
  void log(const AuditEntry& audit);
  sql::Connection& database() { return db_; }

 private:
  void join_members(const TeamDefinition& team);

  std::unique_ptr<sql::Connection> owned_;  // unset on a borrowed connection
  sql::Connection& db_;
  const Clock& clock_;
};

}  // namespace kefu::admin
