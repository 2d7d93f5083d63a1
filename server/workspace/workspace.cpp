#include "server/workspace/workspace.hpp"

#include "server/workspace/sqlite_canned_replies.hpp"
#include "server/workspace/sqlite_conversation_notes.hpp"
#include "server/workspace/sqlite_inbox_views.hpp"

namespace kefu::workspace {

Workspace sqlite_workspace(SQLite::Database& db) {
  return Workspace{std::make_unique<SqliteInboxViews>(db),
                   std::make_unique<SqliteConversationNotes>(db),
                   std::make_unique<SqliteCannedReplies>(db)};
}

}  // namespace kefu::workspace
