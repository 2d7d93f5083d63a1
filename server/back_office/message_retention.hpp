#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu {

// What one retention sweep removed.
struct RetentionSweep {
  std::int64_t cutoff = 0;                    // messages and attachments created before it
  std::int64_t messages = 0;                  // message texts blanked
  std::int64_t attachments = 0;               // attachment rows deleted
  std::vector<std::string> attachment_files;  // their files' keys, to delete after the commit
};

// The admin's retention of message text (docs/protocol.md, "Admin: retention"): off by default;
// when set to N days, a daily sweep blanks the text of every message older than that and
// deletes its conversation's attachments of that age, while conversations, the interaction log
// and every figure computed from them stay. Implementations hold all the SQL; every method runs
// inside the caller's write transaction (BackOffice::in_write_transaction). SQLite:
// SqliteMessageRetention.
class MessageRetention {
 public:
  virtual ~MessageRetention() = default;

  // The days message text is kept, or nothing when it is kept for ever.
  virtual std::optional<int> message_days() = 0;
  // Sets (or, with nothing, turns off) the retention, audited as retention_updated by `by`.
  virtual void set_message_days(std::optional<int> days, std::int64_t by, std::int64_t now) = 0;
  // Blanks messages' text created before `cutoff` and deletes attachments created before it;
  // when anything was removed, audited as messages_removed (counts and cutoff) by `by` (0: the
  // daily job).
  virtual RetentionSweep remove_before(std::int64_t cutoff, std::int64_t by, std::int64_t now) = 0;
};

// The allowed settings: 1 to 3650 days.
inline bool valid_message_days(std::int64_t days) {
  return days >= 1 && days <= 3650;
}

}  // namespace kefu
