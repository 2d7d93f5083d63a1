#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace kefu::care {

// Prepared statements of one connection, kept for reuse: the care engine runs the same few
// queries for every job, and preparing them again each time cost more than running them. A
// statement is reset and unbound when its Use ends, so none keeps a read snapshot open. The
// connection must outlive it; not thread-safe.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  // One use of a cached statement; resets it when it goes.
  class Use {
   public:
    explicit Use(SQLite::Statement& s) : s_(s) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() {
      s_.reset();
      s_.clearBindings();
    }
    SQLite::Statement& operator*() { return s_; }

   private:
    SQLite::Statement& s_;
  };

  // The prepared statement for `sql`, prepared on first use.
  Use get(const std::string& sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
    return Use(*slot);
  }

 private:
  SQLite::Database& db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace kefu::care
