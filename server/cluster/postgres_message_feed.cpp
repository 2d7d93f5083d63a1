#include "server/cluster/postgres_message_feed.hpp"

#include <stdexcept>

namespace kefu::cluster {
namespace {

// A PostgreSQL array literal of integers: {1,2,3}.
template <typename Pick>
std::string array_of(const std::vector<std::pair<std::int64_t, std::int64_t>>& positions,
                     Pick pick) {
  std::string text = "{";
  for (const auto& p : positions) {
    if (text.size() > 1) text += ',';
    text += std::to_string(pick(p));
  }
  return text + "}";
}

constexpr const char* kAfter =
    "SELECT m.conversation_id, m.seq, m.author_kind, m.author_id, m.body, m.created_at "
    "FROM unnest($1::bigint[], $2::bigint[]) AS w(conversation_id, after_seq) "
    "JOIN messages m ON m.conversation_id = w.conversation_id AND m.seq > w.after_seq "
    "ORDER BY m.conversation_id, m.seq LIMIT $3";

}  // namespace

PostgresMessageFeed::PostgresMessageFeed(std::string uri)
    : uri_(std::move(uri)), db_(std::make_unique<store::PgConnection>(uri_)) {}

std::vector<StoredMessage> PostgresMessageFeed::after(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& positions, int limit) {
  if (positions.empty()) return {};
  if (!db_->healthy()) db_ = std::make_unique<store::PgConnection>(uri_);
  const auto rows = db_->exec(
      kAfter, {array_of(positions, [](auto& p) { return p.first; }),
               array_of(positions, [](auto& p) { return p.second; }), std::to_string(limit)});
  std::vector<StoredMessage> read;
  read.reserve(static_cast<std::size_t>(rows.rows()));
  for (int i = 0; i < rows.rows(); ++i) {
    read.push_back(StoredMessage{rows.int64(i, 0), rows.int64(i, 1), rows.text(i, 2),
                                 rows.int64(i, 3), rows.text(i, 4), rows.int64(i, 5)});
  }
  return read;
}

}  // namespace kefu::cluster
