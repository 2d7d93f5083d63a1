#pragma once

#include "server/mail/mail_threads.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// MailThreads in the `mail_threads`, `mail_message_ids`, `mail_senders` and `mail_bounces`
// tables (migration step 8), on the neutral SQL layer (either engine), on a connection the
// caller owns. Not thread-safe.
class SqliteMailThreads : public MailThreads {
 public:
  explicit SqliteMailThreads(sql::Connection& db) : db_(db) {}
  std::optional<MailThread> thread_of(std::int64_t conversation_id) override;
  std::optional<MailThread> thread_by_token(const std::string& token) override;
  std::optional<std::int64_t> conversation_of_message_ids(
      const std::vector<std::string>& message_ids) override;
  std::vector<std::string> message_ids_of(std::int64_t conversation_id, int limit) override;
  std::optional<std::int64_t> customer_of_sender(const std::string& sender_key) override;
  int note_sender_message(const std::string& sender_key, std::int64_t now,
                          std::int64_t window_ms) override;
  void start_thread(const MailThread& thread) override;
  void record_filing(const Filing& filing) override;
  void mark_bounced(const std::string& match_key, const std::string& address,
                    const std::string& reason, std::int64_t now) override;
  void clear_bounce(const std::string& match_key) override;
  std::optional<std::string> bounce_of(const std::string& match_key) override;
  std::vector<MailThread> threads_behind(int limit) override;
  void forget_customers(const std::vector<std::int64_t>& customers) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::mail
