#include "server/mail/sqlite_mail_inbox.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace kefu::mail {

std::int64_t SqliteMailInbox::insert(std::int64_t mailbox_id, const std::string& raw,
                                     const char* source, std::int64_t now) {
  SQLite::Statement s(db_,
                      "INSERT INTO mail_inbox(mailbox_id, raw, source, received_at) "
                      "VALUES (?, ?, ?, ?)");
  s.bind(1, mailbox_id);
  s.bind(2, raw.data(), static_cast<int>(raw.size()));
  s.bind(3, source);
  s.bind(4, now);
  s.exec();
  return db_.getLastInsertRowid();
}

std::int64_t SqliteMailInbox::add(std::int64_t mailbox_id, const std::string& raw,
                                  std::int64_t now) {
  return insert(mailbox_id, raw, "pipe", now);
}

void SqliteMailInbox::begin_imap_fetch(std::int64_t mailbox_id, std::int64_t uid_validity,
                                       std::int64_t uid, std::int64_t now) {
  SQLite::Statement s(db_,
                      "INSERT OR IGNORE INTO mail_imap_taken(mailbox_id, uid_validity, uid, kept, "
                      "taken_at) VALUES (?, ?, ?, 0, ?)");
  s.bind(1, mailbox_id);
  s.bind(2, uid_validity);
  s.bind(3, uid);
  s.bind(4, now);
  s.exec();
}

std::vector<std::int64_t> SqliteMailInbox::pending_imap(std::int64_t mailbox_id,
                                                        std::int64_t uid_validity) {
  SQLite::Statement s(db_,
                      "SELECT uid FROM mail_imap_taken WHERE mailbox_id = ? AND uid_validity = ? "
                      "AND kept = 0 ORDER BY uid");
  s.bind(1, mailbox_id);
  s.bind(2, uid_validity);
  std::vector<std::int64_t> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
  return out;
}

bool SqliteMailInbox::add_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                                    std::int64_t uid, const std::string& raw, std::int64_t now) {
  SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement taken(db_,
                          "INSERT INTO mail_imap_taken(mailbox_id, uid_validity, uid, kept, "
                          "taken_at) VALUES (?, ?, ?, 1, ?) ON CONFLICT DO UPDATE SET kept = 1 "
                          "WHERE kept = 0");
  taken.bind(1, mailbox_id);
  taken.bind(2, uid_validity);
  taken.bind(3, uid);
  taken.bind(4, now);
  if (taken.exec() == 0) return false;
  insert(mailbox_id, raw, "imap", now);
  transaction.commit();
  return true;
}

bool SqliteMailInbox::taken_from_imap(std::int64_t mailbox_id, std::int64_t uid_validity,
                                      std::int64_t uid) {
  SQLite::Statement s(db_,
                      "SELECT 1 FROM mail_imap_taken WHERE mailbox_id = ? AND uid_validity = ? "
                      "AND uid = ? AND kept = 1");
  s.bind(1, mailbox_id);
  s.bind(2, uid_validity);
  s.bind(3, uid);
  return s.executeStep();
}

std::optional<InboxEntry> SqliteMailInbox::oldest() {
  SQLite::Statement s(db_,
                      "SELECT id, mailbox_id, raw, source, received_at FROM mail_inbox "
                      "ORDER BY id LIMIT 1");
  if (!s.executeStep()) return std::nullopt;
  InboxEntry e;
  e.id = s.getColumn(0).getInt64();
  e.mailbox_id = s.getColumn(1).getInt64();
  const auto raw = s.getColumn(2);
  e.raw.assign(static_cast<const char*>(raw.getBlob()), static_cast<std::size_t>(raw.getBytes()));
  e.source = s.getColumn(3).getString();
  e.received_at = s.getColumn(4).getInt64();
  return e;
}

void SqliteMailInbox::set_aside(std::int64_t entry_id, std::int64_t mailbox_id,
                                const std::string& reason, const std::string& sender,
                                const std::string& subject, std::int64_t now) {
  SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement aside(
      db_,
      "INSERT INTO mail_set_aside(mailbox_id, reason, sender, subject, at, raw) "
      "VALUES (?, ?, ?, ?, ?, (SELECT raw FROM mail_inbox WHERE id = ?))");
  aside.bind(1, mailbox_id);
  aside.bind(2, reason);
  aside.bind(3, sender);
  aside.bind(4, subject);
  aside.bind(5, now);
  aside.bind(6, entry_id);
  aside.exec();
  SQLite::Statement remove(db_, "DELETE FROM mail_inbox WHERE id = ?");
  remove.bind(1, entry_id);
  remove.exec();
  transaction.commit();
}

std::int64_t SqliteMailInbox::waiting() {
  return db_.execAndGet("SELECT COUNT(*) FROM mail_inbox").getInt64();
}

}  // namespace kefu::mail
