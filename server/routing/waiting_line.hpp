#pragma once

#include <cstddef>
#include <map>
#include <utility>

#include "server/routing/model.hpp"

namespace kefu::routing {

// A waiting conversation's sort key. `returned` marks chats that came back because their agent
// was lost: they go to the head of the line, keeping their original arrival time.
struct PlaceInLine {
  bool returned = false;
  int priority = 0;
  TimeMs deadline = 0;  // SLA deadline
  TimeMs arrival = 0;
  ConversationId conversation = 0;
};

// Queue order: returned first, then higher priority, then earlier SLA deadline, then earlier
// arrival, then lower id (so that the order is total and the same on every run).
struct ServedFirst {
  bool operator()(const PlaceInLine& a, const PlaceInLine& b) const;
};

// Conversations waiting in one queue (or the overflowed part of it), in service order, each
// with a pointer to the caller's record of it (not owned; the caller erases the entry before the
// record goes). Not thread-safe.
template <typename Record>
class WaitingLine {
 public:
  using Entry = std::pair<const PlaceInLine, Record*>;
  using const_iterator = typename std::map<PlaceInLine, Record*, ServedFirst>::const_iterator;

  void insert(const PlaceInLine& place, Record* record) { places_.emplace(place, record); }
  void erase(const PlaceInLine& place) { places_.erase(place); }
  bool empty() const { return places_.empty(); }
  std::size_t size() const { return places_.size(); }
  const_iterator begin() const { return places_.begin(); }
  const_iterator end() const { return places_.end(); }

  // The first entry in order for whose record skip(record) is false, or nullptr.
  template <typename Skip>
  const Entry* first(Skip skip) const {
    for (const auto& entry : places_) {
      if (!skip(*entry.second)) return &entry;
    }
    return nullptr;
  }

 private:
  std::map<PlaceInLine, Record*, ServedFirst> places_;
};

}  // namespace kefu::routing
