#include "server/workspace/workspace.hpp"

#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/workspace/attachment_folder.hpp"
#include "server/workspace/sql_attachment_files.hpp"
#include "server/workspace/sqlite_attachment_store.hpp"
#include "server/workspace/sqlite_canned_replies.hpp"
#include "server/workspace/sqlite_conversation_notes.hpp"
#include "server/workspace/sqlite_inbox_views.hpp"

namespace kefu::workspace {

Workspace workspace_on(sql::Connection& db, std::unique_ptr<AttachmentFiles> files) {
  return Workspace{std::make_unique<SqliteInboxViews>(db),
                   std::make_unique<SqliteConversationNotes>(db),
                   std::make_unique<SqliteCannedReplies>(db),
                   std::make_unique<SqliteAttachmentStore>(db), std::move(files)};
}

std::unique_ptr<AttachmentFiles> attachment_files_for(const std::string& location,
                                                      const std::filesystem::path& folder) {
  if (store::is_postgres_uri(location)) {
    return std::make_unique<SqlAttachmentFiles>(sql::open_connection(location));
  }
  return std::make_unique<AttachmentFolder>(folder);
}

Workspace open_workspace(sql::Connection& db, const std::string& location,
                         const std::filesystem::path& attachments_folder) {
  return workspace_on(db, attachment_files_for(location, attachments_folder));
}

}  // namespace kefu::workspace
