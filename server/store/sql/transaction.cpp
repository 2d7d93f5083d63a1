#include "server/store/sql/transaction.hpp"

#include <atomic>

namespace kefu::sql {
namespace {

// Savepoint names unique in the process, so nested ones never shadow each other.
std::string next_savepoint() {
  static std::atomic<unsigned long> counter{0};
  return "kefu_sp_" + std::to_string(++counter);
}

}  // namespace

Transaction::Transaction(Connection& db, Mode mode) : db_(db) {
  if (db_.in_transaction()) {
    savepoint_ = next_savepoint();
    db_.exec("SAVEPOINT " + savepoint_);
  } else {
    db_.begin(mode == Mode::write);
  }
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    if (savepoint_.empty()) {
      if (db_.in_transaction()) db_.exec("ROLLBACK");
    } else if (db_.in_transaction()) {
      db_.exec("ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_);
    }
  } catch (const Error&) {
    // The engine already ended the transaction (e.g. SQLITE_FULL, a broken connection).
  }
}

void Transaction::commit() {
  db_.exec(savepoint_.empty() ? std::string("COMMIT") : "RELEASE " + savepoint_);
  done_ = true;
}

}  // namespace kefu::sql
