// What only PostgreSQL has to show: its migrations, and several nodes (here several
// PostgresStores, each with its own connections) writing to one database.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <future>
#include <iterator>
#include <set>
#include <thread>

#include "server/back_office/schema_setup.hpp"
#include "server/store/migrations.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;

using kefu::testing::LocalPostgres;
using test::customer_and_conversation;
using test::customer_message;

namespace {

WriteBatch message(std::int64_t conversation, const std::string& client_id) {
  WriteBatch b;
  b.mutations.push_back(customer_message(conversation, client_id));
  return b;
}

std::int64_t count(const std::string& uri, const std::string& sql) {
  PgConnection db(uri);
  return db.exec(sql).int64(0, 0);
}

}  // namespace

TEST_CASE("postgresql migrations reach the latest version once and are idempotent") {
  const auto uri = LocalPostgres::shared().create_database();
  PgConnection db(uri);
  CHECK(migrate_postgres(db) == latest_postgres_schema_version());
  CHECK(migrate_postgres(db) == latest_postgres_schema_version());
  CHECK(count(uri, "SELECT COUNT(*) FROM schema_migrations") == latest_postgres_schema_version());
  CHECK(count(uri, "SELECT COUNT(*) FROM skills") == 6);
  // Two nodes migrating at once: each step is applied once.
  const auto other = LocalPostgres::shared().create_database();
  auto a = std::async(std::launch::async, [&] {
    PgConnection c(other);
    return migrate_postgres(c);
  });
  PgConnection c(other);
  CHECK(migrate_postgres(c) == latest_postgres_schema_version());
  CHECK(a.get() == latest_postgres_schema_version());
  CHECK(count(other, "SELECT COUNT(*) FROM schema_migrations") == latest_postgres_schema_version());
}

TEST_CASE("a client id retried on another node is answered with the first message") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore node_a{PostgresOptions(uri)};
  PostgresStore node_b{PostgresOptions(uri)};
  REQUIRE(node_a.submit_and_wait(customer_and_conversation(3)).ok);
  const auto first = node_a.submit_and_wait(message(3, "k"));
  REQUIRE(first.ok);
  const auto retry = node_b.submit_and_wait(message(3, "k"));
  REQUIRE(retry.ok);
  CHECK(retry.outcomes[0].duplicate);
  CHECK(retry.outcomes[0].value == first.outcomes[0].value);
  CHECK(node_b.submit_and_wait(message(3, "l")).outcomes[0].value == 2);
  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 2);
}

TEST_CASE("two nodes appending to one conversation get gap-free seqs in commit order") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore node_a{PostgresOptions(uri)};
  PostgresStore node_b{PostgresOptions(uri)};
  REQUIRE(node_a.submit_and_wait(customer_and_conversation(1)).ok);
  constexpr int kEach = 300;
  auto write = [](PostgresStore& node, const std::string& prefix) {
    std::vector<std::promise<WriteResult>> promises(kEach);
    for (int i = 0; i < kEach; ++i) {
      node.submit(message(1, prefix + std::to_string(i)), [&promises, i](WriteResult r) {
        promises[static_cast<std::size_t>(i)].set_value(std::move(r));
      });
    }
    std::vector<std::int64_t> seqs;
    for (auto& p : promises) {
      auto r = p.get_future().get();
      seqs.push_back(r.ok ? r.outcomes[0].value : -1);
    }
    return seqs;
  };
  auto a = std::async(std::launch::async, [&] { return write(node_a, "a"); });
  const auto b = write(node_b, "b");
  const auto from_a = a.get();
  std::vector<std::int64_t> all = from_a;
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    REQUIRE(all[i] == static_cast<std::int64_t>(i) + 1);
  }
  // Each node's own batches keep their submission order.
  CHECK(std::is_sorted(from_a.begin(), from_a.end()));
  CHECK(std::is_sorted(b.begin(), b.end()));
  CHECK(count(uri, "SELECT MAX(seq) FROM messages WHERE conversation_id = 1") == 2 * kEach);
  CHECK(count(uri, "SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2 * kEach);
}

TEST_CASE("a writer whose connection is killed fails that write and reconnects for the next") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore store{PostgresOptions(uri)};
  REQUIRE(store.submit_and_wait(customer_and_conversation(2)).ok);
  REQUIRE(store.submit_and_wait(message(2, "a")).ok);
  {
    PgConnection admin(uri);
    // Every other backend on this database: the writer's and the reader pool's.
    admin.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  const auto lost = store.submit_and_wait(message(2, "b"));
  CHECK_FALSE(lost.ok);
  CHECK_FALSE(store.writable());
  const auto again = store.submit_and_wait(message(2, "b"));  // the client's retry
  REQUIRE(again.ok);
  CHECK(again.outcomes[0].value == 2);
  CHECK_FALSE(again.outcomes[0].duplicate);
  CHECK(store.writable());
  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 2);
}

