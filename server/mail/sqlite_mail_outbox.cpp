#include "server/mail/sqlite_mail_outbox.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::mail {
namespace {

constexpr const char* kEntry =
    "SELECT id, conversation_id, seq, mailbox_id, recipient, message_id, state, attempts, "
    "next_attempt_at, error, created_at, updated_at, raw FROM mail_outbox ";
constexpr const char* kEntryWithoutRaw =
    "SELECT id, conversation_id, seq, mailbox_id, recipient, message_id, state, attempts, "
    "next_attempt_at, error, created_at, updated_at, '' FROM mail_outbox ";

std::vector<OutboxEntry> read_all(SQLite::Statement& s) {
  std::vector<OutboxEntry> out;
  while (s.executeStep()) {
    OutboxEntry e;
    e.id = s.getColumn(0).getInt64();
    e.conversation_id = s.getColumn(1).getInt64();
    e.seq = s.getColumn(2).getInt64();
    e.mailbox_id = s.getColumn(3).getInt64();
    e.recipient = s.getColumn(4).getString();
    e.message_id = s.getColumn(5).getString();
    e.state = s.getColumn(6).getString();
    e.attempts = s.getColumn(7).getInt();
    e.next_attempt_at = s.getColumn(8).getInt64();
    e.error = s.getColumn(9).getString();
    e.created_at = s.getColumn(10).getInt64();
    e.updated_at = s.getColumn(11).getInt64();
    const auto raw = s.getColumn(12);
    e.raw.assign(static_cast<const char*>(raw.getBlob()), static_cast<std::size_t>(raw.getBytes()));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void SqliteMailOutbox::queue(std::int64_t conversation_id, std::int64_t through_seq,
                             const std::optional<OutboxEntry>& entry) {
  // A savepoint inside the caller's transaction (a care rule's unit of work), else BEGIN
  // IMMEDIATE.
  sql::SqliteConnection view(db_);
  sql::Transaction transaction(view, sql::Transaction::Mode::write);
  if (entry) {
    SQLite::Statement s(db_,
                        "INSERT OR IGNORE INTO mail_outbox(conversation_id, seq, mailbox_id, "
                        "recipient, message_id, raw, state, attempts, next_attempt_at, error, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)");
    s.bind(1, entry->conversation_id);
    s.bind(2, entry->seq);
    s.bind(3, entry->mailbox_id);
    s.bind(4, entry->recipient);
    s.bind(5, entry->message_id);
    s.bind(6, entry->raw.data(), static_cast<int>(entry->raw.size()));
    s.bind(7, entry->state);
    s.bind(8, entry->next_attempt_at);
    s.bind(9, entry->error);
    s.bind(10, entry->created_at);
    s.bind(11, entry->created_at);
    if (s.exec() == 1) {
      SQLite::Statement id(db_,
                           "INSERT OR IGNORE INTO mail_message_ids(message_id, conversation_id, "
                           "direction, at) VALUES (?, ?, 'out', ?)");
      id.bind(1, entry->message_id);
      id.bind(2, conversation_id);
      id.bind(3, entry->created_at);
      id.exec();
    }
  }
  SQLite::Statement cursor(db_,
                           "UPDATE mail_threads SET queued_through_seq = MAX(queued_through_seq, "
                           "?) WHERE conversation_id = ?");
  cursor.bind(1, through_seq);
  cursor.bind(2, conversation_id);
  cursor.exec();
  transaction.commit();
}

std::vector<OutboxEntry> SqliteMailOutbox::due(std::int64_t now, int limit) {
  SQLite::Statement s(db_, std::string(kEntry) +
                               "WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY "
                               "next_attempt_at, id LIMIT ?");
  s.bind(1, now);
  s.bind(2, limit);
  return read_all(s);
}

bool SqliteMailOutbox::claim(std::int64_t id, std::int64_t now) {
  SQLite::Statement s(db_,
                      "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, "
                      "updated_at = ? WHERE id = ? AND state = 'queued'");
  s.bind(1, now);
  s.bind(2, id);
  return s.exec() == 1;
}

void SqliteMailOutbox::set_state(std::int64_t id, const char* state, const std::string& error,
                                 std::int64_t now) {
  SQLite::Statement s(db_,
                      "UPDATE mail_outbox SET state = ?, error = ?, updated_at = ? WHERE id = ?");
  s.bind(1, state);
  s.bind(2, error);
  s.bind(3, now);
  s.bind(4, id);
  s.exec();
}

void SqliteMailOutbox::mark_sent(std::int64_t id, std::int64_t now) {
  set_state(id, "sent", "", now);
}

void SqliteMailOutbox::retry_later(std::int64_t id, std::int64_t next_attempt_at,
                                   const std::string& error, std::int64_t now) {
  SQLite::Statement s(db_,
                      "UPDATE mail_outbox SET state = 'queued', next_attempt_at = ?, error = ?, "
                      "updated_at = ? WHERE id = ?");
  s.bind(1, next_attempt_at);
  s.bind(2, error);
  s.bind(3, now);
  s.bind(4, id);
  s.exec();
}

void SqliteMailOutbox::mark_failed(std::int64_t id, const std::string& error, std::int64_t now) {
  set_state(id, "failed", error, now);
}

void SqliteMailOutbox::mark_uncertain(std::int64_t id, const std::string& error, std::int64_t now) {
  set_state(id, "uncertain", error, now);
}

bool SqliteMailOutbox::send_again(std::int64_t conversation_id, std::int64_t seq,
                                  std::int64_t now) {
  SQLite::Statement s(db_,
                      "UPDATE mail_outbox SET state = 'queued', next_attempt_at = ?, error = '', "
                      "updated_at = ? WHERE conversation_id = ? AND seq = ? AND state = "
                      "'uncertain'");
  s.bind(1, now);
  s.bind(2, now);
  s.bind(3, conversation_id);
  s.bind(4, seq);
  return s.exec() == 1;
}

std::vector<OutboxEntry> SqliteMailOutbox::settle_interrupted(std::int64_t now) {
  SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement s(db_, std::string(kEntryWithoutRaw) + "WHERE state = 'sending'");
  auto interrupted = read_all(s);
  SQLite::Statement u(db_,
                      "UPDATE mail_outbox SET state = 'uncertain', error = 'the server stopped "
                      "during delivery: it may have arrived', updated_at = ? WHERE state = "
                      "'sending'");
  u.bind(1, now);
  u.exec();
  transaction.commit();
  return interrupted;
}

std::vector<OutboxEntry> SqliteMailOutbox::of_conversation(std::int64_t conversation_id) {
  SQLite::Statement s(db_,
                      std::string(kEntryWithoutRaw) + "WHERE conversation_id = ? ORDER BY seq");
  s.bind(1, conversation_id);
  return read_all(s);
}

std::optional<OutboxEntry> SqliteMailOutbox::find(std::int64_t id) {
  SQLite::Statement s(db_, std::string(kEntry) + "WHERE id = ?");
  s.bind(1, id);
  auto all = read_all(s);
  if (all.empty()) return std::nullopt;
  return all.front();
}

}  // namespace kefu::mail
