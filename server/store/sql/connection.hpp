#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/store/sql/sql_cursor.hpp"
#include "server/store/sql/sql_error.hpp"

namespace kefu::sql {

enum class Engine { sqlite, postgresql };

// The SQL text that differs between the engines, written once here. Everything else a module
// writes is SQL both engines take as it is:
//   - parameters are `?` (numbered in order; PostgreSQL's connection turns them into $1, $2...
//     outside quotes and comments), bound by position, never spliced into the text;
//   - "insert, ignore a duplicate" is `INSERT ... ON CONFLICT DO NOTHING` (SQLite >= 3.24), an
//     upsert `ON CONFLICT (key) DO UPDATE SET c = excluded.c`;
//   - "insert returning the new id" is `INSERT ... RETURNING id` (SQLite >= 3.35), read with
//     Statement::insert_returning_id();
//   - a parameter whose type PostgreSQL cannot tell from where it stands (`? IS NULL`, a bare
//     `SELECT ?`) is written CAST(? AS BIGINT) or CAST(? AS TEXT); a parameter never bound is
//     NULL on both;
//   - in an upsert's SET, the row already stored is named by its table (t.c + excluded.c);
//   - a subquery in FROM has an alias (`FROM (SELECT ...) AS s`);
//   - booleans are stored as integers 0/1 and an expression's truth reads as 1/0 on both;
//   - text compares byte by byte (SQLite's BINARY; the PostgreSQL cluster's collation is C),
//     LIKE is case-sensitive only on PostgreSQL: compare against a folded column instead.
struct Dialect {
  // The wall clock in ms since the epoch, as an SQL expression (an integer).
  std::string_view now_ms;
};

// One connection to a database, used synchronously from one thread at a time (a strand).
// What the customers, metrics and other modules' stores sit on: they hold a Connection& and
// never know which engine is behind it. Made by open_connection() (open_connection.hpp), or
// over an existing SQLite handle (SqliteConnection).
//
// Blocking: every call waits for the database. On PostgreSQL that is a network round trip, so a
// Connection is used only on the back office's strand or a worker thread, never on the desk's
// strand or an io thread.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Engine engine() const = 0;
  virtual const Dialect& dialect() const = 0;

  // A prepared statement (use Statement, statement.hpp).
  virtual std::unique_ptr<Cursor> prepare(std::string_view sql) = 0;
  // Runs a script of one or more statements without parameters (schema work, PRAGMAs).
  virtual void exec(std::string_view script) = 0;

  // True inside BEGIN ... COMMIT (use Transaction, transaction.hpp).
  virtual bool in_transaction() const = 0;
  // BEGIN; `write`: take the write lock at once (SQLite's BEGIN IMMEDIATE), so the work's reads
  // never have to be upgraded (PostgreSQL's rows lock as they are written: a plain BEGIN).
  virtual void begin(bool write) = 0;

  // True when the table exists (optional tables of older databases and of tests).
  virtual bool has_table(std::string_view name) = 0;
  // True when the table exists and has the column.
  virtual bool has_column(std::string_view table, std::string_view column) = 0;
};

}  // namespace kefu::sql
