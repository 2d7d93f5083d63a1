#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "server/store/sql/connection.hpp"
#include "server/workspace/attachment_files.hpp"
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
  std::unique_ptr<AttachmentFiles> attachment_files;  // thread-safe, unlike the others
};

// The workspace's stores on `db`, either engine (which must outlive them and be used on one
// thread), with attachments' bytes in `files`.
Workspace workspace_on(sql::Connection& db, std::unique_ptr<AttachmentFiles> files);

// Where the server at `location` (the database it was given: a SQLite file, or a
// postgresql://... URI) keeps attachments' bytes: on PostgreSQL in the database, on a
// connection of their own, so that every node reads what any node kept; on SQLite in
// `folder` (made if missing), as a single node always has. Throws when it cannot connect.
std::unique_ptr<AttachmentFiles> attachment_files_for(const std::string& location,
                                                      const std::filesystem::path& folder);

// The server's workspace: workspace_on(db, attachment_files_for(location, folder)).
Workspace open_workspace(sql::Connection& db, const std::string& location,
                         const std::filesystem::path& attachments_folder);

}  // namespace kefu::workspace