TEST_CASE("the postgresql schema has every table and column of the sqlite one") {
  std::set<std::string> sqlite_columns;
  {
    char pattern[] = "/tmp/kefu-schema-XXXXXX";
    const std::string folder = mkdtemp(pattern);
    {
      SQLite::Database db(folder + "/s.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      migrate(db);
      kefu::prepare_schema(db);
      SQLite::Statement columns(db,
                                "SELECT m.name, c.name FROM sqlite_master m, "
                                "pragma_table_info(m.name) c WHERE m.type = 'table'");
      while (columns.executeStep()) {
        sqlite_columns.insert(columns.getColumn(0).getString() + "." +
                              columns.getColumn(1).getString());
      }
    }
    std::filesystem::remove_all(folder);
  }
  const auto uri = LocalPostgres::shared().create_database();
  PgConnection db(uri);
  migrate_postgres(db);
  std::set<std::string> pg_columns;
  const auto rows = db.exec(
      "SELECT table_name || '.' || column_name FROM information_schema.columns "
      "WHERE table_schema = 'public'");
  // The cluster's tables (server/cluster/cluster_schema.hpp) exist on PostgreSQL only: a single
  // SQLite node has no desk to elect and no other node.
  const std::set<std::string> cluster_only{"desk_lease",      "assignments", "agent_loads",
                                           "node_heartbeats", "node_agents", "cluster_key"};
  for (int i = 0; i < rows.rows(); ++i) {
    const auto column = rows.text(i, 0);
    if (cluster_only.count(column.substr(0, column.find('.'))) == 0) pg_columns.insert(column);
  }

  std::set<std::string> missing;
  std::set_difference(sqlite_columns.begin(), sqlite_columns.end(), pg_columns.begin(),
                      pg_columns.end(), std::inserter(missing, missing.end()));
  CHECK(missing == std::set<std::string>{});
  std::set<std::string> extra;
  std::set_difference(pg_columns.begin(), pg_columns.end(), sqlite_columns.begin(),
                      sqlite_columns.end(), std::inserter(extra, extra.end()));
  CHECK(extra == std::set<std::string>{"events.xid", "schema_migrations.applied_at",
                                       "schema_migrations.version"});
}

TEST_CASE("a test process killed with its postgresql running leaves nothing behind") {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    try {
      LocalPostgres server("/dev/shm");
      const std::string line = std::to_string(server.port()) + " " + server.folder() + "\n";
      (void)!::write(pipe_fds[1], line.data(), line.size());
      ::pause();
    } catch (...) {
    }
    ::_exit(1);
  }
  ::close(pipe_fds[1]);
  std::string line;
  char c = 0;
  while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(pipe_fds[0]);
  const auto space = line.find(' ');
  REQUIRE(space != std::string::npos);
  const std::string uri = "postgresql://kefu@127.0.0.1:" + line.substr(0, space) + "/postgres";
  const std::string folder = line.substr(space + 1);
  REQUIRE(std::filesystem::exists(folder));
  CHECK(count(uri, "SELECT 1") == 1);  // it runs

  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gone = !std::filesystem::exists(folder);
  }
  CHECK(gone);
  CHECK_THROWS(PgConnection(uri));  // nobody listens any more
}

