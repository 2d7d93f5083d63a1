#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>

#include "server/workspace/canned_replies.hpp"
#include "server/workspace/conversation_notes.hpp"
#include "server/workspace/inbox_views.hpp"

namespace kefu::workspace {

// The agent's workspace behind its interfaces: what routes and the desk's helpers use.
struct Workspace {
  std::unique_ptr<InboxViews> inbox;
  std::unique_ptr<ConversationNotes> notes;
  std::unique_ptr<CannedReplies> canned;
};

// The workspace over SQLite, on `db` (which must outlive it and be used on one thread).
Workspace sqlite_workspace(SQLite::Database& db);

}  // namespace kefu::workspace
