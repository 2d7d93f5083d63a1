#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/customers/customer_directory.hpp"

namespace kefu::customers {

// A suggestion, raised by an unverified claim, that two customers are one person.
struct MergeSuggestion {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;   // who made the claim (e.g. a widget visitor)
  std::int64_t candidate_id = 0;  // the existing customer whose identity matches the claim
  IdentityKind kind = IdentityKind::email;
  std::string match_key;  // the matched identity, folded (see identity.hpp)
  std::string status;     // open | accepted | dismissed
  std::int64_t created_at = 0;
};

// One logged merge.
struct MergeRecord {
  std::int64_t id = 0;
  std::int64_t target_id = 0;
  std::int64_t source_id = 0;
  std::string reason;  // verified_identity | suggestion | agent
  std::optional<std::int64_t> by_agent;
  std::int64_t merged_at = 0;
  std::optional<std::int64_t> unmerged_at;
};

// Merging customers, reversibly, and the suggestions agents decide on. A merge moves the
// source's identities, orders, notes, tags and conversations to the target, marks the source
// `merged_into` the target and logs the ids of every row moved in customer_merges, so unmerge()
// moves exactly those rows back. Each call is atomic. Not thread-safe.
class CustomerMerges {
 public:
  explicit CustomerMerges(CustomerDirectory& directory);

  // Merges `source_id` into `target_id` and returns the merge's id. Both must be current
  // (neither merged nor erased) and different, else InvalidCustomerInput / CustomerNotFound.
  std::int64_t merge(std::int64_t target_id, std::int64_t source_id, std::string_view reason,
                     std::optional<std::int64_t> by_agent, std::int64_t now);

  // Undoes the merge: the rows it moved go back to the source, which is current again. Rows the
  // target gained after the merge stay with it. Throws CustomerNotFound for an unknown merge,
  // InvalidCustomerInput when it was already undone or when the target has since been merged
  // itself (undo that merge first).
  void unmerge(std::int64_t merge_id, std::optional<std::int64_t> by_agent, std::int64_t now);

  // Records that `customer_id` claims an identity matching `candidate_id`'s; returns the open
  // suggestion's id (an existing open one is reused).
  std::int64_t suggest(std::int64_t customer_id, std::int64_t candidate_id, IdentityKind kind,
                       std::string_view match_key, std::int64_t now);

  // Open suggestions in which the customer is the claimant or the candidate, oldest first.
  std::vector<MergeSuggestion> open_suggestions(std::int64_t customer_id) const;

  // Merges the claimant into the candidate, marks the suggestion accepted and returns the merge
  // id. Throws CustomerNotFound, or InvalidCustomerInput when it is no longer open.
  std::int64_t accept_suggestion(std::int64_t suggestion_id, std::int64_t by_agent,
                                 std::int64_t now);

  // Marks the suggestion dismissed; nothing is merged. Throws CustomerNotFound for an unknown
  // suggestion, MergeConflict when it is no longer open.
  void dismiss_suggestion(std::int64_t suggestion_id, std::int64_t by_agent, std::int64_t now);

  // Merges in which the customer was target or source, newest first.
  std::vector<MergeRecord> history(std::int64_t customer_id) const;

  // The suggestion with this id, whatever its status; nullopt when there is none.
  std::optional<MergeSuggestion> suggestion(std::int64_t suggestion_id) const;

  // The merge with this id, undone or not; nullopt when there is none.
  std::optional<MergeRecord> merge_record(std::int64_t merge_id) const;

 private:
  CustomerDirectory& directory_;
  sql::Connection& db_;
};

}  // namespace kefu::customers
