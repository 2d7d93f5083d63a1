#include "server/mail/sqlite_mail_threads.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace kefu::mail {
namespace {

constexpr const char* kThread =
    "SELECT conversation_id, mailbox_id, token, address, subject, queued_through_seq "
    "FROM mail_threads ";

MailThread read(SQLite::Statement& s) {
  MailThread t;
  t.conversation_id = s.getColumn(0).getInt64();
  t.mailbox_id = s.getColumn(1).getInt64();
  t.token = s.getColumn(2).getString();
  t.address = s.getColumn(3).getString();
  t.subject = s.getColumn(4).getString();
  t.queued_through_seq = s.getColumn(5).getInt64();
  return t;
}

}  // namespace

std::optional<MailThread> SqliteMailThreads::thread_of(std::int64_t conversation_id) {
  SQLite::Statement s(db_, std::string(kThread) + "WHERE conversation_id = ?");
  s.bind(1, conversation_id);
  if (!s.executeStep()) return std::nullopt;
  return read(s);
}

std::optional<MailThread> SqliteMailThreads::thread_by_token(const std::string& token) {
  SQLite::Statement s(db_, std::string(kThread) + "WHERE token = ?");
  s.bind(1, token);
  if (!s.executeStep()) return std::nullopt;
  return read(s);
}

std::optional<std::int64_t> SqliteMailThreads::conversation_of_message_ids(
    const std::vector<std::string>& message_ids) {
  SQLite::Statement s(db_, "SELECT conversation_id FROM mail_message_ids WHERE message_id = ?");
  for (const auto& id : message_ids) {
    s.reset();
    s.bind(1, id);
    if (s.executeStep()) return s.getColumn(0).getInt64();
  }
  return std::nullopt;
}

std::vector<std::string> SqliteMailThreads::message_ids_of(std::int64_t conversation_id,
                                                           int limit) {
  SQLite::Statement s(db_,
                      "SELECT message_id FROM (SELECT message_id, at, rowid AS r FROM "
                      "mail_message_ids WHERE conversation_id = ? ORDER BY at DESC, r DESC "
                      "LIMIT ?) ORDER BY at, r");
  s.bind(1, conversation_id);
  s.bind(2, limit);
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

std::optional<std::int64_t> SqliteMailThreads::customer_of_sender(const std::string& sender_key) {
  SQLite::Statement s(db_, "SELECT customer_id FROM mail_senders WHERE match_key = ?");
  s.bind(1, sender_key);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getInt64();
}

int SqliteMailThreads::note_sender_message(const std::string& sender_key, std::int64_t now,
                                           std::int64_t window_ms) {
  // A sender's volume is counted in windows: the count restarts once the window has passed.
  SQLite::Statement s(db_,
                      "UPDATE mail_senders SET recent = CASE WHEN recent_since > ?2 - ?3 "
                      "THEN recent + 1 ELSE 1 END, recent_since = CASE WHEN recent_since > "
                      "?2 - ?3 THEN recent_since ELSE ?2 END, last_at = ?2 WHERE match_key = ?1 "
                      "RETURNING recent");
  s.bind(1, sender_key);
  s.bind(2, now);
  s.bind(3, window_ms);
  if (!s.executeStep()) return 1;  // a new sender: filed, then remembered by record_filing
  const int recent = s.getColumn(0).getInt();
  s.reset();
  return recent;
}

void SqliteMailThreads::start_thread(const MailThread& t) {
  SQLite::Statement s(db_,
                      "INSERT OR IGNORE INTO mail_threads(conversation_id, mailbox_id, token, "
                      "address, subject, queued_through_seq) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, t.conversation_id);
  s.bind(2, t.mailbox_id);
  s.bind(3, t.token);
  s.bind(4, t.address);
  s.bind(5, t.subject);
  s.bind(6, t.queued_through_seq);
  s.exec();
}

void SqliteMailThreads::record_filing(const Filing& f) {
  SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement thread(db_,
                           "INSERT OR IGNORE INTO mail_threads(conversation_id, mailbox_id, token, "
                           "address, subject, queued_through_seq) VALUES (?, ?, ?, ?, ?, ?)");
  thread.bind(1, f.thread.conversation_id);
  thread.bind(2, f.thread.mailbox_id);
  thread.bind(3, f.thread.token);
  thread.bind(4, f.thread.address);
  thread.bind(5, f.thread.subject);
  thread.bind(6, f.thread.queued_through_seq);
  thread.exec();
  if (!f.message_id.empty()) {
    SQLite::Statement id(db_,
                         "INSERT OR IGNORE INTO mail_message_ids(message_id, conversation_id, "
                         "direction, at) VALUES (?, ?, 'in', ?)");
    id.bind(1, f.message_id);
    id.bind(2, f.thread.conversation_id);
    id.bind(3, f.at);
    id.exec();
  }
  SQLite::Statement sender(db_,
                           "INSERT INTO mail_senders(match_key, customer_id, last_at, recent, "
                           "recent_since) VALUES (?1, ?2, ?3, 1, ?3) ON CONFLICT(match_key) DO "
                           "UPDATE SET customer_id = excluded.customer_id, last_at = ?3");
  sender.bind(1, f.sender_key);
  sender.bind(2, f.customer_id);
  sender.bind(3, f.at);
  sender.exec();
  SQLite::Statement remove(db_, "DELETE FROM mail_inbox WHERE id = ?");
  remove.bind(1, f.inbox_entry_id);
  remove.exec();
  transaction.commit();
}

void SqliteMailThreads::mark_bounced(const std::string& match_key, const std::string& address,
                                     const std::string& reason, std::int64_t now) {
  SQLite::Statement s(
      db_,
      "INSERT INTO mail_bounces(match_key, address, reason, at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT(match_key) DO UPDATE SET reason = excluded.reason, at = "
      "excluded.at");
  s.bind(1, match_key);
  s.bind(2, address);
  s.bind(3, reason);
  s.bind(4, now);
  s.exec();
}

void SqliteMailThreads::clear_bounce(const std::string& match_key) {
  SQLite::Statement s(db_, "DELETE FROM mail_bounces WHERE match_key = ?");
  s.bind(1, match_key);
  s.exec();
}

std::optional<std::string> SqliteMailThreads::bounce_of(const std::string& match_key) {
  SQLite::Statement s(db_, "SELECT reason FROM mail_bounces WHERE match_key = ?");
  s.bind(1, match_key);
  if (!s.executeStep()) return std::nullopt;
  return s.getColumn(0).getString();
}

std::vector<MailThread> SqliteMailThreads::threads_behind(int limit) {
  SQLite::Statement s(
      db_,
      "SELECT t.conversation_id, t.mailbox_id, t.token, t.address, t.subject, "
      "t.queued_through_seq FROM mail_threads t WHERE EXISTS (SELECT 1 FROM messages m "
      "WHERE m.conversation_id = t.conversation_id AND m.seq > "
      "t.queued_through_seq AND m.author_kind = 'agent') LIMIT ?");
  s.bind(1, limit);
  std::vector<MailThread> out;
  while (s.executeStep()) out.push_back(read(s));
  return out;
}

}  // namespace kefu::mail