TEST_CASE("a message holding a nul character fails alone instead of being cut short") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore store{PostgresOptions(uri)};
  REQUIRE(store.submit_and_wait(customer_and_conversation(6)).ok);
  WriteBatch bad;
  bad.mutations.push_back(customer_message(6, "n", std::string("before\0after", 12)));
  const auto refused = store.submit_and_wait(std::move(bad));
  CHECK_FALSE(refused.ok);
  CHECK(refused.error.find("NUL") != std::string::npos);
  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 0);
  CHECK(count(uri, "SELECT COUNT(*) FROM events") == 0);
  const auto next = store.submit_and_wait(message(6, "m"));
  REQUIRE(next.ok);
  CHECK(next.outcomes[0].value == 1);
}

TEST_CASE("a group chosen as a deadlock's victim is run again and loses nothing") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore store{PostgresOptions(uri)};
  auto setup = customer_and_conversation(1);
  setup.mutations.push_back(customer_and_conversation(2).mutations[1]);
  setup.mutations.push_back(customer_message(2, "first"));
  REQUIRE(store.submit_and_wait(std::move(setup)).ok);
  // Another node's transaction holds conversation 2's row.
  PgConnection other(uri);
  other.exec("SET deadlock_timeout = '10s'");  // so the store's backend is the one that detects
  other.exec("BEGIN");
  other.exec("UPDATE conversations SET updated_at = updated_at WHERE id = 2");
  {
    PgConnection admin(uri);
    admin.exec("ALTER DATABASE " + admin.exec("SELECT current_database()").text(0, 0) +
               " SET deadlock_timeout = '300ms'");
  }
  PostgresStore node{PostgresOptions(uri)};  // its connections take the 300 ms
  // The store's group locks conversation 1, then waits for 2...
  WriteBatch b;
  b.mutations.push_back(customer_message(1, "x"));
  b.mutations.push_back(customer_message(2, "y"));
  auto written =
      std::async(std::launch::async, [&node, &b] { return node.submit_and_wait(std::move(b)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // ...while the other transaction now waits for conversation 1: a deadlock, which the store's
  // backend finds first and loses. The other transaction goes on and commits.
  CHECK_NOTHROW(other.exec("UPDATE conversations SET updated_at = updated_at WHERE id = 1"));
  other.exec("COMMIT");
  const auto r = written.get();
  REQUIRE(r.ok);
  CHECK(r.outcomes[0].value == 1);
  CHECK(r.outcomes[1].value == 2);
  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 3);
  CHECK(count(uri, "SELECT COUNT(*) FROM events") == 3);
}

TEST_CASE("a group larger than the socket's buffers is sent whole and answered") {
  const auto uri = LocalPostgres::shared().create_database();
  PostgresStore store{PostgresOptions(uri)};
  REQUIRE(store.submit_and_wait(customer_and_conversation(8)).ok);
  constexpr int kBatches = 2000;
  const std::string body(4000, 'w');  // 8 MB in all: the writer waits for the socket to drain
  std::vector<std::promise<WriteResult>> promises(kBatches);
  for (int i = 0; i < kBatches; ++i) {
    WriteBatch b;
    b.mutations.push_back(customer_message(8, "big" + std::to_string(i), body));
    store.submit(std::move(b), [&promises, i](WriteResult r) {
      promises[static_cast<std::size_t>(i)].set_value(std::move(r));
    });
  }
  for (int i = 0; i < kBatches; ++i) {
    const auto r = promises[static_cast<std::size_t>(i)].get_future().get();
    REQUIRE(r.ok);
    CHECK(r.outcomes[0].value == i + 1);
  }
  CHECK(count(uri, "SELECT SUM(length(body)) FROM messages") == 4000 * kBatches);
}
