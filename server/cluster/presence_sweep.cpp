#include "server/cluster/presence_sweep.hpp"

namespace kefu::cluster {

PresenceSweep::PresenceSweep(NodeRegistry& registry, AssignmentLedger& ledger,
                             NodePresence& presence)
    : registry_(registry), ledger_(ledger), presence_(presence) {}

PresenceSweep::Report PresenceSweep::run(std::int64_t desk_epoch) {
  const auto view = registry_.view();
  for (const auto& [node, at] : view.beats) presence_.heartbeat(node, at);
  presence_.set_sockets(view.sockets);
  Report report;
  report.changes = presence_.sweep(view.now);
  // Every lost agent still listed, not only those lost this round: a round cut short by the
  // database is finished by the next.
  for (const auto agent : presence_.lost_agents()) {
    for (const auto conversation : ledger_.active_conversations(agent)) {
      const auto outcome = ledger_.requeue(desk_epoch, conversation, view.now, "agent_lost");
      if (outcome.stale_desk) {
        report.stale_desk = true;
        return report;
      }
      if (outcome.agent) report.requeued.push_back(conversation);
    }
    // The agent's sockets on gone nodes are over: the registry forgets them.
    for (const auto& [socket_agent, node] : view.sockets) {
      if (socket_agent == agent && !presence_.alive(node)) {
        registry_.agent_disconnected(node, agent);
      }
    }
  }
  return report;
}

}  // namespace kefu::cluster
