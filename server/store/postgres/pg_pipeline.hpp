#pragma once

#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/pg_result.hpp"

namespace kefu::store {

// One statement of a pipeline: a statement prepared at connection (by name) or plain SQL.
struct PgStatement {
  std::string prepared;  // the name given to PgPipeline's `prepare`; empty: `sql`
  std::string sql;
  std::vector<PgParam> params;
};

// A libpq connection in pipeline mode, driven by Asio: statements are queued on the socket
// without waiting for each other's results, and the socket (an `asio::posix::stream_descriptor`
// over libpq's own descriptor, released before libpq closes it) is waited on with `async_wait`,
// so no thread blocks on a query. Used from the io_context's one thread only.
//
// Connecting, preparing statements and reconnecting after a break are synchronous (start-up,
// or a broken connection): they block the io_context's thread, never a network thread.
class PgPipeline {
 public:
  // What a run gives back: one result per statement, in order (a statement skipped because an
  // earlier one failed reads PGRES_PIPELINE_ABORTED), or the connection's error when it broke
  // (then `results` is incomplete and the transaction's outcome is unknown).
  struct Outcome {
    std::vector<PgResult> results;
    std::string broken;  // empty unless the connection failed
  };
  using Done = std::function<void(Outcome)>;

  // Connects to `uri` and sets synchronous_commit=on; `prepared` statements (name, SQL) are
  // prepared on every connection. Throws std::runtime_error when it cannot connect.
  PgPipeline(boost::asio::io_context& io, std::string uri,
             std::vector<std::pair<std::string, std::string>> prepared);
  ~PgPipeline();
  PgPipeline(const PgPipeline&) = delete;
  PgPipeline& operator=(const PgPipeline&) = delete;

  // Sends `statements` followed by a synchronisation point and calls `done` on the io_context
  // once every result is in. One run at a time. When the connection is broken, it first tries
  // to connect again; if that fails, `done` gets the error without anything being sent.
  void run(std::vector<PgStatement> statements, Done done);

  // The transaction state after the last run (PQTRANS_IDLE when no transaction is open).
  PGTransactionStatusType transaction_status() const;

 private:
  void connect();
  void disconnect();
  void flush();
  void wait_readable();
  void on_readable();
  void finish(std::string broken);

  boost::asio::io_context& io_;
  std::string uri_;
  std::vector<std::pair<std::string, std::string>> prepared_;
  std::optional<PgConnection> connection_;
  std::optional<boost::asio::posix::stream_descriptor> socket_;
  // The run in flight.
  Done done_;
  std::size_t expected_ = 0;  // statements sent
  std::vector<PgResult> results_;
  bool reading_ = false;  // an async_wait for reading is pending
  bool writing_ = false;  // an async_wait for writing is pending
  bool in_flight_ = false;
  // Counts connections: a wait's handler for an earlier connection does nothing.
  std::uint64_t generation_ = 0;
};

}  // namespace kefu::store
