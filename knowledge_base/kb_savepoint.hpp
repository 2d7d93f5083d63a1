#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace kefu::kb {

// A savepoint that undoes everything since it began unless release()d. (SQLiteCpp 3.2's own
// Savepoint rolls back without releasing, which leaves an outermost transaction open.)
class Savepoint {
 public:
  Savepoint(SQLite::Database& db, const char* name) : db_(db), name_(name) {
    db_.exec(std::string("SAVEPOINT ") + name_);
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint() {
    if (released_) return;
    try {
      db_.exec(std::string("ROLLBACK TO ") + name_);
      db_.exec(std::string("RELEASE ") + name_);
    } catch (const SQLite::Exception&) {
      // The connection is already unusable; the caller's exception says why.
    }
  }
  void release() {
    db_.exec(std::string("RELEASE ") + name_);
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  const char* name_;
  bool released_ = false;
};

}  // namespace kefu::kb
