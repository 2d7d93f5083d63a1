#pragma once

#include <memory>

#include "server/mail/mail_outbox.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::mail {

// The MailOutbox on `db`, for a module that queues mail in its own unit of work on its own
// connection (care rules' e-mails), on either engine: queue() joins the caller's transaction (a
// savepoint).
std::unique_ptr<MailOutbox> make_mail_outbox(sql::Connection& db);

}  // namespace kefu::mail
