#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {

// How much history the view carries.
struct CustomerViewLimits {
  int recent_orders = 10;
  int conversations = 50;
  int notes = 50;
};

// The unified customer view sent to the agent's console when a conversation is assigned (and
// again when the customer's orders, notes or tags change): profile, identities, RFM segment and
// routing priority, lifetime value, the most recent orders with their items and tracking, past
// conversations on every channel, newest first, including those still filed under a customer
// merged into this one (from the conversation store's `conversations` table, when it exists),
// notes, tags, open merge suggestions and the merges that can be undone. A merged id
// gives the view of the customer it was merged into. Amounts are decimal strings ("19.99"),
// times ms since the epoch. Reads only; costs a handful of indexed queries, independent of the
// number of orders. Throws CustomerNotFound.
//
// {"id", "display_name", "first_name", "last_name", "address", "created_at", "erased",
//  "segment", "rfm", "routing_priority",
//  "lifetime_value": {"amount", "currency", "order_count"}, "last_order_at",
//  "identities": [{"kind", "value", "verified"}],
//  "recent_orders": [{"id", "shop_order_id", "name", "created_at", "total", "currency",
//                     "financial_status", "fulfillment_status",
//                     "items": [{"title", "quantity", "price", "sku"}],
//                     "fulfillments": [{"status", "tracking_number", "tracking_company",
//                                       "tracking_url"}]}],
//  "conversation_count", "conversations": [{"id", "channel", "status", "agent_id",
//                                           "created_at", "updated_at", "subject", "queue",
//                                           "last_agent_id"}],
//  "notes": [{"id", "author_id", "body", "created_at"}], "tags": ["..."],
//  "merge_suggestions": [{"id", "customer_id", "candidate_id", "candidate_name", "kind",
//                         "created_at", "matched", "other_id", "other_name"}],
//  "merges": [{"id", "source_id", "source_name", "reason", "merged_at", "by_agent"}]}
// In a suggestion, `other_*` is the customer that is not this one (the candidate in the
// claimant's view, the claimant in the candidate's) and `matched` the folded identity both
// hold. `merges` lists the merges into this customer that can still be undone.
boost::json::object build_customer_view(sql::Connection& db, std::int64_t customer_id,
                                        const CustomerViewLimits& limits = {});

// Builds customer views (shape above) on one connection, keeping its statements prepared
// between calls: the back office builds a view at every assignment and every change, and
// compiling a dozen statements each time costs about as much as running them. Statements are
// reset after each call, so none pins a read snapshot. Borrows `db`; not thread-safe.
class CustomerViewReader {
 public:
  explicit CustomerViewReader(sql::Connection& db);
  CustomerViewReader(const CustomerViewReader&) = delete;
  CustomerViewReader& operator=(const CustomerViewReader&) = delete;

  // The view of the customer (or of the customer it was merged into). Throws CustomerNotFound.
  boost::json::object build(std::int64_t customer_id, const CustomerViewLimits& limits = {});
  // The view's "merge_suggestions" for the current customer `id`.
  boost::json::array open_suggestions(std::int64_t id);
  // The view's "merges" for the current customer `id`.
  boost::json::array undoable_merges(std::int64_t id);

 private:
  // The prepared statement for `sql` (a string literal), reset and unbound.
  sql::Statement& statement(const char* sql);
  void reset_all();

  sql::Connection& db_;
  std::unordered_map<const char*, std::unique_ptr<sql::Statement>> statements_;
  std::optional<bool> has_conversations_;  // the conversation store's table, once looked up
};

// The view's "merge_suggestions": the open suggestions naming the (current) customer `id`.
boost::json::array open_suggestions_json(sql::Connection& db, std::int64_t id);

// The view's "merges": the merges into the (current) customer `id` not yet undone, newest first.
boost::json::array undoable_merges_json(sql::Connection& db, std::int64_t id);

}  // namespace kefu::customers
