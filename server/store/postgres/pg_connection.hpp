#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

#include "server/store/postgres/pg_result.hpp"

namespace kefu::store {

// A parameter of a statement in text form; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

// One libpq connection used synchronously: start-up, migrations, tools, tests and (for now) the
// store's reads. Not thread-safe; the store's asynchronous writer uses PgPipeline instead.
class PgConnection {
 public:
  // Connects to `uri` (postgresql://...) and sets synchronous_commit=on for the session.
  // Throws std::runtime_error with libpq's message when it cannot.
  explicit PgConnection(const std::string& uri);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement (several when `params` is empty and the text holds more than one) and
  // returns its result; throws std::runtime_error with the server's message when it fails.
  PgResult exec(const std::string& sql, const std::vector<PgParam>& params = {});

  // False once the connection is broken.
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  PGconn* handle() { return conn_; }

 private:
  PGconn* conn_ = nullptr;
};

}  // namespace kefu::store
