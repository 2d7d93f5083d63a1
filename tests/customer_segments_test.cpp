// The desk's reads of customers' segments (net::CustomerSegments), on the engine
// KEFU_TEST_STORE names: every ask read on SQLite, as before; on PostgreSQL a customer's segment
// kept for a while so that routing does not pay a round trip per decision.
#include "server/net/customer_segments.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "server/back_office/schema_setup.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/sql_backend.hpp"

using kefu::net::CustomerSegments;
using namespace std::chrono_literals;

namespace {

struct Shop {
  kefu::testing::SqlBackend backend;
  std::unique_ptr<kefu::sql::Connection> db = [this] {
    auto db = backend.open();
    // PostgreSQL: SqlBackend gave the newest schema already.
    if (auto* sqlite = kefu::sql::as_sqlite(*db)) {
      kefu::store::migrate(sqlite->database());
      kefu::prepare_schema(sqlite->database());
    }
    db->exec(
        "INSERT INTO customers(id, display_name, created_at, segment) VALUES "
        "(1, 'Li Na', 1, 'vip'), (2, 'Old profile', 1, 'lost'), (3, 'Wang Fang', 1, 'at_risk')");
    db->exec("UPDATE customers SET merged_into = 1 WHERE id = 2");
    return db;
  }();
};

}  // namespace

TEST_CASE("the desk reads a customer's segment, through a merge, and active when unknown",
          "[segments]") {
  Shop shop;
  CustomerSegments segments(shop.backend.location());
  CHECK(segments.segment_of(1) == "vip");
  CHECK(segments.segment_of(2) == "vip");  // merged into customer 1
  CHECK(segments.segment_of(3) == "at_risk");
  CHECK(segments.segment_of(99) == "active");
}

TEST_CASE("a changed segment counts at once on sqlite and after the kept time on postgresql",
          "[segments]") {
  Shop shop;
  CustomerSegments segments(shop.backend.location(), 300ms);
  CHECK(segments.segment_of(3) == "at_risk");
  shop.db->exec("UPDATE customers SET segment = 'vip' WHERE id = 3");
  if (shop.backend.postgres()) {
    CHECK(segments.segment_of(3) == "at_risk");  // kept: no round trip for this decision
    std::this_thread::sleep_for(400ms);
  }
  CHECK(segments.segment_of(3) == "vip");
}

TEST_CASE("segments that cannot be read count as active", "[segments]") {
  // No database there at all: nothing is created, and routing goes on.
  const std::string location = kefu::testing::testing_on_postgres()
                                   ? "postgresql://kefu@127.0.0.1:1/nowhere"
                                   : "/tmp/kefu-no-such-folder/kefu.db";
  CustomerSegments segments(location);
  CHECK(segments.segment_of(1) == "active");
}

TEST_CASE("a segment learnt on another connection spares the desk its read on postgresql",
          "[segments]") {
  Shop shop;
  CustomerSegments segments(shop.backend.location());
  if (!shop.backend.postgres()) {
    CHECK_FALSE(segments.worth_learning(1));  // a local read: nothing to learn ahead
    return;
  }
  CHECK(segments.worth_learning(1));
  segments.learn(1, *shop.db);
  CHECK_FALSE(segments.worth_learning(1));
  shop.db->exec("UPDATE customers SET segment = 'lost' WHERE id = 1");
  CHECK(segments.segment_of(1) == "vip");   // from memory: the desk did not read
  CHECK(segments.segment_of(2) == "lost");  // customer 2 (merged into 1) was not learnt: read
  segments.learn(99, *shop.db);             // unknown: nothing kept
  CHECK(segments.worth_learning(99));
}
