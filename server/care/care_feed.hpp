#pragma once

#include <vector>

#include "server/care/care_event.hpp"

namespace kefu::care {

// Where rules learn what happened: the interaction log's events, the orders' milestones and
// the erasures, each read once. Call inside the unit of work that handles what it returns:
// the feed's position moves with it, so a crash re-reads what was not handled.
class CareFeed {
 public:
  virtual ~CareFeed() = default;
  // What happened since the last call, in order, at most about `limit` events.
  virtual std::vector<CareEvent> read_new(int limit) = 0;
  // The customers whose segment moved since the last call (segment_changed at `now`, each with
  // `now` as its occurrence); a customer seen for the first time is remembered, not reported.
  virtual std::vector<CareEvent> segment_changes(std::int64_t now) = 0;
};

}  // namespace kefu::care
