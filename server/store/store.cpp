#include "server/store/store.hpp"

#include <future>

namespace kefu::store {

WriteResult Store::submit_and_wait(WriteBatch batch) {
  std::promise<WriteResult> done;
  auto result = done.get_future();
  submit(std::move(batch), [&done](WriteResult r) { done.set_value(std::move(r)); });
  return result.get();
}

}  // namespace kefu::store
