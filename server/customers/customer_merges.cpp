#include "server/customers/customer_merges.hpp"

#include <boost/json.hpp>

#include "server/customers/errors.hpp"
#include "server/customers/savepoint.hpp"
#include "server/customers/segment.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

// Tables whose rows belong to a customer through a `customer_id` column and an `id` key.
// `conversations` is the conversation store's table and may not exist in a bare database.
constexpr const char* kOwnedTables[] = {"customer_identities", "orders", "customer_notes",
                                        "conversations"};

// The ids of the source's rows in `table` that a merge into `target_id` moves.
boost::json::array ids_of(sql::Connection& db, const std::string& table, std::int64_t customer_id,
                          std::int64_t target_id) {
  boost::json::array ids;
  std::string sql = "SELECT id FROM " + table + " WHERE customer_id = ?";
  // An identity the target already has stays with the source (UNIQUE per customer).
  if (table == "customer_identities")
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM customer_identities t WHERE t.customer_id = ?"
        " AND t.kind = customer_identities.kind AND t.match_key = customer_identities.match_key)";
  sql::Statement query(db, sql + " ORDER BY id");
  query.bind(1, customer_id);
  if (table == "customer_identities") query.bind(2, target_id);
  while (query.step()) ids.push_back(query.column(0).int64());
  return ids;
}

constexpr const char* kSuggestionColumns =
    "SELECT id, customer_id, candidate_id, kind, match_key, status, created_at "
    "FROM merge_suggestions ";

// The suggestion in the current row of a query over kSuggestionColumns.
MergeSuggestion suggestion_from(sql::Statement& query) {
  MergeSuggestion suggestion;
  suggestion.id = query.column(0).int64();
  suggestion.customer_id = query.column(1).int64();
  suggestion.candidate_id = query.column(2).int64();
  suggestion.kind = identity_kind_from_string(query.column(3).text()).value_or(IdentityKind::email);
  suggestion.match_key = query.column(4).text();
  suggestion.status = query.column(5).text();
  suggestion.created_at = query.column(6).int64();
  return suggestion;
}

constexpr const char* kMergeColumns =
    "SELECT id, target_id, source_id, reason, by_agent, merged_at, unmerged_at "
    "FROM customer_merges ";

// The merge in the current row of a query over kMergeColumns.
MergeRecord merge_from(sql::Statement& query) {
  MergeRecord record;
  record.id = query.column(0).int64();
  record.target_id = query.column(1).int64();
  record.source_id = query.column(2).int64();
  record.reason = query.column(3).text();
  if (!query.column(4).is_null()) record.by_agent = query.column(4).int64();
  record.merged_at = query.column(5).int64();
  if (!query.column(6).is_null()) record.unmerged_at = query.column(6).int64();
  return record;
}

void move_rows(sql::Connection& db, const std::string& table, const boost::json::array& ids,
               std::int64_t from, std::int64_t to) {
  sql::Statement update(
      db, "UPDATE " + table + " SET customer_id = ? WHERE id = ? AND customer_id = ?");
  for (const auto& id : ids) {
    update.reset();
    update.bind(1, to);
    update.bind(2, id.as_int64());
    update.bind(3, from);
    update.exec();
  }
}

}  // namespace

CustomerMerges::CustomerMerges(CustomerDirectory& directory)
    : directory_(directory), db_(directory.database()) {}

