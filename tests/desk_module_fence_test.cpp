// The modules' own connections on the node serving as the desk (issue 19): opened by location
// with the desk's epoch (cluster::desk_connection_uri), each transaction that writes checks the
// epoch first (sql::DeskWriteFence), so once a newer desk is elected a stale desk's back office,
// care, mail or webhooks write nothing; reads go on, and a current desk's writes commit.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "server/cluster/desk_connections.hpp"
#include "server/cluster/desk_election.hpp"
#include "server/store/sql/desk_write_fence.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/postgres_connection.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"
#include "tests/support/cluster_database.hpp"

using kefu::cluster::desk_connection_uri;
using kefu::cluster::DeskElection;
using kefu::sql::DeskWriteFence;
using kefu::sql::Statement;
using kefu::sql::Transaction;
using kefu::testing::ClusterDatabase;
using kefu::testing::elect_desk;
using namespace std::chrono_literals;

namespace {

// An allowed origin, as the admin console writes one (autocommit) on `db`.
void add_origin(kefu::sql::Connection& db, const std::string& title) {
  Statement(db, "INSERT INTO shop_origins(origin, added_at) VALUES (?, 1)").bind(1, title).exec();
}

std::string origins(const ClusterDatabase& db) {
  kefu::store::PgConnection c(db.uri);
  return c.exec("SELECT COALESCE(string_agg(origin, ',' ORDER BY origin), '') FROM shop_origins")
      .text(0, 0);
}

}  // namespace

TEST_CASE("a stale desk's module connection writes nothing, in a transaction or on its own") {
  const ClusterDatabase db(1, 3, 1);
  DeskElection first(db.uri, "a", 3000ms);
  const auto old_epoch = elect_desk(first);
  auto office = kefu::sql::open_connection(desk_connection_uri(db.uri, old_epoch));
  REQUIRE(dynamic_cast<kefu::sql::PostgresConnection&>(*office).desk_epoch() == old_epoch);
  // While its epoch is current it writes, on its own and in a transaction.
  add_origin(*office, "a");
  {
    Transaction t(*office);
    add_origin(*office, "b");
    t.commit();
  }
  REQUIRE(origins(db) == "a,b");

  first.resign();
  DeskElection second(db.uri, "b", 3000ms);
  const auto new_epoch = elect_desk(second);
  REQUIRE(new_epoch == old_epoch + 1);

  // The new desk ended the old one's connections (application_name, DeskElection). One the old
  // desk opens again, as a module reconnecting would, still carries the old epoch: every write
  // is refused, on its own, in a read-mode transaction that writes after reading, in a write
  // transaction, an update and a delete; the connection stays usable.
  CHECK_THROWS(add_origin(*office, "c"));
  office = kefu::sql::open_connection(desk_connection_uri(db.uri, old_epoch));
  const auto refused = [](const std::function<void()>& write) {
    try {
      write();
    } catch (const kefu::sql::Error& e) {
      return std::string(e.what()).find("is not the current one") != std::string::npos;
    }
    return false;
  };
  CHECK(refused([&] { add_origin(*office, "c"); }));
  CHECK(refused([&] {
    Transaction t(*office);
    Statement count(*office, "SELECT COUNT(*) FROM shop_origins");
    REQUIRE(count.step());
    CHECK(count.column(0).int64() == 2);  // reads go on
    add_origin(*office, "d");
    t.commit();
  }));
  CHECK(refused([&] {
    Transaction t(*office, Transaction::Mode::write);
    Statement(*office, "UPDATE shop_origins SET added_at = 2").exec();
    t.commit();
  }));
  CHECK(refused([&] { office->exec("DELETE FROM shop_origins"); }));
  // A write refused inside a nested transaction (a savepoint) leaves the outer one usable, and
  // its next write is fenced again.
  CHECK(refused([&] {
    Transaction outer(*office, Transaction::Mode::write);
    CHECK(refused([&] {
      Transaction inner(*office);
      add_origin(*office, "g");
      inner.commit();
    }));
    add_origin(*office, "h");
    outer.commit();
  }));
  CHECK_FALSE(office->in_transaction());
  CHECK(origins(db) == "a,b");
  CHECK(db.count("SELECT COUNT(*) FROM shop_origins WHERE added_at = 2") == 0);
  // A conversation changed on it is refused as well (the fence, then the assignments' guard).
  CHECK(refused([&] {
    office->exec("UPDATE conversations SET status = 'assigned', agent_id = 1 WHERE id = 1");
  }));
  CHECK(db.count("SELECT COUNT(*) FROM assignments") == 0);

  // The new desk's connection writes; one without an epoch (a single node) is not fenced.
  auto current = kefu::sql::open_connection(desk_connection_uri(db.uri, new_epoch));
  add_origin(*current, "e");
  auto plain = kefu::sql::open_connection(db.uri);
  CHECK(dynamic_cast<kefu::sql::PostgresConnection&>(*plain).desk_epoch() == 0);
  add_origin(*plain, "f");
  CHECK(origins(db) == "a,b,e,f");
  // A conversation assigned on the desk's connection is recorded with its epoch.
  current->exec("UPDATE conversations SET status = 'assigned', agent_id = 1 WHERE id = 1");
  CHECK(db.count("SELECT epoch FROM assignments WHERE ended_at IS NULL") == new_epoch);
}

TEST_CASE("what a fenced connection counts as a write") {
  for (const char* sql : {"INSERT INTO t VALUES (1)", "  update t set a = 1", "DELETE FROM t",
                          "-- why\nINSERT INTO t VALUES (1)",
                          "/* c */ WITH x AS (SELECT 1) "
                          "INSERT INTO t SELECT * FROM x",
                          "CREATE TABLE t(a int)", "TRUNCATE t"}) {
    CHECK(DeskWriteFence::may_write(sql));
  }
  for (const char* sql :
       {"SELECT 1", " select * from t for update", "(SELECT 1) UNION (SELECT 2)", "VALUES (1)",
        "SHOW server_version", "BEGIN", "COMMIT", "ROLLBACK TO kefu_sp_1; RELEASE kefu_sp_1",
        "SAVEPOINT kefu_sp_2", "SET lock_timeout = '1s'", ""}) {
    CHECK_FALSE(DeskWriteFence::may_write(sql));
  }
}
