#include "server/mail/mail_outbox_factory.hpp"

#include "server/mail/sqlite_mail_outbox.hpp"

namespace kefu::mail {

std::unique_ptr<MailOutbox> make_mail_outbox(sql::Connection& db) {
  return std::make_unique<SqliteMailOutbox>(db);
}

}  // namespace kefu::mail
