#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kefu::workspace {

// Who a conversation belongs to, for deciding which staff may read and write its notes.
struct ConversationStaff {
  std::int64_t conversation_id = 0;
  std::string status;
  std::optional<std::int64_t> agent_id;       // assigned now
  std::optional<std::int64_t> last_agent_id;  // had it last
};

// A private note a staff member writes inside a conversation's thread.
struct NewNote {
  std::int64_t conversation_id = 0;
  std::int64_t author_id = 0;
  std::string client_id;               // unique per author: a retry stores nothing new
  std::string text;                    // 1..4000 characters
  std::vector<std::int64_t> mentions;  // user ids of the colleagues it mentions
  std::int64_t at = 0;
};

// A stored note: {"id","conversation_id","author":{"id","name"},"text",
// "mentions":[{"id","name"}],"at","client_id"}.
struct StoredNote {
  boost::json::object note;
  bool replayed = false;  // the same author's client_id was stored before: nothing was written
};

// Thrown by ConversationNotes::add for a mention of somebody who is not active staff.
class UnknownColleague : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The notes of conversations and the mentions in them. Implementations hold all the SQL.
class ConversationNotes {
 public:
  virtual ~ConversationNotes() = default;

  // The conversation's current and last agent, or nullopt when there is no such conversation.
  virtual std::optional<ConversationStaff> staff_of(std::int64_t conversation_id) = 0;

  // Stores the note and its mentions together (run it in a write transaction). Throws
  // UnknownColleague, storing nothing, when a mention names no active staff member.
  virtual StoredNote add(const NewNote& note) = 0;

  // The conversation's notes, oldest first.
  virtual std::vector<boost::json::object> list(std::int64_t conversation_id) = 0;

  // True when `staff_id` wrote a note in the conversation or is mentioned in one.
  virtual bool takes_part(std::int64_t conversation_id, std::int64_t staff_id) = 0;
};

}  // namespace kefu::workspace
