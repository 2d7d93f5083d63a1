#pragma once

#include <cstdint>
#include <string_view>

namespace kefu::sql {

// What an engine implements for one prepared statement; modules use Statement (statement.hpp),
// never this. Positions and columns as in Statement. Every call throws sql::Error when the
// database refuses it.
class Cursor {
 public:
  virtual ~Cursor() = default;

  virtual void bind_null(int position) = 0;
  virtual void bind_int64(int position, std::int64_t value) = 0;
  virtual void bind_real(int position, double value) = 0;
  virtual void bind_text(int position, std::string_view value) = 0;
  virtual void clear_bindings() = 0;

  // Runs the statement on first call, then moves to the next row; false after the last.
  virtual bool step() = 0;
  // Runs the statement to its end; the rows it inserted, updated or deleted.
  virtual int run() = 0;
  // Back to before the first step, bindings kept.
  virtual void reset() = 0;

  // How many columns a row of the statement has.
  virtual int column_count() const = 0;
  // The current row's columns (only after a step() that returned true).
  virtual bool is_null(int column) const = 0;
  // True when the value is an integer (SQLite: its storage class; PostgreSQL: the column's
  // type is smallint, integer or bigint).
  virtual bool is_integer(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  // Valid until the next step(), reset() or the cursor's end.
  virtual std::string_view text(int column) const = 0;
};

}  // namespace kefu::sql
