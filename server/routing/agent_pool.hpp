#pragma once

#include <set>

#include "server/routing/model.hpp"

namespace kefu::routing {

// An agent's place in a pool: their load and capacity on the pool's channel when they entered
// it, and since when they have been idle. The engine re-enters the agent whenever these change.
struct PoolEntry {
  int load = 0;
  int capacity = 1;
  TimeMs idle_since = 0;
  AgentId agent = 0;
};

// Lowest load ratio first (load/capacity compared exactly, without division), then the agent
// idle longest, then the lowest id so that the order is total.
struct LeastLoadFirst {
  bool operator()(const PoolEntry& a, const PoolEntry& b) const;
};

// The agents who could take one more conversation of one queue right now (online, connected,
// free capacity on the queue's channel), ordered by LeastLoadFirst. Not thread-safe.
class AgentPool {
 public:
  void insert(const PoolEntry& entry) { entries_.insert(entry); }
  void erase(const PoolEntry& entry) { entries_.erase(entry); }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

  // The first agent in order for whom skip(agent) is false, or nullptr. skip is for the few
  // agents a conversation must not be offered to again.
  template <typename Skip>
  const PoolEntry* first(Skip skip) const {
    for (const auto& entry : entries_) {
      if (!skip(entry.agent)) return &entry;
    }
    return nullptr;
  }

 private:
  std::set<PoolEntry, LeastLoadFirst> entries_;
};

}  // namespace kefu::routing
