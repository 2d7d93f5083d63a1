#pragma once

#include <stdexcept>
#include <string>

namespace kefu::sql {

// A statement the database refused, from either engine. `kind` is what a caller may act on
// without knowing the engine; the message is the engine's own.
class Error : public std::runtime_error {
 public:
  enum class Kind {
    duplicate,   // a UNIQUE or PRIMARY KEY constraint (SQLite's CONSTRAINT_UNIQUE, SQLSTATE 23505)
    constraint,  // another constraint: NOT NULL, CHECK, FOREIGN KEY (SQLSTATE class 23)
    busy,        // lost a race for a lock: run the work again (SQLITE_BUSY, SQLSTATE class 40)
    other,
  };
  Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace kefu::sql
