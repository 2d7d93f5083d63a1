#include "server/mail/mail_outbox_factory.hpp"

#include <stdexcept>

#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::mail {

std::unique_ptr<MailOutbox> make_mail_outbox(sql::Connection& db) {
  if (auto* sqlite = sql::as_sqlite(db))
    return std::make_unique<SqliteMailOutbox>(sqlite->database());
  throw std::runtime_error("the mail outbox is not on PostgreSQL yet (issue 19)");
}

}  // namespace kefu::mail
