#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kefu::workspace {

// A canned reply: personal (its owner's only) or shared (with a team, or with everybody when
// `team` is empty), in one language, typed as `/shortcut` in the reply box.
struct CannedReply {
  std::int64_t id = 0;
  std::optional<std::int64_t> owner_id;  // set for a personal reply
  std::string team;                      // shared replies: the team ("" for everybody)
  std::string locale;                    // "zh" or "en"
  std::string shortcut;
  std::string title;
  std::string body;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// What a canned reply's variables are filled from, for one conversation.
struct ConversationFacts {
  std::int64_t conversation_id = 0;
  std::optional<std::int64_t> agent_id;
  std::string customer_name;      // of the customer holding the conversation now ("" if erased)
  std::string last_order_number;  // the customer's newest order's name ("#1001"), or ""
};

// Thrown when another reply of the same owner (or the same shared team) and language has the
// shortcut already.
class ShortcutTaken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The canned replies and what their variables need. Implementations hold all the SQL.
class CannedReplies {
 public:
  virtual ~CannedReplies() = default;

  // The caller's personal replies and the shared ones of `teams` and of everybody (every shared
  // reply when `all_shared`), in `locale` when it is not empty; by shortcut, then locale.
  virtual std::vector<CannedReply> visible_to(std::int64_t staff_id,
                                              const std::vector<std::string>& teams,
                                              bool all_shared, const std::string& locale) = 0;
  virtual std::optional<CannedReply> find(std::int64_t id) = 0;
  // Stores a new reply (its id and times are set from `reply` and `now`); returns it. Throws
  // ShortcutTaken, storing nothing.
  virtual CannedReply add(CannedReply reply, std::int64_t now) = 0;
  // Replaces the text, shortcut, title, language (and a shared reply's team) of reply `id`.
  // Throws ShortcutTaken.
  virtual CannedReply update(const CannedReply& reply, std::int64_t now) = 0;
  virtual void remove(std::int64_t id) = 0;
  // The facts of a conversation, or nullopt when it does not exist.
  virtual std::optional<ConversationFacts> facts_of(std::int64_t conversation_id) = 0;
};

}  // namespace kefu::workspace
