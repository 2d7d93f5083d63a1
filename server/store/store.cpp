#include "server/store/store.hpp"

#include <future>

namespace kefu::store {

void CommitLatency::add(double seconds) {
  sum_seconds += seconds;
  std::size_t bucket = 0;
  while (bucket < kCommitBounds.size() && seconds > kCommitBounds[bucket]) ++bucket;
  if (bucket == kCommitBounds.size()) {
    ++overflow;
  } else {
    ++counts[bucket];
  }
}

WriteResult Store::submit_and_wait(WriteBatch batch) {
  std::promise<WriteResult> done;
  auto result = done.get_future();
  submit(std::move(batch), [&done](WriteResult r) { done.set_value(std::move(r)); });
  return result.get();
}

}  // namespace kefu::store
