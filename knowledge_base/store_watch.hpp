#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "knowledge_base/knowledge_store.hpp"

namespace kefu::kb {

// Tells a node's cache of the knowledge store (its search index, its learned questions) when to
// read the store's change counter again, so that checking costs next to nothing: on SQLite, only
// after another connection committed (KnowledgeStore::foreign_commits, no I/O); on PostgreSQL,
// which cannot tell, once per poll interval. Changes through the cache's own node are known
// without asking: the cache reads again after them itself. Not thread safe: one per cache.
class StoreWatch {
 public:
  static constexpr std::chrono::milliseconds kDefaultPoll{1000};

  explicit StoreWatch(KnowledgeStore& store, std::chrono::milliseconds poll = kDefaultPoll)
      : store_(store), poll_(poll) {}

  // True when another node or connection may have changed the store since the last call that
  // returned true (always true on the first call).
  bool due();

  void set_poll_interval(std::chrono::milliseconds poll) { poll_ = poll; }

 private:
  KnowledgeStore& store_;
  std::chrono::milliseconds poll_;
  bool first_ = true;
  std::optional<std::int64_t> commits_;          // foreign_commits() when last asked
  std::chrono::steady_clock::time_point asked_;  // PostgreSQL: when last due
};

}  // namespace kefu::kb
