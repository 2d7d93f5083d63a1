#include "knowledge_base/recent_searches.hpp"

#include <stdexcept>
#include <utility>

namespace kefu::kb {

RecentSearches::RecentSearches(std::size_t capacity) : capacity_(capacity) {
  if (capacity_ == 0) throw std::invalid_argument("RecentSearches needs a capacity of 1 or more");
}

void RecentSearches::enter(std::uint64_t generation) {
  if (generation == generation_) return;
  results_.clear();
  generation_ = generation;
}

const SearchResult* RecentSearches::find(std::string_view message, std::uint64_t generation) {
  enter(generation);
  auto it = results_.find(message);
  return it == results_.end() ? nullptr : &it->second;
}

const SearchResult& RecentSearches::remember(std::string_view message, std::uint64_t generation,
                                             SearchResult result) {
  enter(generation);
  if (results_.size() >= capacity_ && !results_.contains(message)) results_.clear();
  return results_.insert_or_assign(std::string(message), std::move(result)).first->second;
}

}  // namespace kefu::kb
