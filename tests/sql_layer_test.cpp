// The neutral SQL layer (server/store/sql) on SQLite and, registered again with
// kefu_add_postgres_run, on PostgreSQL: the same statements give the same answers on both.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "server/store/sql/postgres_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/sql_backend.hpp"

using kefu::sql::Error;
using kefu::sql::Statement;
using kefu::sql::Transaction;

namespace {

// A database with one table of its own, `probe`, made in each engine's words (the only
// engine-specific SQL here: an id the database assigns).
struct Probe {
  kefu::testing::SqlBackend backend;
  std::unique_ptr<kefu::sql::Connection> db = backend.open();

  Probe() {
    const std::string id = backend.postgres() ? "bigserial PRIMARY KEY" : "INTEGER PRIMARY KEY";
    db->exec("CREATE TABLE probe (id " + id +
             ", name text NOT NULL UNIQUE, score double precision, note text,"
             " amount bigint NOT NULL DEFAULT 0)");
  }

  std::int64_t count(const std::string& where = "1 = 1") {
    Statement s(*db, "SELECT COUNT(*) FROM probe WHERE " + where);
    REQUIRE(s.step());
    return s.column(0).int64();
  }
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("sql: parameters by position and typed columns read the same on both engines", "[sql]") {
  Probe p;
  Statement insert(*p.db, "INSERT INTO probe (name, score, note, amount) VALUES (?, ?, ?, ?)");
  insert.bind(1, "O'Brien ? -- not a comment").bind(2, 2.5).bind(3, std::nullopt);
  insert.bind(4, std::int64_t{-9007199254740993});
  CHECK(insert.exec() == 1);
  insert.reset();
  insert.bind(1, std::string("王小明")).bind(2, 0.1).bind(3, "x").bind(4, 7);
  CHECK(insert.exec() == 1);

  Statement read(*p.db,
                 "SELECT name, score, note, amount, amount > ?, note IS NULL FROM probe "
                 "WHERE name = ? OR amount = ? ORDER BY id");
  read.bind(1, 0).bind(2, "O'Brien ? -- not a comment").bind(3, 7);
  REQUIRE(read.step());
  CHECK(read.column(0).text() == "O'Brien ? -- not a comment");
  CHECK(read.column(1).real() == 2.5);
  CHECK(read.column(2).is_null());
  CHECK(read.column(2).text().empty());
  CHECK_FALSE(read.column(2).optional_int64().has_value());
  CHECK(read.column(3).int64() == -9007199254740993);
  CHECK(read.column(4).int64() == 0);  // a truth reads as 0/1 on both
  CHECK(read.column(5).int64() == 1);
  REQUIRE(read.step());
  CHECK(read.column(0).text() == "王小明");
  CHECK(read.column(1).real() == 0.1);
  CHECK(read.column(3).int32() == 7);
  CHECK(read.column(4).int64() == 1);
  CHECK_FALSE(read.step());

  // reset() runs it again with the bindings kept; a new binding replaces one.
  read.reset();
  read.bind(2, "nobody");
  REQUIRE(read.step());
  CHECK(read.column(0).text() == "王小明");
  CHECK_FALSE(read.step());

  // A parameter left unbound is NULL; integers are told from reals.
  Statement optional(*p.db,
                     "SELECT COUNT(*), MAX(score), MAX(amount) FROM probe "
                     "WHERE (CAST(?1 AS BIGINT) IS NULL OR amount = ?1) "
                     "AND (CAST(?2 AS TEXT) IS NULL OR name = ?2)");
  REQUIRE(optional.step());
  CHECK(optional.column(0).int64() == 2);
  CHECK(optional.column(0).is_integer());
  CHECK_FALSE(optional.column(1).is_integer());
  CHECK(optional.column(2).is_integer());
  optional.reset();
  optional.bind(2, "王小明");
  REQUIRE(optional.step());
  CHECK(optional.column(0).int64() == 1);

  // Integer division and an average read as SQLite gives them.
  Statement figures(*p.db, "SELECT SUM(amount) / COUNT(*), AVG(score) FROM probe WHERE amount > 0");
  REQUIRE(figures.step());
  CHECK(figures.column(0).int64() == 7);
  CHECK(figures.column(1).real() == Approx(0.1));
}

TEST_CASE("sql: a duplicate is refused as duplicate, or ignored with ON CONFLICT DO NOTHING",
          "[sql]") {
  Probe p;
  Statement add(*p.db, "INSERT INTO probe (name) VALUES (?) RETURNING id");
  const auto first = add.bind(1, "a").insert_returning_id();
  REQUIRE(first.has_value());
  add.reset();
  const auto second = add.bind(1, "b").insert_returning_id();
  REQUIRE(second.has_value());
  CHECK(*second > *first);

  Statement again(*p.db, "INSERT INTO probe (name) VALUES (?)");
  again.bind(1, "a");
  try {
    again.exec();
    FAIL("a duplicate name was stored");
  } catch (const Error& refused) {
    CHECK(refused.kind() == Error::Kind::duplicate);
  }
  CHECK(p.count() == 2);

  Statement ignore(*p.db,
                   "INSERT INTO probe (name) VALUES (?) ON CONFLICT DO NOTHING RETURNING id");
  CHECK_FALSE(ignore.bind(1, "a").insert_returning_id().has_value());
  ignore.reset();
  CHECK(ignore.bind(1, "c").insert_returning_id().has_value());
  CHECK(p.count() == 3);

  Statement missing(*p.db, "INSERT INTO probe (name) VALUES (?)");
  try {
    missing.bind_null(1).exec();
    FAIL("a NULL name was stored");
  } catch (const Error& refused) {
    CHECK(refused.kind() == Error::Kind::constraint);
  }
  CHECK_THROWS_AS(Statement(*p.db, "SELECT nothing FROM nowhere").step(), Error);
  CHECK(p.count() == 3);

  // An upsert in the words both take.
  Statement upsert(*p.db,
                   "INSERT INTO probe (name, amount) VALUES (?, ?) "
                   "ON CONFLICT (name) DO UPDATE SET amount = excluded.amount");
  upsert.bind(1, "a").bind(2, 5).exec();
  CHECK(p.count("name = 'a' AND amount = 5") == 1);
  CHECK(p.count() == 3);
}

TEST_CASE("sql: a transaction is undone unless committed, and nests as a savepoint", "[sql]") {
  Probe p;
  const auto add = [&](const char* name) {
    Statement(*p.db, "INSERT INTO probe (name) VALUES (?)").bind(1, name).exec();
  };
  {
    Transaction t(*p.db, Transaction::Mode::write);
    CHECK(p.db->in_transaction());
    add("dropped");
  }
  CHECK_FALSE(p.db->in_transaction());
  CHECK(p.count() == 0);

  {
    Transaction outer(*p.db);
    add("kept");
    {
      Transaction inner(*p.db);
      add("undone");
    }
    {
      Transaction inner(*p.db);
      add("nested");
      inner.commit();
    }
    outer.commit();
  }
  CHECK(p.count() == 2);
  CHECK(p.count("name = 'undone'") == 0);

  // A statement that fails inside a savepoint leaves the enclosing work usable (PostgreSQL
  // aborts the whole transaction unless the savepoint is rolled back).
  {
    Transaction outer(*p.db);
    add("before");
    try {
      Transaction inner(*p.db);
      add("kept");  // duplicate
      inner.commit();
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::duplicate);
    }
    add("after");
    outer.commit();
  }
  CHECK(p.count() == 4);

