#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kefu::store {

// One libpq result, freed with it. Rows and columns are read as text (the connection asks for
// text results); a NULL reads as nullopt or an empty string.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}

  explicit operator bool() const { return result_ != nullptr; }
  PGresult* get() const { return result_.get(); }
  ExecStatusType status() const { return PQresultStatus(result_.get()); }
  // True for a command or query that succeeded.
  bool ok() const;
  // The server's message (empty when ok), and its SQLSTATE ("" when there is none).
  std::string error() const;
  std::string sqlstate() const;

  int rows() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  std::optional<std::int64_t> optional_int64(int row, int column) const;
  bool boolean(int row, int column) const;

 private:
  std::shared_ptr<PGresult> result_;
};

}  // namespace kefu::store
