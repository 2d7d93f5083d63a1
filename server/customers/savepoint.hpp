#pragma once

#include <SQLiteCpp/Database.h>

namespace kefu::customers {

// A nestable transaction (SQLite SAVEPOINT): the changes made while it lives are kept by
// release() and undone if it is destroyed first (an exception left the scope). Works inside or
// outside an enclosing transaction, so library calls can be composed by a caller's batch.
class Savepoint {
 public:
  explicit Savepoint(SQLite::Database& db) : db_(db) { db_.exec("SAVEPOINT kefu_customers"); }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint() {
    if (released_) return;
    try {
      db_.exec("ROLLBACK TO kefu_customers");
      db_.exec("RELEASE kefu_customers");
    } catch (const SQLite::Exception&) {
      // The connection is already rolled back (e.g. SQLITE_FULL ended the transaction).
    }
  }

  // Keeps the changes (they become durable with the enclosing transaction, if any).
  void release() {
    db_.exec("RELEASE kefu_customers");
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  bool released_ = false;
};

}  // namespace kefu::customers