  // An exception through a transaction rolls it back.
  try {
    Transaction t(*p.db);
    add("thrown");
    throw std::runtime_error("the request ends");
  } catch (const std::runtime_error&) {
  }
  CHECK(p.count("name = 'thrown'") == 0);
  CHECK_FALSE(p.db->in_transaction());
}

TEST_CASE("sql: the dialect's now in ms, has_table and has_column", "[sql]") {
  Probe p;
  const std::int64_t before = now_ms();
  Statement now(*p.db, std::string("SELECT ") + std::string(p.db->dialect().now_ms));
  REQUIRE(now.step());
  const std::int64_t at = now.column(0).int64();
  CHECK(at >= before - 5);
  CHECK(at <= now_ms() + 5);
  CHECK(p.db->has_table("probe"));
  CHECK_FALSE(p.db->has_table("no_such_table"));
  CHECK(p.db->has_column("probe", "score"));
  CHECK_FALSE(p.db->has_column("probe", "nothing"));
  CHECK_FALSE(p.db->has_column("no_such_table", "score"));
}

TEST_CASE("sql: PostgreSQL placeholders outside quotes and comments", "[sql]") {
  using kefu::sql::postgres_placeholders;
  CHECK(postgres_placeholders("SELECT ?, '?', 'it''s ?', \"a?\" FROM t WHERE x = ? -- ?\n AND "
                              "y = ? /* ? */") ==
        "SELECT $1, '?', 'it''s ?', \"a?\" FROM t WHERE x = $2 -- ?\n AND y = $3 /* ? */");
  int parameters = 0;
  CHECK(postgres_placeholders("SELECT ?2, ?1", &parameters) == "SELECT $2, $1");
  CHECK(parameters == 2);
  CHECK(postgres_placeholders("SELECT ?, '?', ?", &parameters) == "SELECT $1, '?', $2");
  CHECK(parameters == 2);
  CHECK(postgres_placeholders("SELECT 1") == "SELECT 1");
}
