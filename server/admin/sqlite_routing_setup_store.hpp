#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>

#include "server/admin/routing_setup_store.hpp"
#include "server/domain/clock.hpp"

namespace kefu::admin {

// RoutingSetupStore on the server's SQLite database (tables teams, user_teams, skills and the
// `admin_queues` of migration step 5, `team_hours` and `sla_policies` of step 6), with a connection
// of its own. Not thread-safe.
class SqliteRoutingSetupStore final : public RoutingSetupStore {
 public:
  SqliteRoutingSetupStore(const std::string& database, const Clock& clock);
  // On a connection the caller owns (it must outlive the store), so that several stores'
  // saves can share the caller's transaction: each save is a savepoint within it.
  SqliteRoutingSetupStore(SQLite::Database& borrowed, const Clock& clock);

  std::vector<TeamDefinition> teams() override;
  std::vector<QueueDefinition> queues() override;
  std::vector<std::string> skills() override;
  std::optional<store::Role> active_staff_role(std::int64_t id) override;
  void save_team(const TeamDefinition& team, const AuditEntry& audit) override;
  void save_queue(const QueueDefinition& queue, const AuditEntry& audit) override;
  std::vector<TeamHours> hours() override;
  void save_hours(const TeamHours& hours, const AuditEntry& audit) override;
  std::vector<SlaPolicy> sla_policies() override;
  void save_sla(const SlaPolicy& policy, const AuditEntry& audit) override;
  void remove_team(const std::string& name, const AuditEntry& audit) override;
  void remove_hours(const std::string& team, const AuditEntry& audit) override;
  void remove_sla(const std::string& key, const AuditEntry& audit) override;

  // Writes the audit event inside the caller's transaction (for sibling stores' saves).
  void log(const AuditEntry& audit);
  SQLite::Database& database() { return db_; }

 private:
  std::unique_ptr<SQLite::Database> owned_;  // unset on a borrowed connection
  SQLite::Database& db_;
  const Clock& clock_;
};

}  // namespace kefu::admin
