#include "server/mail/sqlite_mail_threads.hpp"

#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::mail {
namespace {

constexpr const char* kThread =
    "SELECT conversation_id, mailbox_id, token, address, subject, queued_through_seq "
    "FROM mail_threads ";

constexpr const char* kStartThread =
    "INSERT INTO mail_threads(conversation_id, mailbox_id, token, address, subject, "
    "queued_through_seq) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

MailThread read(sql::Statement& s) {
  MailThread t;
  t.conversation_id = s.column(0).int64();
  t.mailbox_id = s.column(1).int64();
  t.token = s.column(2).text();
  t.address = s.column(3).text();
  t.subject = s.column(4).text();
  t.queued_through_seq = s.column(5).int64();
  return t;
}

void insert_thread(sql::Connection& db, const MailThread& t) {
  sql::Statement s(db, kStartThread);
  s.bind(1, t.conversation_id).bind(2, t.mailbox_id).bind(3, t.token).bind(4, t.address);
  s.bind(5, t.subject).bind(6, t.queued_through_seq);
  s.exec();
}

}  // namespace

std::optional<MailThread> SqliteMailThreads::thread_of(std::int64_t conversation_id) {
  sql::Statement s(db_, std::string(kThread) + "WHERE conversation_id = ?");
  s.bind(1, conversation_id);
  if (!s.step()) return std::nullopt;
  return read(s);
}

std::optional<MailThread> SqliteMailThreads::thread_by_token(const std::string& token) {
  sql::Statement s(db_, std::string(kThread) + "WHERE token = ?");
  s.bind(1, token);
  if (!s.step()) return std::nullopt;
  return read(s);
}

std::optional<std::int64_t> SqliteMailThreads::conversation_of_message_ids(
    const std::vector<std::string>& message_ids) {
  sql::Statement s(db_, "SELECT conversation_id FROM mail_message_ids WHERE message_id = ?");
  for (const auto& id : message_ids) {
    s.reset();
    s.bind(1, id);
    if (s.step()) return s.column(0).int64();
  }
  return std::nullopt;
}

std::vector<std::string> SqliteMailThreads::message_ids_of(std::int64_t conversation_id,
                                                           int limit) {
  // Ties of `at` (one millisecond) in the order the rows were stored: SQLite's rowid;
  // PostgreSQL's ctid, which follows it in this table (rows are only ever added).
  const std::string order = db_.engine() == sql::Engine::sqlite ? "rowid" : "ctid";
  sql::Statement s(db_,
                   "SELECT message_id FROM (SELECT message_id, at, " + order +
                       " AS r FROM mail_message_ids WHERE conversation_id = ? ORDER BY at DESC, "
                       "r DESC LIMIT ?) AS recent ORDER BY at, r");
  s.bind(1, conversation_id).bind(2, limit);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column(0).text());
  return out;
}

std::optional<std::int64_t> SqliteMailThreads::customer_of_sender(const std::string& sender_key) {
  sql::Statement s(db_, "SELECT customer_id FROM mail_senders WHERE match_key = ?");
  s.bind(1, sender_key);
  if (!s.step()) return std::nullopt;
  return s.column(0).int64();
}

int SqliteMailThreads::note_sender_message(const std::string& sender_key, std::int64_t now,
                                           std::int64_t window_ms) {
  // A sender's volume is counted in windows: the count restarts once the window has passed.
  sql::Statement s(db_,
                   "UPDATE mail_senders SET recent = CASE WHEN recent_since > ?2 - ?3 "
                   "THEN recent + 1 ELSE 1 END, recent_since = CASE WHEN recent_since > "
                   "?2 - ?3 THEN recent_since ELSE ?2 END, last_at = ?2 WHERE match_key = ?1 "
                   "RETURNING recent");
  s.bind(1, sender_key).bind(2, now).bind(3, window_ms);
  if (!s.step()) return 1;  // a new sender: filed, then remembered by record_filing
  const int recent = s.column(0).int32();
  while (s.step()) {
  }
  return recent;
}

