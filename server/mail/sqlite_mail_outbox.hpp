#pragma once

#include "server/mail/mail_outbox.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// MailOutbox in the `mail_outbox` table (with `mail_threads` and `mail_message_ids`; migration
// steps 8 and 17), on the neutral SQL layer (either engine), on a connection the caller owns.
// A claim is one guarded UPDATE (PostgreSQL: on the row FOR UPDATE SKIP LOCKED, so that workers
// claiming at once take different entries). Not thread-safe.
class SqliteMailOutbox : public MailOutbox {
 public:
  explicit SqliteMailOutbox(sql::Connection& db) : db_(db) {}
  void queue(std::int64_t conversation_id, std::int64_t through_seq,
             const std::optional<OutboxEntry>& entry) override;
  std::vector<OutboxEntry> due(std::int64_t now, int limit) override;
  bool claim(std::int64_t id, std::int64_t now) override;
  std::optional<OutboxEntry> claim_next(std::int64_t now, const std::string& worker,
                                        std::int64_t lease_ms) override;
  void mark_sent(std::int64_t id, std::int64_t now) override;
  void retry_later(std::int64_t id, std::int64_t next_attempt_at, const std::string& error,
                   std::int64_t now) override;
  void mark_failed(std::int64_t id, const std::string& error, std::int64_t now) override;
  void mark_uncertain(std::int64_t id, const std::string& error, std::int64_t now) override;
  bool send_again(std::int64_t conversation_id, std::int64_t seq, std::int64_t now) override;
  std::vector<OutboxEntry> settle_interrupted(std::int64_t now) override;
  std::vector<OutboxEntry> settle_abandoned(std::int64_t now, const std::string& worker) override;
  std::vector<OutboxEntry> of_conversation(std::int64_t conversation_id) override;
  std::optional<OutboxEntry> find(std::int64_t id) override;
  void forget(std::int64_t conversation_id, std::int64_t seq) override;

 private:
  void set_state(std::int64_t id, const char* state, const std::string& error, std::int64_t now);
  // The "sending" entries matching `where` (bound by `bind`) become uncertain; returns them.
  template <typename Bind>
  std::vector<OutboxEntry> settle(const std::string& where, Bind bind, std::int64_t now);

  sql::Connection& db_;
};

}  // namespace kefu::mail
