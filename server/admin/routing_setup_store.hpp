#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/admin/queue_definition.hpp"
#include "server/admin/sla_policy.hpp"
#include "server/admin/team_definition.hpp"
#include "server/admin/team_hours.hpp"
#include "server/store/records.hpp"

namespace kefu::admin {

// One configuration change as the interaction log keeps it: event `type` with data
// {"by", "subject", "before", "after"} (docs/events.md, "Admin changes").
struct AuditEntry {
  std::string type;
  std::int64_t by = 0;
  std::string subject;  // the team's or queue's name
  boost::json::object before;
  boost::json::object after;
};

// Where the routing setup (teams and queues) is kept. Each save writes the change and its audit
// event in one transaction: both or neither. Either engine: SqliteRoutingSetupStore.
class RoutingSetupStore {
 public:
  virtual ~RoutingSetupStore() = default;

  virtual std::vector<TeamDefinition> teams() = 0;  // by name
  // Every configured queue, retired ones too, by name.
  virtual std::vector<QueueDefinition> queues() = 0;
  // The skill catalogue.
  virtual std::vector<std::string> skills() = 0;
  // The role of an active (not deactivated) staff member; empty for anyone else.
  virtual std::optional<store::Role> active_staff_role(std::int64_t id) = 0;

  // Creates the team or replaces its members.
  virtual void save_team(const TeamDefinition& team, const AuditEntry& audit) = 0;
  // Creates or replaces the queue of that name.
  virtual void save_queue(const QueueDefinition& queue, const AuditEntry& audit) = 0;
  // Creates a new team with its members. The name's uniqueness is the database's: when a team
  // of that name exists (another admin, node or import created it since the caller looked),
  // throws SetupInputError duplicate_team and writes nothing, the existing team untouched.
  virtual void create_team(const TeamDefinition& team, const AuditEntry& audit) = 0;
  // Creates a new queue; the same for a taken name (SetupInputError duplicate_queue).
  virtual void create_queue(const QueueDefinition& queue, const AuditEntry& audit) = 0;

  // Every team's business hours (teams without any are always open).
  virtual std::vector<TeamHours> hours() = 0;
  // Sets a team's business hours.
  virtual void save_hours(const TeamHours& hours, const AuditEntry& audit) = 0;

  // The SLA policies an admin set (a channel without one has default_sla), by key.
  virtual std::vector<SlaPolicy> sla_policies() = 0;
  // Creates or replaces the policy of its key (sla_key).
  virtual void save_sla(const SlaPolicy& policy, const AuditEntry& audit) = 0;

  // For an imported configuration (kefu config import): removes a team (and its members'
  // membership), a team's business hours (always open again) or a policy (the default
  // again). Like the saves, each writes its audit event with the change.
  virtual void remove_team(const std::string& name, const AuditEntry& audit) = 0;
  virtual void remove_hours(const std::string& team, const AuditEntry& audit) = 0;
  // Removes the policy of that key (a channel, `queue:NAME` or `queue:NAME:PRIORITY`).
  virtual void remove_sla(const std::string& key, const AuditEntry& audit) = 0;
};

}  // namespace kefu::admin
