#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "server/admin/queue_definition.hpp"
#include "server/admin/routing_setup_store.hpp"
#include "server/admin/setup_errors.hpp"
#include "server/admin/team_definition.hpp"

namespace kefu::admin {

// The admin's teams and queues (issue 21, "Queues and routing"). Every change is checked whole
// against the rules below before anything is written (else SetupInputError with its typed code,
// or SetupNotFound), then stored with its audit event (team_created, team_updated,
// queue_created, queue_updated, queue_retired). The live desk is told by the caller.
//
// Rules (codes): a team's name has 1-64 bytes (bad_name), new on create (duplicate_team); its
// members are active staff (unknown_member). A queue's name is 1-40 of a-z 0-9 - _ (bad_name),
// new on create and not a built-in queue (duplicate_queue). A name is new by the database's
// UNIQUE: of two creates of one name at once (admins, nodes, an import) one is stored and the
// other gets the duplicate code, nothing of it written; channel chat or ticket, fixed once created
// (bad_channel); team an existing team (missing_team when empty, unknown_team); skill and overflow
// skills in the catalogue (unknown_skill); levels 1-5 (bad_skill_level; overflow 0-5); language a
// code like en or pt-BR (bad_language); priority 0-9 (bad_priority); segment empty or a customer
// segment (unknown_segment); overflow after 0-86400 s (bad_overflow); offer_mode assign or
// offer, offer mode with a 5-600 s timeout (bad_offer_mode); no other active queue on the same
// channel, skill, language and segment (queue_conflict). Retiring needs an active queue to move
// the waiting into, on the same channel and not itself (bad_target).
class RoutingSetup {
 public:
  explicit RoutingSetup(RoutingSetupStore& store);

  std::vector<TeamDefinition> teams() { return store_.teams(); }
  std::vector<QueueDefinition> queues() { return store_.queues(); }
  std::vector<std::string> skills() { return store_.skills(); }

  // Creates a team (create) or replaces an existing team's members. Returns the staff whose
  // teams changed (joined or left), for the desk.
  std::vector<std::int64_t> save_team(const TeamDefinition& team, bool create, std::int64_t by);

  QueueDefinition create_queue(QueueDefinition queue, std::int64_t by);
  // Replaces the queue `name`'s settings (the name in `queue` must match or be empty).
  QueueDefinition update_queue(const std::string& name, QueueDefinition queue, std::int64_t by);
  // Marks the queue retired, its waiting moving to `move_to` (the desk moves them).
  QueueDefinition retire_queue(const std::string& name, const std::string& move_to,
                               std::int64_t now, std::int64_t by);

  std::vector<TeamHours> hours() { return store_.hours(); }
  // Sets the business hours of an existing team (SetupNotFound otherwise), audited as
  // hours_updated. `hours` was read (and checked) by read_hours.
  TeamHours save_hours(const TeamHours& hours, std::int64_t by);

  // The policy of chat and ticket (the admin's, else default_sla) and of any other channel an
  // admin set (email), then every queue's policy by key.
  std::vector<SlaPolicy> sla_policies();
  // Sets a channel's policy (read and checked by read_sla), audited as sla_updated.
  SlaPolicy save_sla(const SlaPolicy& policy, std::int64_t by);
  // Reads a queue's policy from the REST's JSON (read_queue_sla): unknown_queue for a queue
  // that is not active, bad_channel when the body names another channel than the queue's;
  // a missing target keeps the channel's policy's.
  SlaPolicy read_queue_policy(const boost::json::object& body);
  // Adds a queue's policy (duplicate_policy when its key has one), audited as sla_created.
  SlaPolicy create_queue_sla(const SlaPolicy& policy, std::int64_t by);
  // Replaces the queue's policy of that key (SetupNotFound without one), audited as
  // sla_updated.
  SlaPolicy update_queue_sla(const std::string& key, const SlaPolicy& policy, std::int64_t by);
  // Removes the queue's policy of that key (SetupNotFound without one), audited as
  // sla_removed: its conversations fall back to the next most specific policy.
  SlaPolicy remove_queue_sla(const std::string& key, std::int64_t by);

  // The checks behind the saves, for a whole imported configuration: `teams` and `queues` are
  // the configuration the queue must fit into.
  void check_team(const TeamDefinition& team);
  void check_queue(const QueueDefinition& queue, const std::vector<std::string>& team_names,
                   const std::vector<QueueDefinition>& queues);

 private:
  std::vector<std::string> team_names();

  RoutingSetupStore& store_;
};

}  // namespace kefu::admin
