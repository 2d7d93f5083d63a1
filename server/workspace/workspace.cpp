#include "server/workspace/workspace.hpp"

#include "server/workspace/sqlite_attachment_store.hpp"
#include "server/workspace/sqlite_canned_replies.hpp"
#include "server/workspace/sqlite_conversation_notes.hpp"
#include "server/workspace/sqlite_inbox_views.hpp"

namespace kefu::workspace {

Workspace sqlite_workspace(SQLite::Database& db, const std::filesystem::path& attachments_folder) {
  return Workspace{
      std::make_unique<SqliteInboxViews>(db), std::make_unique<SqliteConversationNotes>(db),
      std::make_unique<SqliteCannedReplies>(db), std::make_unique<SqliteAttachmentStore>(db),
      std::make_unique<AttachmentFolder>(attachments_folder)};
}

}  // namespace kefu::workspace
