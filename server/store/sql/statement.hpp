#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/sql/connection.hpp"

namespace kefu::sql {

// One column of a Statement's current row, read as the type the caller wants. As SQLite does,
// a NULL reads as 0 or "", and a number with a fraction read as an integer is truncated.
class Column {
 public:
  Column(const Cursor& cursor, int index) : cursor_(cursor), index_(index) {}

  bool is_null() const { return cursor_.is_null(index_); }
  // An integer rather than a real or text (for values whose JSON keeps the difference).
  bool is_integer() const { return cursor_.is_integer(index_); }
  std::int64_t int64() const { return cursor_.int64(index_); }
  int int32() const { return static_cast<int>(cursor_.int64(index_)); }
  double real() const { return cursor_.real(index_); }
  std::string text() const { return std::string(cursor_.text(index_)); }
  // The bytes of a text column, valid until the statement steps again.
  std::string_view view() const { return cursor_.text(index_); }
  std::optional<std::int64_t> optional_int64() const {
    if (is_null()) return std::nullopt;
    return int64();
  }

 private:
  const Cursor& cursor_;
  int index_;
};

// A parameterised statement on a Connection, in the SQL both engines take (connection.hpp).
// Parameters are bound by position from 1; columns are read from 0. Reuse: reset() keeps the
// bindings. Throws sql::Error when the database refuses a statement.
//
//   Statement s(db, "SELECT id, name FROM customers WHERE segment = ? LIMIT ?");
//   s.bind(1, "vip").bind(2, 10);
//   while (s.step()) use(s.column(0).int64(), s.column(1).text());
class Statement {
 public:
  Statement(Connection& db, std::string_view sql) : cursor_(db.prepare(sql)) {}

  template <std::integral T>
  Statement& bind(int position, T value) {
    cursor_->bind_int64(position, static_cast<std::int64_t>(value));
    return *this;
  }
  Statement& bind(int position, double value) {
    cursor_->bind_real(position, value);
    return *this;
  }
  Statement& bind(int position, std::string_view value) {
    cursor_->bind_text(position, value);
    return *this;
  }
  Statement& bind(int position, const std::string& value) {
    return bind(position, std::string_view(value));
  }
  Statement& bind(int position, const char* value) {
    return bind(position, std::string_view(value));
  }
  Statement& bind(int position, std::nullopt_t) {
    cursor_->bind_null(position);
    return *this;
  }
  template <typename T>
  Statement& bind(int position, const std::optional<T>& value) {
    if (value) return bind(position, *value);
    return bind(position, std::nullopt);
  }
  Statement& bind_null(int position) { return bind(position, std::nullopt); }
  void clear_bindings() { cursor_->clear_bindings(); }

  // The next row (the first call runs the statement); false once there is none.
  bool step() { return cursor_->step(); }
  // Runs the statement to its end; returns how many rows it inserted, updated or deleted.
  int exec() { return cursor_->run(); }
  // For `INSERT ... RETURNING id`: runs it and returns the id, or nullopt when nothing was
  // inserted (ON CONFLICT DO NOTHING).
  std::optional<std::int64_t> insert_returning_id();
  // Back to before the first row, keeping the bindings, to run again.
  void reset() { cursor_->reset(); }

  Column column(int index) const { return Column(*cursor_, index); }
  int column_count() const { return cursor_->column_count(); }

 private:
  std::unique_ptr<Cursor> cursor_;
};

}  // namespace kefu::sql
