#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "knowledge_base/search_result.hpp"

namespace kefu::kb {

// What the last searches of customers' messages found, so that a conversation's suggestions,
// refreshed after each new message from its last four, search only the new one. Entries are
// valid for one state of the index (`generation`: a number the knowledge base changes whenever
// its articles or vocabulary change); asking with another generation forgets them all. At most
// `capacity` entries are kept: when full, it forgets them all and starts again (a busy desk
// refills it within a second; no order of use is tracked). Not thread-safe: one per
// KnowledgeBase, which is used by one thread at a time.
class RecentSearches {
 public:
  explicit RecentSearches(std::size_t capacity);

  // The result remembered for `message` in this generation, or null.
  const SearchResult* find(std::string_view message, std::uint64_t generation);
  // Remembers `result` for `message` in this generation and returns the remembered copy
  // (valid until the next remember() or a find() in another generation).
  const SearchResult& remember(std::string_view message, std::uint64_t generation,
                               SearchResult result);

  std::size_t size() const { return results_.size(); }

 private:
  void enter(std::uint64_t generation);

  // Hashes a message as written or as stored alike, so that find() copies nothing.
  struct MessageHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view message) const {
      return std::hash<std::string_view>{}(message);
    }
  };

  std::size_t capacity_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, SearchResult, MessageHash, std::equal_to<>> results_;
};

}  // namespace kefu::kb
