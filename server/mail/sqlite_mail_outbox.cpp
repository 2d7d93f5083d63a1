#include "server/mail/sqlite_mail_outbox.hpp"

#include <algorithm>

#include "server/mail/mail_bytes.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::mail {
namespace {

constexpr const char* kColumns =
    "id, conversation_id, seq, mailbox_id, recipient, message_id, state, attempts, "
    "next_attempt_at, error, created_at, updated_at, ";

constexpr const char* kInterrupted = "the server stopped during delivery: it may have arrived";

// The columns of an entry, raw last (or '' in its place).
std::string entry_columns(const MailBytes& bytes, bool with_raw) {
  return std::string(kColumns) + (with_raw ? bytes.column("raw") : "''");
}

std::vector<OutboxEntry> read_all(sql::Statement& s, const MailBytes& bytes) {
  std::vector<OutboxEntry> out;
  while (s.step()) {
    OutboxEntry e;
    e.id = s.column(0).int64();
    e.conversation_id = s.column(1).int64();
    e.seq = s.column(2).int64();
    e.mailbox_id = s.column(3).int64();
    e.recipient = s.column(4).text();
    e.message_id = s.column(5).text();
    e.state = s.column(6).text();
    e.attempts = s.column(7).int32();
    e.next_attempt_at = s.column(8).int64();
    e.error = s.column(9).text();
    e.created_at = s.column(10).int64();
    e.updated_at = s.column(11).int64();
    e.raw = bytes.of(s.column(12));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void SqliteMailOutbox::queue(std::int64_t conversation_id, std::int64_t through_seq,
                             const std::optional<OutboxEntry>& entry) {
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  if (entry) {
    const MailBytes bytes(db_);
    sql::Statement s(db_,
                     "INSERT INTO mail_outbox(conversation_id, seq, mailbox_id, recipient, "
                     "message_id, raw, state, attempts, next_attempt_at, error, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, " +
                         bytes.parameter() + ", ?, 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    s.bind(1, entry->conversation_id).bind(2, entry->seq).bind(3, entry->mailbox_id);
    s.bind(4, entry->recipient).bind(5, entry->message_id).bind(6, bytes.value(entry->raw));
    s.bind(7, entry->state).bind(8, entry->next_attempt_at).bind(9, entry->error);
    s.bind(10, entry->created_at).bind(11, entry->created_at);
    if (s.exec() == 1) {
      sql::Statement id(db_,
                        "INSERT INTO mail_message_ids(message_id, conversation_id, direction, at) "
                        "VALUES (?, ?, 'out', ?) ON CONFLICT DO NOTHING");
      id.bind(1, entry->message_id).bind(2, conversation_id).bind(3, entry->created_at);
      id.exec();
    }
  }
  sql::Statement cursor(db_,
                        "UPDATE mail_threads SET queued_through_seq = CASE WHEN "
                        "queued_through_seq > ?1 THEN queued_through_seq ELSE ?1 END WHERE "
                        "conversation_id = ?2");
  cursor.bind(1, through_seq).bind(2, conversation_id);
  cursor.exec();
  transaction.commit();
}

std::vector<OutboxEntry> SqliteMailOutbox::due(std::int64_t now, int limit) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, "SELECT " + entry_columns(bytes, true) +
                            " FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? "
                            "ORDER BY next_attempt_at, id LIMIT ?");
  s.bind(1, now).bind(2, limit);
  return read_all(s, bytes);
}

bool SqliteMailOutbox::claim(std::int64_t id, std::int64_t now) {
  sql::Statement s(db_,
                   "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, "
                   "claimed_by = '', lease_until = ?1 + ?2, updated_at = ?1 WHERE id = ?3 AND "
                   "state = 'queued'");
  s.bind(1, now).bind(2, kLeaseMs).bind(3, id);
  return s.exec() == 1;
}

std::optional<OutboxEntry> SqliteMailOutbox::claim_next(std::int64_t now, const std::string& worker,
                                                        std::int64_t lease_ms) {
  const MailBytes bytes(db_);
  // SQLite runs one writer at a time, so the guarded UPDATE is the claim; PostgreSQL's workers
  // run at once and skip the rows another is claiming.
  const std::string skip_locked =
      db_.engine() == sql::Engine::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
  sql::Statement s(db_,
                   "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, "
                   "claimed_by = ?1, lease_until = ?2 + ?3, updated_at = ?2 WHERE id = (SELECT "
                   "id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ?2 ORDER BY "
                   "next_attempt_at, id LIMIT 1" +
                       skip_locked + ") AND state = 'queued' RETURNING " +
                       entry_columns(bytes, true));
  s.bind(1, worker).bind(2, now).bind(3, lease_ms);
  auto claimed = read_all(s, bytes);
  if (claimed.empty()) return std::nullopt;
  return claimed.front();
}

void SqliteMailOutbox::set_state(std::int64_t id, const char* state, const std::string& error,
                                 std::int64_t now) {
  sql::Statement s(db_, "UPDATE mail_outbox SET state = ?, error = ?, updated_at = ? WHERE id = ?");
  s.bind(1, state).bind(2, error).bind(3, now).bind(4, id);
  s.exec();
}

void SqliteMailOutbox::mark_sent(std::int64_t id, std::int64_t now) {
  set_state(id, "sent", "", now);
}

void SqliteMailOutbox::retry_later(std::int64_t id, std::int64_t next_attempt_at,
                                   const std::string& error, std::int64_t now) {
  sql::Statement s(db_,
                   "UPDATE mail_outbox SET state = 'queued', next_attempt_at = ?, error = ?, "
                   "updated_at = ? WHERE id = ?");
  s.bind(1, next_attempt_at).bind(2, error).bind(3, now).bind(4, id);
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
  sql::Statement s(db_,
                   "UPDATE mail_outbox SET state = 'queued', next_attempt_at = ?, error = '', "
                   "updated_at = ? WHERE conversation_id = ? AND seq = ? AND state = "
                   "'uncertain'");
  s.bind(1, now).bind(2, now).bind(3, conversation_id).bind(4, seq);
  return s.exec() == 1;
}

template <typename Bind>
std::vector<OutboxEntry> SqliteMailOutbox::settle(const std::string& where, Bind bind,
                                                  std::int64_t now) {
  // One UPDATE ... RETURNING: what it returns is exactly what it settled, even with another
  // node settling at the same time.
  const MailBytes bytes(db_);
  sql::Statement s(db_,
                   "UPDATE mail_outbox SET state = 'uncertain', error = ?, updated_at = ? WHERE "
                   "state = 'sending' AND (" +
                       where + ") RETURNING " + entry_columns(bytes, false));
  s.bind(1, kInterrupted).bind(2, now);
  bind(s);
  auto settled = read_all(s, bytes);
  std::sort(settled.begin(), settled.end(),
            [](const OutboxEntry& a, const OutboxEntry& b) { return a.id < b.id; });
  return settled;
}

std::vector<OutboxEntry> SqliteMailOutbox::settle_interrupted(std::int64_t now) {
  return settle(
      "1 = 1", [](sql::Statement&) {}, now);
}

std::vector<OutboxEntry> SqliteMailOutbox::settle_abandoned(std::int64_t now,
                                                            const std::string& worker) {
  return settle(
      "claimed_by = ? OR lease_until < ?",
      [&](sql::Statement& s) { s.bind(3, worker).bind(4, now); }, now);
}

std::vector<OutboxEntry> SqliteMailOutbox::of_conversation(std::int64_t conversation_id) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, "SELECT " + entry_columns(bytes, false) +
                            " FROM mail_outbox WHERE conversation_id = ? ORDER BY seq");
  s.bind(1, conversation_id);
  return read_all(s, bytes);
}

std::optional<OutboxEntry> SqliteMailOutbox::find(std::int64_t id) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, "SELECT " + entry_columns(bytes, true) + " FROM mail_outbox WHERE id = ?");
  s.bind(1, id);
  auto all = read_all(s, bytes);
  if (all.empty()) return std::nullopt;
  return all.front();
}

void SqliteMailOutbox::forget(std::int64_t conversation_id, std::int64_t seq) {
  sql::Statement s(db_, "DELETE FROM mail_outbox WHERE conversation_id = ? AND seq = ?");
  s.bind(1, conversation_id).bind(2, seq);
  s.exec();
}

}  // namespace kefu::mail
