#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "server/store/sql/statement.hpp"

namespace kefu::care {

// Prepared statements of one connection, kept for reuse: the care engine runs the same few
// queries for every job, and preparing them again each time cost more than running them. A
// statement is reset and unbound when its Use ends, so none keeps a read snapshot open. The
// connection must outlive it; not thread-safe.
class StatementCache {
 public:
  explicit StatementCache(sql::Connection& db) : db_(db) {}

  // One use of a cached statement; resets it when it goes.
  class Use {
   public:
    explicit Use(sql::Statement& s) : s_(s) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() {
      try {
        s_.reset();
        s_.clear_bindings();
      } catch (const sql::Error&) {
        // The statement failed: its error went to the caller already.
      }
    }
    sql::Statement& operator*() { return s_; }
    sql::Statement* operator->() { return &s_; }

   private:
    sql::Statement& s_;
  };

  // The prepared statement for `text`, prepared on first use.
  Use get(const std::string& text) {
    auto& slot = statements_[text];
    if (!slot) slot = std::make_unique<sql::Statement>(db_, text);
    return Use(*slot);
  }

 private:
  sql::Connection& db_;
  std::unordered_map<std::string, std::unique_ptr<sql::Statement>> statements_;
};

}  // namespace kefu::care
