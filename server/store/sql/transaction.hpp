#pragma once

#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu::sql {

// A unit of work on a Connection, undone unless commit() is called before it goes (an
// exception left the scope). Outside a transaction it is BEGIN ... COMMIT; inside one (a
// caller's batch) it is a SAVEPOINT released by commit(), so library calls compose.
class Transaction {
 public:
  enum class Mode {
    read,   // BEGIN (SQLite: DEFERRED, the lock taken by the first write)
    write,  // SQLite: BEGIN IMMEDIATE, the write lock taken at once
  };
  explicit Transaction(Connection& db, Mode mode = Mode::read);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Keeps the changes (durable at once, or with the enclosing transaction).
  void commit();

 private:
  Connection& db_;
  std::string savepoint_;  // empty: this is the outermost transaction
  bool done_ = false;
};

}  // namespace kefu::sql
