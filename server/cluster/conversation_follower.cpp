#include "server/cluster/conversation_follower.hpp"

#include <algorithm>

namespace kefu::cluster {

void ConversationFollower::follow(std::int64_t conversation, std::int64_t last_seq) {
  auto& place = places_[conversation];
  place.delivered = std::max(place.delivered, last_seq);
  place.heard = std::max(place.heard, place.delivered);
}

void ConversationFollower::unfollow(std::int64_t conversation) {
  places_.erase(conversation);
}

bool ConversationFollower::following(std::int64_t conversation) const {
  return places_.count(conversation) != 0;
}

bool ConversationFollower::heard(const WakeUp& wake) {
  auto found = places_.find(wake.conversation);
  if (found == places_.end()) return false;
  found->second.heard = std::max(found->second.heard, wake.seq);
  return wake.seq > found->second.delivered;
}

std::vector<ConversationFollower::Position> ConversationFollower::positions() const {
  std::vector<Position> all;
  all.reserve(places_.size());
  for (const auto& [conversation, place] : places_) all.emplace_back(conversation, place.delivered);
  return all;
}

ConversationFollower::Position ConversationFollower::position(std::int64_t conversation) const {
  return {conversation, delivered(conversation)};
}

std::vector<StoredMessage> ConversationFollower::accept(std::vector<StoredMessage> read) {
  std::stable_sort(read.begin(), read.end(), [](const StoredMessage& a, const StoredMessage& b) {
    return a.conversation != b.conversation ? a.conversation < b.conversation : a.seq < b.seq;
  });
  std::vector<StoredMessage> deliver;
  for (auto& message : read) {
    auto found = places_.find(message.conversation);
    if (found == places_.end() || message.seq != found->second.delivered + 1) continue;
    found->second.delivered = message.seq;
    found->second.heard = std::max(found->second.heard, message.seq);
    deliver.push_back(std::move(message));
  }
  return deliver;
}

std::int64_t ConversationFollower::delivered(std::int64_t conversation) const {
  auto found = places_.find(conversation);
  return found == places_.end() ? 0 : found->second.delivered;
}

}  // namespace kefu::cluster