void SqliteMailThreads::start_thread(const MailThread& t) {
  insert_thread(db_, t);
}

void SqliteMailThreads::record_filing(const Filing& f) {
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  insert_thread(db_, f.thread);
  if (!f.message_id.empty()) {
    sql::Statement id(db_,
                      "INSERT INTO mail_message_ids(message_id, conversation_id, direction, at) "
                      "VALUES (?, ?, 'in', ?) ON CONFLICT DO NOTHING");
    id.bind(1, f.message_id).bind(2, f.thread.conversation_id).bind(3, f.at);
    id.exec();
  }
  sql::Statement sender(db_,
                        "INSERT INTO mail_senders(match_key, customer_id, last_at, recent, "
                        "recent_since) VALUES (?1, ?2, ?3, 1, ?3) ON CONFLICT (match_key) DO "
                        "UPDATE SET customer_id = excluded.customer_id, last_at = ?3");
  sender.bind(1, f.sender_key).bind(2, f.customer_id).bind(3, f.at);
  sender.exec();
  sql::Statement remove(db_, "DELETE FROM mail_inbox WHERE id = ?");
  remove.bind(1, f.inbox_entry_id);
  remove.exec();
  transaction.commit();
}

void SqliteMailThreads::mark_bounced(const std::string& match_key, const std::string& address,
                                     const std::string& reason, std::int64_t now) {
  sql::Statement s(db_,
                   "INSERT INTO mail_bounces(match_key, address, reason, at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (match_key) DO UPDATE SET reason = excluded.reason, at = "
                   "excluded.at");
  s.bind(1, match_key).bind(2, address).bind(3, reason).bind(4, now);
  s.exec();
}

void SqliteMailThreads::clear_bounce(const std::string& match_key) {
  sql::Statement s(db_, "DELETE FROM mail_bounces WHERE match_key = ?");
  s.bind(1, match_key);
  s.exec();
}

std::optional<std::string> SqliteMailThreads::bounce_of(const std::string& match_key) {
  sql::Statement s(db_, "SELECT reason FROM mail_bounces WHERE match_key = ?");
  s.bind(1, match_key);
  if (!s.step()) return std::nullopt;
  return s.column(0).text();
}

std::vector<MailThread> SqliteMailThreads::threads_behind(int limit) {
  sql::Statement s(db_,
                   "SELECT t.conversation_id, t.mailbox_id, t.token, t.address, t.subject, "
                   "t.queued_through_seq FROM mail_threads t WHERE EXISTS (SELECT 1 FROM "
                   "messages m WHERE m.conversation_id = t.conversation_id AND m.seq > "
                   "t.queued_through_seq AND m.author_kind = 'agent') LIMIT ?");
  s.bind(1, limit);
  std::vector<MailThread> out;
  while (s.step()) out.push_back(read(s));
  return out;
}

void SqliteMailThreads::forget_customers(const std::vector<std::int64_t>& customers) {
  static constexpr const char* kSteps[] = {
      "UPDATE mail_threads SET address = '', subject = '' WHERE conversation_id IN "
      "(SELECT id FROM conversations WHERE customer_id = ?)",
      "DELETE FROM mail_outbox WHERE conversation_id IN "
      "(SELECT id FROM conversations WHERE customer_id = ?)",
      "DELETE FROM mail_bounces WHERE match_key IN "
      "(SELECT match_key FROM mail_senders WHERE customer_id = ?)",
      "DELETE FROM mail_senders WHERE customer_id = ?",
  };
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  for (const char* step : kSteps) {
    sql::Statement s(db_, step);
    for (const auto customer : customers) {
      s.reset();
      s.bind(1, customer);
      s.exec();
    }
  }
  transaction.commit();
}

}  // namespace kefu::mail
