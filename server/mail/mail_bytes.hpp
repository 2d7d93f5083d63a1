#pragma once

#include <string>
#include <string_view>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::mail {

// How the mail stores keep bytes that need not be text (a raw message: 8-bit, any charset or
// none; a sealed password) through sql::Statement, which binds and reads text. SQLite keeps
// them as they are (a BLOB column takes text bytes unchanged); PostgreSQL keeps them in bytea,
// handed over and read back as hex, so no byte is taken for an escape or refused as bad UTF-8.
//
//   Statement s(db, "INSERT INTO mail_inbox(raw) VALUES (" + bytes_parameter(db) + ")");
//   s.bind(1, bytes_value(db, raw));
//   Statement q(db, "SELECT " + bytes_column(db, "raw") + " FROM mail_inbox");
//   ... bytes_of(db, q.column(0)) ...
class MailBytes {
 public:
  explicit MailBytes(const sql::Connection& db)
      : postgres_(db.engine() == sql::Engine::postgresql) {}

  // The SQL for one `?` parameter holding bytes.
  std::string parameter() const;
  // The SQL reading bytes column `column` (qualified or not).
  std::string column(std::string_view column) const;
  // What to bind for `bytes`.
  std::string value(std::string_view bytes) const;
  // The bytes of a column read through column().
  std::string of(const sql::Column& column) const;

 private:
  bool postgres_;
};

}  // namespace kefu::mail