std::int64_t CustomerMerges::merge(std::int64_t target_id, std::int64_t source_id,
                                   std::string_view reason, std::optional<std::int64_t> by_agent,
                                   std::int64_t now) {
  if (target_id == source_id) throw InvalidCustomerInput("cannot merge a customer into itself");
  Savepoint savepoint(db_);
  directory_.require_current(target_id);
  directory_.require_current(source_id);

  boost::json::object moved;
  for (const char* table : kOwnedTables) {
    if (!db_.has_table(table)) continue;
    boost::json::array ids = ids_of(db_, table, source_id, target_id);
    move_rows(db_, table, ids, source_id, target_id);
    moved[table] = std::move(ids);
  }
  // Tags are keyed by (customer_id, tag): move the ones the target lacks.
  boost::json::array tags;
  sql::Statement tag_query(db_,
                           "SELECT tag FROM customer_tags WHERE customer_id = ? AND tag NOT IN "
                           "(SELECT tag FROM customer_tags WHERE customer_id = ?) ORDER BY tag");
  tag_query.bind(1, source_id);
  tag_query.bind(2, target_id);
  while (tag_query.step()) tags.push_back(boost::json::string(tag_query.column(0).text()));
  sql::Statement move_tag(db_,
                          "UPDATE customer_tags SET customer_id = ? "
                          "WHERE customer_id = ? AND tag = ?");
  for (const auto& tag : tags) {
    move_tag.reset();
    move_tag.bind(1, target_id);
    move_tag.bind(2, source_id);
    move_tag.bind(3, std::string(tag.as_string()));
    move_tag.exec();
  }
  moved["customer_tags"] = std::move(tags);

  sql::Statement mark(db_, "UPDATE customers SET merged_into = ?, updated_at = ? WHERE id = ?");
  mark.bind(1, target_id);
  mark.bind(2, now);
  mark.bind(3, source_id);
  mark.exec();

  sql::Statement log(db_,
                     "INSERT INTO customer_merges (target_id, source_id, reason, by_agent, "
                     "moved, merged_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  log.bind(1, target_id);
  log.bind(2, source_id);
  log.bind(3, std::string(reason));
  if (by_agent) {
    log.bind(4, *by_agent);
  } else {
    log.bind_null(4);
  }
  log.bind(5, boost::json::serialize(moved));
  log.bind(6, now);
  const std::int64_t merge_id = log.insert_returning_id().value();

  recompute_segment(db_, target_id, now);
  recompute_segment(db_, source_id, now);
  savepoint.release();
  return merge_id;
}

void CustomerMerges::unmerge(std::int64_t merge_id, std::optional<std::int64_t> by_agent,
                             std::int64_t now) {
  Savepoint savepoint(db_);
  sql::Statement query(db_,
                       "SELECT target_id, source_id, moved, unmerged_at FROM customer_merges "
                       "WHERE id = ?");
  query.bind(1, merge_id);
  if (!query.step()) throw CustomerNotFound("no merge " + std::to_string(merge_id));
  const std::int64_t target_id = query.column(0).int64();
  const std::int64_t source_id = query.column(1).int64();
  const boost::json::object moved = boost::json::parse(query.column(2).text()).as_object();
  if (!query.column(3).is_null())
    throw MergeConflict("merge " + std::to_string(merge_id) + " was already undone");
  if (!directory_.exists(target_id) || directory_.current(target_id) != target_id)
    throw MergeConflict("customer " + std::to_string(target_id) +
                        " was merged since; undo that merge first");
  directory_.require_current(target_id);

  for (const auto& [table, ids] : moved) {
    if (table == "customer_tags") continue;
    if (!db_.has_table(std::string(table))) continue;
    move_rows(db_, std::string(table), ids.as_array(), target_id, source_id);
  }
  sql::Statement move_tag(db_,
                          "UPDATE customer_tags SET customer_id = ? "
                          "WHERE customer_id = ? AND tag = ?");
  if (const auto* tags = moved.if_contains("customer_tags")) {
    for (const auto& tag : tags->as_array()) {
      move_tag.reset();
      move_tag.bind(1, source_id);
      move_tag.bind(2, target_id);
      move_tag.bind(3, std::string(tag.as_string()));
      move_tag.exec();
    }
  }
  sql::Statement unmark(db_,
                        "UPDATE customers SET merged_into = NULL, updated_at = ? WHERE id = ?");
  unmark.bind(1, now);
  unmark.bind(2, source_id);
  unmark.exec();
  sql::Statement log(db_,
                     "UPDATE customer_merges SET unmerged_at = ?, unmerged_by = ? WHERE id = ?");
  log.bind(1, now);
  if (by_agent) {
    log.bind(2, *by_agent);
  } else {
    log.bind_null(2);
  }
  log.bind(3, merge_id);
  log.exec();
  sql::Statement reopen(db_,
                        "UPDATE merge_suggestions SET status = 'open', decided_by = NULL, "
                        "decided_at = NULL, merge_id = NULL WHERE merge_id = ?");
  reopen.bind(1, merge_id);
  reopen.exec();

  recompute_segment(db_, target_id, now);
  recompute_segment(db_, source_id, now);
  savepoint.release();
}

std::int64_t CustomerMerges::suggest(std::int64_t customer_id, std::int64_t candidate_id,
                                     IdentityKind kind, std::string_view match_key,
                                     std::int64_t now) {
  Savepoint savepoint(db_);
  sql::Statement insert(db_,
                        "INSERT INTO merge_suggestions (customer_id, candidate_id, kind, "
                        "match_key, status, created_at) VALUES (?, ?, ?, ?, 'open', ?) "
                        "ON CONFLICT DO NOTHING");
  insert.bind(1, customer_id);
  insert.bind(2, candidate_id);
  insert.bind(3, std::string(to_string(kind)));
  insert.bind(4, std::string(match_key));
  insert.bind(5, now);
  insert.exec();
  sql::Statement query(db_,
                       "SELECT id FROM merge_suggestions WHERE customer_id = ? AND "
                       "candidate_id = ? AND kind = ? AND match_key = ?");
  query.bind(1, customer_id);
  query.bind(2, candidate_id);
  query.bind(3, std::string(to_string(kind)));
  query.bind(4, std::string(match_key));
  query.step();
  const std::int64_t id = query.column(0).int64();
  savepoint.release();
  return id;
}

std::vector<MergeSuggestion> CustomerMerges::open_suggestions(std::int64_t customer_id) const {
  sql::Statement query(db_, std::string(kSuggestionColumns) +
                                "WHERE status = 'open' AND "
                                "(customer_id = ? OR candidate_id = ?) ORDER BY id");
  query.bind(1, customer_id);
  query.bind(2, customer_id);
  std::vector<MergeSuggestion> result;
  while (query.step()) result.push_back(suggestion_from(query));
  return result;
}

std::optional<MergeSuggestion> CustomerMerges::suggestion(std::int64_t suggestion_id) const {
  sql::Statement query(db_, std::string(kSuggestionColumns) + "WHERE id = ?");
  query.bind(1, suggestion_id);
  if (!query.step()) return std::nullopt;
  return suggestion_from(query);
}

std::int64_t CustomerMerges::accept_suggestion(std::int64_t suggestion_id, std::int64_t by_agent,
                                               std::int64_t now) {
  Savepoint savepoint(db_);
  sql::Statement query(db_,
                       "SELECT customer_id, candidate_id, status FROM merge_suggestions "
                       "WHERE id = ?");
  query.bind(1, suggestion_id);
  if (!query.step()) throw CustomerNotFound("no merge suggestion " + std::to_string(suggestion_id));
  if (query.column(2).text() != "open")
    throw MergeConflict("merge suggestion " + std::to_string(suggestion_id) + " is no longer open");
  const std::int64_t claimant = query.column(0).int64();
  const std::int64_t candidate = query.column(1).int64();
  const std::int64_t merge_id = merge(candidate, claimant, "suggestion", by_agent, now);
  sql::Statement decide(db_,
                        "UPDATE merge_suggestions SET status = 'accepted', decided_by = ?, "
                        "decided_at = ?, merge_id = ? WHERE id = ?");
  decide.bind(1, by_agent);
  decide.bind(2, now);
  decide.bind(3, merge_id);
  decide.bind(4, suggestion_id);
  decide.exec();
  savepoint.release();
  return merge_id;
}

void CustomerMerges::dismiss_suggestion(std::int64_t suggestion_id, std::int64_t by_agent,
                                        std::int64_t now) {
  const auto found = suggestion(suggestion_id);
  if (!found) throw CustomerNotFound("no merge suggestion " + std::to_string(suggestion_id));
  if (found->status != "open")
    throw MergeConflict("merge suggestion " + std::to_string(suggestion_id) + " is no longer open");
  sql::Statement decide(db_,
                        "UPDATE merge_suggestions SET status = 'dismissed', decided_by = ?, "
                        "decided_at = ? WHERE id = ? AND status = 'open'");
  decide.bind(1, by_agent);
  decide.bind(2, now);
  decide.bind(3, suggestion_id);
  decide.exec();
}

std::vector<MergeRecord> CustomerMerges::history(std::int64_t customer_id) const {
  sql::Statement query(
      db_, std::string(kMergeColumns) + "WHERE target_id = ? OR source_id = ? ORDER BY id DESC");
  query.bind(1, customer_id);
  query.bind(2, customer_id);
  std::vector<MergeRecord> result;
  while (query.step()) result.push_back(merge_from(query));
  return result;
}

std::optional<MergeRecord> CustomerMerges::merge_record(std::int64_t merge_id) const {
  sql::Statement query(db_, std::string(kMergeColumns) + "WHERE id = ?");
  query.bind(1, merge_id);
  if (!query.step()) return std::nullopt;
  return merge_from(query);
}

}  // namespace kefu::customers
