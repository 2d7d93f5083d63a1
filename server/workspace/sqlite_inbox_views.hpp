#pragma once

#include <SQLiteCpp/Database.h>

#include "server/workspace/inbox_views.hpp"

namespace kefu::workspace {

// InboxViews over the SQLite store's tables (conversations, messages, customers,
// customer_tags, user_teams, note_mentions). Uses the connection it is given, on one thread.
class SqliteInboxViews final : public InboxViews {
 public:
  explicit SqliteInboxViews(SQLite::Database& db) : db_(db) {}
  InboxPage list(const InboxQuery& query) override;

 private:
  SQLite::Database& db_;
};

}  // namespace kefu::workspace
