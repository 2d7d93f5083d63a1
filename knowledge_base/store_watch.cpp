#include "knowledge_base/store_watch.hpp"

namespace kefu::kb {

bool StoreWatch::due() {
  const std::optional<std::int64_t> commits = store_.foreign_commits();
  if (commits) {
    const bool changed = first_ || commits != commits_;
    commits_ = commits;
    first_ = false;
    return changed;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!first_ && now - asked_ < poll_) return false;
  first_ = false;
  asked_ = now;
  return true;
}

}  // namespace kefu::kb
