#include "server/cluster/node_watch.hpp"

namespace kefu::cluster {

NodeWatch::NodeWatch(std::chrono::milliseconds lease)
    : lease_(lease), presence_(PresenceSettings{lease, lease}) {}

NodeWatch::Changes NodeWatch::round(NodeRegistry& registry) {
  const auto view = registry.view();
  const bool after_gap = !last_read_ || view.now - *last_read_ > lease_.count();
  last_read_ = view.now;
  for (const auto& [node, at] : view.beats) {
    // After a gap, every node not declared gone (or not seen before) starts a full lease now.
    if (after_gap && gone_.count(node) == 0) presence_.heartbeat(node, view.now);
    presence_.heartbeat(node, at);
  }
  auto swept = presence_.sweep(view.now);
  for (const auto& node : swept.nodes_gone) gone_.insert(node);
  for (const auto& node : swept.nodes_back) gone_.erase(node);
  return {std::move(swept.nodes_gone), std::move(swept.nodes_back)};
}

}  // namespace kefu::cluster
