#include "server/mail/sqlite_mailboxes.hpp"

#include <SQLiteCpp/Statement.h>

namespace kefu::mail {
namespace {

constexpr const char* kColumns =
    "SELECT id, name, address, display_name, queue, smtp_url, security, imap_url, "
    "imap_folder, login, sealed_password, created_at, updated_at FROM mailboxes ";

Mailbox read(SQLite::Statement& s) {
  Mailbox m;
  m.id = s.getColumn(0).getInt64();
  m.name = s.getColumn(1).getString();
  m.address = s.getColumn(2).getString();
  m.display_name = s.getColumn(3).getString();
  m.queue = s.getColumn(4).getString();
  m.smtp_url = s.getColumn(5).getString();
  m.security = s.getColumn(6).getString();
  m.imap_url = s.getColumn(7).getString();
  m.imap_folder = s.getColumn(8).getString();
  m.login = s.getColumn(9).getString();
  const auto sealed = s.getColumn(10);
  if (!sealed.isNull()) {
    m.sealed_password.assign(static_cast<const char*>(sealed.getBlob()),
                             static_cast<std::size_t>(sealed.getBytes()));
  }
  m.created_at = s.getColumn(11).getInt64();
  m.updated_at = s.getColumn(12).getInt64();
  return m;
}

bool name_taken(SQLite::Database& db, const std::string& name, std::int64_t except) {
  SQLite::Statement s(db, "SELECT 1 FROM mailboxes WHERE name = ? AND id <> ?");
  s.bind(1, name);
  s.bind(2, except);
  return s.executeStep();
}

void bind_fields(SQLite::Statement& s, const Mailbox& m) {
  s.bind(1, m.name);
  s.bind(2, m.address);
  s.bind(3, m.display_name);
  s.bind(4, m.queue);
  s.bind(5, m.smtp_url);
  s.bind(6, m.security);
  s.bind(7, m.imap_url);
  s.bind(8, m.imap_folder);
  s.bind(9, m.login);
  if (m.sealed_password.empty()) {
    s.bind(10);
  } else {
    s.bind(10, m.sealed_password.data(), static_cast<int>(m.sealed_password.size()));
  }
  s.bind(11, m.updated_at);
}

}  // namespace

std::vector<Mailbox> SqliteMailboxes::list() {
  SQLite::Statement s(db_, std::string(kColumns) + "ORDER BY name");
  std::vector<Mailbox> out;
  while (s.executeStep()) out.push_back(read(s));
  return out;
}

std::optional<Mailbox> SqliteMailboxes::find(std::int64_t id) {
  SQLite::Statement s(db_, std::string(kColumns) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return read(s);
}

std::optional<Mailbox> SqliteMailboxes::find_by_name(const std::string& name) {
  SQLite::Statement s(db_, std::string(kColumns) + "WHERE name = ?");
  s.bind(1, name);
  if (!s.executeStep()) return std::nullopt;
  return read(s);
}

std::int64_t SqliteMailboxes::add(const Mailbox& m) {
  if (name_taken(db_, m.name, 0)) throw MailboxNameTaken("a mailbox is already called " + m.name);
  SQLite::Statement s(db_,
                      "INSERT INTO mailboxes(name, address, display_name, queue, smtp_url, "
                      "security, imap_url, imap_folder, login, sealed_password, updated_at, "
                      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_fields(s, m);
  s.bind(12, m.created_at);
  s.exec();
  return db_.getLastInsertRowid();
}

bool SqliteMailboxes::update(const Mailbox& m) {
  if (name_taken(db_, m.name, m.id))
    throw MailboxNameTaken("a mailbox is already called " + m.name);
  SQLite::Statement s(db_,
                      "UPDATE mailboxes SET name = ?, address = ?, display_name = ?, queue = ?, "
                      "smtp_url = ?, security = ?, imap_url = ?, imap_folder = ?, login = ?, "
                      "sealed_password = ?, updated_at = ? WHERE id = ?");
  bind_fields(s, m);
  s.bind(12, m.id);
  return s.exec() == 1;
}

}  // namespace kefu::mail
