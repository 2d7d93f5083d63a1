#include "server/mail/sqlite_mailboxes.hpp"

#include "server/mail/mail_bytes.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::mail {
namespace {

std::string columns(const MailBytes& bytes) {
  return "SELECT id, name, address, display_name, queue, smtp_url, security, imap_url, "
         "imap_folder, login, " +
         bytes.column("sealed_password") + ", created_at, updated_at FROM mailboxes ";
}

Mailbox read(sql::Statement& s, const MailBytes& bytes) {
  Mailbox m;
  m.id = s.column(0).int64();
  m.name = s.column(1).text();
  m.address = s.column(2).text();
  m.display_name = s.column(3).text();
  m.queue = s.column(4).text();
  m.smtp_url = s.column(5).text();
  m.security = s.column(6).text();
  m.imap_url = s.column(7).text();
  m.imap_folder = s.column(8).text();
  m.login = s.column(9).text();
  if (!s.column(10).is_null()) m.sealed_password = bytes.of(s.column(10));
  m.created_at = s.column(11).int64();
  m.updated_at = s.column(12).int64();
  return m;
}

bool name_taken(sql::Connection& db, const std::string& name, std::int64_t except) {
  sql::Statement s(db, "SELECT 1 FROM mailboxes WHERE name = ? AND id <> ?");
  s.bind(1, name).bind(2, except);
  return s.step();
}

void bind_fields(sql::Statement& s, const Mailbox& m, const MailBytes& bytes) {
  s.bind(1, m.name).bind(2, m.address).bind(3, m.display_name).bind(4, m.queue);
  s.bind(5, m.smtp_url).bind(6, m.security).bind(7, m.imap_url).bind(8, m.imap_folder);
  s.bind(9, m.login);
  if (m.sealed_password.empty()) {
    s.bind_null(10);
  } else {
    s.bind(10, bytes.value(m.sealed_password));
  }
  s.bind(11, m.updated_at);
}

[[noreturn]] void name_is_taken(const std::string& name) {
  throw MailboxNameTaken("a mailbox is already called " + name);
}

}  // namespace

std::vector<Mailbox> SqliteMailboxes::list() {
  const MailBytes bytes(db_);
  sql::Statement s(db_, columns(bytes) + "ORDER BY name");
  std::vector<Mailbox> out;
  while (s.step()) out.push_back(read(s, bytes));
  return out;
}

std::optional<Mailbox> SqliteMailboxes::find(std::int64_t id) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, columns(bytes) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read(s, bytes);
}

std::optional<Mailbox> SqliteMailboxes::find_by_name(const std::string& name) {
  const MailBytes bytes(db_);
  sql::Statement s(db_, columns(bytes) + "WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read(s, bytes);
}

std::int64_t SqliteMailboxes::add(const Mailbox& m) {
  if (name_taken(db_, m.name, 0)) name_is_taken(m.name);
  const MailBytes bytes(db_);
  sql::Statement s(db_,
                   "INSERT INTO mailboxes(name, address, display_name, queue, smtp_url, "
                   "security, imap_url, imap_folder, login, sealed_password, updated_at, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " +
                       bytes.parameter() + ", ?, ?) RETURNING id");
  bind_fields(s, m, bytes);
  s.bind(12, m.created_at);
  try {
    return *s.insert_returning_id();
  } catch (const sql::Error& e) {
    if (e.kind() == sql::Error::Kind::duplicate) name_is_taken(m.name);  // added meanwhile
    throw;
  }
}

bool SqliteMailboxes::update(const Mailbox& m) {
  if (name_taken(db_, m.name, m.id)) name_is_taken(m.name);
  const MailBytes bytes(db_);
  sql::Statement s(db_,
                   "UPDATE mailboxes SET name = ?, address = ?, display_name = ?, queue = ?, "
                   "smtp_url = ?, security = ?, imap_url = ?, imap_folder = ?, login = ?, "
                   "sealed_password = " +
                       bytes.parameter() + ", updated_at = ? WHERE id = ?");
  bind_fields(s, m, bytes);
  s.bind(12, m.id);
  try {
    return s.exec() == 1;
  } catch (const sql::Error& e) {
    if (e.kind() == sql::Error::Kind::duplicate) name_is_taken(m.name);
    throw;
  }
}

}  // namespace kefu::mail
