#pragma once

#include "server/store/sql/connection.hpp"
#include "server/workspace/conversation_notes.hpp"

namespace kefu::workspace {

// ConversationNotes on the neutral SQL layer, either engine (the tables of migration step 5:
// conversation_notes, note_mentions), reading `conversations` and `users`. Uses the connection
// it is given, on one thread.
class SqliteConversationNotes final : public ConversationNotes {
 public:
  explicit SqliteConversationNotes(sql::Connection& db) : db_(db) {}

  std::optional<ConversationStaff> staff_of(std::int64_t conversation_id) override;
  StoredNote add(const NewNote& note) override;
  std::vector<boost::json::object> list(std::int64_t conversation_id) override;
  bool takes_part(std::int64_t conversation_id, std::int64_t staff_id) override;

 private:
  // The note `id` as JSON (with its author's and mentioned colleagues' names).
  boost::json::object read(std::int64_t id);

  sql::Connection& db_;
};

}  // namespace kefu::workspace
