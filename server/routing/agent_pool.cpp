#include "server/routing/agent_pool.hpp"

#include <cstdint>

namespace kefu::routing {

bool LeastLoadFirst::operator()(const PoolEntry& a, const PoolEntry& b) const {
  // a.load / a.capacity < b.load / b.capacity, with capacities > 0 in any pool.
  const std::int64_t left = static_cast<std::int64_t>(a.load) * b.capacity;
  const std::int64_t right = static_cast<std::int64_t>(b.load) * a.capacity;
  if (left != right) return left < right;
  if (a.idle_since != b.idle_since) return a.idle_since < b.idle_since;
  return a.agent < b.agent;
}

}  // namespace kefu::routing
