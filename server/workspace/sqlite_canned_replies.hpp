#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/workspace/canned_replies.hpp"

namespace kefu::workspace {

// CannedReplies on the neutral SQL layer, either engine (the table of migration step 6:
// canned_replies), reading conversations, customers and orders for the variables. Uses the
// connection it is given, on one thread.
class SqliteCannedReplies final : public CannedReplies {
 public:
  explicit SqliteCannedReplies(sql::Connection& db) : db_(db) {}
  // For a caller still on SQLiteCpp (the configuration store until it is ported): a view of
  // `db`, which must outlive this object.
  explicit SqliteCannedReplies(SQLite::Database& db)
      : view_(std::make_unique<sql::SqliteConnection>(db)), db_(*view_) {}

  std::vector<CannedReply> visible_to(std::int64_t staff_id, const std::vector<std::string>& teams,
                                      bool all_shared, const std::string& locale) override;
  std::optional<CannedReply> find(std::int64_t id) override;
  CannedReply add(CannedReply reply, std::int64_t now) override;
  CannedReply update(const CannedReply& reply, std::int64_t now) override;
  void remove(std::int64_t id) override;
  std::optional<ConversationFacts> facts_of(std::int64_t conversation_id) override;

 private:
  // Throws ShortcutTaken when another reply of the same scope and locale has the shortcut.
  void check_shortcut_free(const CannedReply& reply);

  std::unique_ptr<sql::SqliteConnection> view_;  // set by the SQLiteCpp constructor only
  sql::Connection& db_;
};

}  // namespace kefu::workspace
