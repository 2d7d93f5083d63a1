#include "server/mail/sqlite_mail_inbox.hpp"

#include "server/mail/mail_bytes.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::mail {

bool SqliteMailInbox::note_received(std::int64_t mailbox_id, const std::string& message_id,
                                    std::int64_t now) {
  if (message_id.empty()) return true;
  sql::Statement s(db_,
                   "INSERT INTO mail_received(mailbox_id, message_id, at) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING");
  s.bind(1, mailbox_id).bind(2, message_id).bind(3, now);
  return s.exec() == 1;
}

std::int64_t SqliteMailInbox::insert(std::int64_t mailbox_id, const std::string& raw,
                                     const char* source, std::int64_t now) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, "INSERT INTO mail_inbox(mailbox_id, raw, source, received_at) VALUES (?, " +
                            bytes.parameter() + ", ?, ?) RETURNING id");
  s.bind(1, mailbox_id).bind(2, bytes.value(raw)).bind(3, source).bind(4, now);
  return *s.insert_returning_id();
}

std::optional<std::int64_t> SqliteMailInbox::add(std::int64_t mailbox_id, const std::string& raw,
                                                 const std::string& message_id, std::int64_t now) {
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  if (!note_received(mailbox_id, message_id, now)) return std::nullopt;
  const auto id = insert(mailbox_id, raw, "pipe", now);
  transaction.commit();
  return id;
}

void SqliteMailInbox::begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity,
                                       std::int64_t uid, std::int64_t now) {
  sql::Statement s(db_,
                   "INSERT INTO mail_imap_taken(mailbox_id, uid_validity, uid, kept, taken_at) "
                   "VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING");
  s.bind(1, mailbox_id).bind(2, uid_validity).bind(3, uid).bind(4, now);
  s.exec();
}

std::vector<std::int64_t> SqliteMailInbox::pending_imap(std::int64_t mailbox_id,
                                                        std::int64_t uid_validity) {
  sql::Statement s(db_,
                   "SELECT uid FROM mail_imap_taken WHERE mailbox_id = ? AND uid_validity = ? "
                   "AND kept = 0 ORDER BY uid");
  s.bind(1, mailbox_id).bind(2, uid_validity);
  std::vector<std::int64_t> out;
  while (s.step()) out.push_back(s.column(0).int64());
  return out;
}

bool SqliteMailInbox::add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                                    std::int64_t uid, const std::string& raw,
                                    const std::string& message_id, std::int64_t now) {
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  sql::Statement taken(db_,
                       "INSERT INTO mail_imap_taken(mailbox_id, uid_validity, uid, kept, "
                       "taken_at) VALUES (?, ?, ?, 1, ?) ON CONFLICT (mailbox_id, uid_validity, "
                       "uid) DO UPDATE SET kept = 1 WHERE mail_imap_taken.kept = 0");
  taken.bind(1, mailbox_id).bind(2, uid_validity).bind(3, uid).bind(4, now);
  if (taken.exec() == 0) return false;
  const bool new_message = note_received(mailbox_id, message_id, now);
  if (new_message) insert(mailbox_id, raw, "imap", now);
  transaction.commit();
  return new_message;
}

bool SqliteMailInbox::taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                                      std::int64_t uid) {
  sql::Statement s(db_,
                   "SELECT 1 FROM mail_imap_taken WHERE mailbox_id = ? AND uid_validity = ? "
                   "AND uid = ? AND kept = 1");
  s.bind(1, mailbox_id).bind(2, uid_validity).bind(3, uid);
  return s.step();
}

std::optional<InboxEntry> SqliteMailInbox::take_next(std::int64_t now, const std::string& worker,
                                                     std::int64_t lease_ms) {
  const MailBytes bytes(db_);
  // SQLite runs one writer at a time, so the guarded UPDATE is the claim; PostgreSQL's workers
  // run at once and skip the rows another is claiming.
  const std::string skip_locked =
      db_.engine() == sql::Engine::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
  sql::Statement s(db_,
                   "UPDATE mail_inbox SET claimed_by = ?1, lease_until = ?2 + ?3 WHERE id = "
                   "(SELECT id FROM mail_inbox WHERE lease_until <= ?2 OR claimed_by = ?1 "
                   "ORDER BY id LIMIT 1" +
                       skip_locked +
                       ") AND (lease_until <= ?2 OR claimed_by = ?1) RETURNING id, "
                       "mailbox_id, " +
                       bytes.column("raw") + ", source, received_at");
  s.bind(1, worker).bind(2, now).bind(3, lease_ms);
  if (!s.step()) return std::nullopt;
  InboxEntry e;
  e.id = s.column(0).int64();
  e.mailbox_id = s.column(1).int64();
  e.raw = bytes.of(s.column(2));
  e.source = s.column(3).text();
  e.received_at = s.column(4).int64();
  while (s.step()) {
  }
  return e;
}

void SqliteMailInbox::set_aside(std::int64_t entry_id, std::int64_t mailbox_id,
                                const std::string& reason, const std::string& sender,
                                const std::string& subject, std::int64_t now) {
  sql::Transaction transaction(db_, sql::Transaction::Mode::write);
  sql::Statement aside(db_,
                       "INSERT INTO mail_set_aside(mailbox_id, reason, sender, subject, at, raw) "
                       "VALUES (?, ?, ?, ?, ?, (SELECT raw FROM mail_inbox WHERE id = ?))");
  aside.bind(1, mailbox_id).bind(2, reason).bind(3, sender).bind(4, subject).bind(5, now);
  aside.bind(6, entry_id);
  aside.exec();
  sql::Statement remove(db_, "DELETE FROM mail_inbox WHERE id = ?");
  remove.bind(1, entry_id);
  remove.exec();
  transaction.commit();
}

std::int64_t SqliteMailInbox::waiting() {
  sql::Statement s(db_, "SELECT COUNT(*) FROM mail_inbox");
  s.step();
  return s.column(0).int64();
}

}  // namespace kefu::mail
