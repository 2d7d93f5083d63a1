#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/desk_write_fence.hpp"

namespace kefu::sql {

// A Connection on PostgreSQL over one synchronous libpq connection (store::PgConnection, with
// synchronous_commit=on). Statements are sent with PQexecParams: `?` placeholders become $n
// (postgres_placeholders), integers are sent as int8, reals as float8, text untyped so the
// server takes it as whatever its column is; results come back as text and are read as
// SQLite's would be (a boolean 't'/'f' reads as 1/0). SQLSTATE 23505 is Error::Kind::duplicate,
// class 23 constraint, class 40 busy.
//
// Each call blocks for a round trip: use it on the back office's strand or a worker thread
// only (connection.hpp).
//
// On the node serving as a cluster's desk the session carries the desk's epoch
// (cluster::desk_connection_uri, read once when connecting): every transaction that writes then
// checks it first (DeskWriteFence), so a desk a newer one replaced writes nothing here either.
class PostgresConnection final : public Connection {
 public:
  // Connects to `uri` (postgresql://...); throws std::runtime_error when it cannot.
  explicit PostgresConnection(const std::string& uri);

  Engine engine() const override { return Engine::postgresql; }
  const Dialect& dialect() const override;
  std::unique_ptr<Cursor> prepare(std::string_view sql) override;
  void exec(std::string_view script) override;
  bool in_transaction() const override;
  void begin(bool write) override;
  bool has_table(std::string_view name) override;
  bool has_column(std::string_view table, std::string_view column) override;

  store::PgConnection& pg() { return pg_; }
  // The desk epoch this connection's writes are fenced with; 0: not fenced.
  std::int64_t desk_epoch() const { return fence_.epoch(); }

 private:
  void send(const std::string& script);  // runs `script` as it is, unfenced

  store::PgConnection pg_;
  DeskWriteFence fence_;
};

// `sql` with each `?` outside quotes, quoted identifiers and comments replaced by $1, $2...
// in order (`?NNN` by $NNN); `parameters`, when given, receives the highest number used.
std::string postgres_placeholders(std::string_view sql, int* parameters = nullptr);

}  // namespace kefu::sql
