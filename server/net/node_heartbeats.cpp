#include "server/net/node_heartbeats.hpp"

#include <iostream>

namespace kefu::net {

NodeHeartbeats::NodeHeartbeats(std::string uri, std::string node, std::chrono::milliseconds lease,
                               std::function<void(const std::string&)> say)
    : uri_(std::move(uri)),
      node_(std::move(node)),
      lease_(lease),
      say_(std::move(say)),
      watch_(lease),
      thread_([this] { run(); }) {}

NodeHeartbeats::~NodeHeartbeats() {
  stop();
}

void NodeHeartbeats::watch(NodeSockets& relayed_here) {
  relayed_here_.store(&relayed_here);
}

void NodeHeartbeats::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void NodeHeartbeats::run() {
  // Three beats per lease: one late or lost beat does not make a node gone.
  const auto period = lease_ / 3;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    round();
    lock.lock();
    wake_.wait_for(lock, period, [this] { return stopping_; });
  }
}

void NodeHeartbeats::round() {
  try {
    if (!registry_) registry_ = std::make_unique<cluster::PostgresNodeRegistry>(uri_);
    registry_->beat(node_);
    NodeSockets* relayed_here = relayed_here_.load();
    if (relayed_here == nullptr) return;
    const auto changes = watch_.round(*registry_);
    for (const auto& node : changes.gone) {
      const std::size_t ended = relayed_here->gone(node);
      say_("node gone: " + node + " (no heartbeat for " + std::to_string(lease_.count()) +
           " ms): " + std::to_string(ended) + " relayed sockets ended");
    }
    for (const auto& node : changes.back) {
      relayed_here->back(node);
      say_("node back: " + node);
    }
  } catch (const std::exception& failure) {
    // PostgreSQL away: the next round connects again. Said once per break, not every round.
    if (registry_) std::cerr << "kefu: node heartbeat: " << failure.what() << std::endl;
    registry_.reset();
  }
}

}  // namespace kefu::net
