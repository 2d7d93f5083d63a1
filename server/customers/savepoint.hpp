#pragma once

#include "server/store/sql/transaction.hpp"

namespace kefu::customers {

// A nestable transaction (sql::Transaction: a SAVEPOINT inside a caller's transaction, else its
// own BEGIN ... COMMIT): the changes made while it lives are kept by release() and undone if it
// is destroyed first (an exception left the scope). So library calls compose in a caller's
// batch.
class Savepoint {
 public:
  explicit Savepoint(sql::Connection& db) : transaction_(db) {}

  // Keeps the changes (they become durable with the enclosing transaction, if any).
  void release() { transaction_.commit(); }

 private:
  sql::Transaction transaction_;
};

}  // namespace kefu::customers
