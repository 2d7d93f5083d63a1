#pragma once

#include <set>

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

// Conversations waiting in one queue (or the overflowed part of it), in service order.
// Not thread-safe.
class WaitingLine {
 public:
  using const_iterator = std::set<PlaceInLine, ServedFirst>::const_iterator;

  void insert(const PlaceInLine& place) { places_.insert(place); }
  void erase(const PlaceInLine& place) { places_.erase(place); }
  bool empty() const { return places_.empty(); }
  std::size_t size() const { return places_.size(); }
  const_iterator begin() const { return places_.begin(); }
  const_iterator end() const { return places_.end(); }

  // The first conversation in order for which skip(conversation) is false, or nullptr.
  template <typename Skip>
  const PlaceInLine* first(Skip skip) const {
    for (const auto& place : places_) {
      if (!skip(place.conversation)) return &place;
    }
    return nullptr;
  }

 private:
  std::set<PlaceInLine, ServedFirst> places_;
};

}  // namespace kefu::routing
