#pragma once

#include <memory>
#include <string>

#include "server/cluster/message_feed.hpp"
#include "server/store/postgres/pg_connection.hpp"

namespace kefu::cluster {

// The MessageFeed on PostgreSQL: one query for any number of conversations (their positions as
// two arrays, joined to `messages` by its primary key). Its own connection, made again once
// when it broke. Synchronous; not thread-safe.
class PostgresMessageFeed : public MessageFeed {
 public:
  // Connects to `uri`; throws std::runtime_error when it cannot.
  explicit PostgresMessageFeed(std::string uri);

  std::vector<StoredMessage> after(
      const std::vector<std::pair<std::int64_t, std::int64_t>>& positions, int limit) override;

 private:
  std::string uri_;
  std::unique_ptr<store::PgConnection> db_;
};

}  // namespace kefu::cluster
