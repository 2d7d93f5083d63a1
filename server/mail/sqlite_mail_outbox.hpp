#pragma once

#include <SQLiteCpp/Database.h>

#include "server/mail/mail_outbox.hpp"

namespace kefu::mail {

// MailOutbox in the `mail_outbox` table (with `mail_threads` and `mail_message_ids`; migration
// step 5), on a connection the caller owns. Not thread-safe.
class SqliteMailOutbox : public MailOutbox {
 public:
  explicit SqliteMailOutbox(SQLite::Database& db) : db_(db) {}
  void queue(std::int64_t conversation_id, std::int64_t through_seq,
             const std::optional<OutboxEntry>& entry) override;
  std::vector<OutboxEntry> due(std::int64_t now, int limit) override;
  bool claim(std::int64_t id, std::int64_t now) override;
  void mark_sent(std::int64_t id, std::int64_t now) override;
  void retry_later(std::int64_t id, std::int64_t next_attempt_at, const std::string& error,
                   std::int64_t now) override;
  void mark_failed(std::int64_t id, const std::string& error, std::int64_t now) override;
  void mark_uncertain(std::int64_t id, const std::string& error, std::int64_t now) override;
  bool send_again(std::int64_t conversation_id, std::int64_t seq, std::int64_t now) override;
  std::vector<OutboxEntry> settle_interrupted(std::int64_t now) override;
  std::vector<OutboxEntry> of_conversation(std::int64_t conversation_id) override;
  std::optional<OutboxEntry> find(std::int64_t id) override;

 private:
  void set_state(std::int64_t id, const char* state, const std::string& error, std::int64_t now);

  SQLite::Database& db_;
};

}  // namespace kefu::mail
