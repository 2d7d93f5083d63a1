#pragma once

#include "server/store/sql/connection.hpp"
#include "server/workspace/inbox_views.hpp"

namespace kefu::workspace {

// InboxViews on the neutral SQL layer, either engine, over the store's tables (conversations,
// messages, customers, customer_tags, user_teams, note_mentions). The search by text compares
// ASCII letters case-insensitively on both engines (lower() on both sides of LIKE). Uses the
// connection it is given, on one thread.
class SqliteInboxViews final : public InboxViews {
 public:
  explicit SqliteInboxViews(sql::Connection& db) : db_(db) {}
  InboxPage list(const InboxQuery& query) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::workspace
