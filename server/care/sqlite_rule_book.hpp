#pragma once

#include <optional>

#include "server/care/rule_book.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// RuleBook in the `care_rules` table (migration step 5), on SQLite or PostgreSQL: the
// definition as JSON beside the columns the book is searched by. The rules are read once and
// kept until this book changes them (it must be the only writer of the table: CareOffice's).
// The connection must outlive it; not thread-safe.
class SqliteRuleBook final : public RuleBook {
 public:
  explicit SqliteRuleBook(sql::Connection& db) : db_(db) {}
  std::vector<Rule> list() override;
  std::optional<Rule> find(std::int64_t id) override;
  std::int64_t add(const Rule& rule, std::int64_t now) override;
  bool replace(const Rule& rule, std::int64_t now) override;
  // Reads the rules again at the next use: another book (an imported configuration's, on its
  // own connection) changed the table.
  void forget() { cache_.reset(); }

 private:
  sql::Connection& db_;
  std::optional<std::vector<Rule>> cache_;
};

}  // namespace kefu::care
