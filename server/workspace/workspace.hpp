#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>

#include "server/workspace/attachment_folder.hpp"
#include "server/workspace/attachments.hpp"
#include "server/workspace/canned_replies.hpp"
#include "server/workspace/conversation_notes.hpp"
#include "server/workspace/inbox_views.hpp"

namespace kefu::workspace {

// The agent's workspace behind its interfaces: what routes and the desk's helpers use.
struct Workspace {
  std::unique_ptr<InboxViews> inbox;
  std::unique_ptr<ConversationNotes> notes;
  std::unique_ptr<CannedReplies> canned;
  std::unique_ptr<AttachmentStore> attachments;
  std::unique_ptr<AttachmentFolder> attachment_files;
};

// The workspace over SQLite, on `db` (which must outlive it and be used on one thread), with
// attachments' bytes in `attachments_folder` (made if missing).
Workspace sqlite_workspace(SQLite::Database& db, const std::filesystem::path& attachments_folder);

}  // namespace kefu::workspace
