#include "tests/support/cluster_database.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "server/cluster/desk_election.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "tests/support/local_postgres.hpp"

namespace kefu::testing {

ClusterDatabase::ClusterDatabase(int agents, int capacity, int conversations)
    : uri(LocalPostgres::shared().create_database()) {
  store::PgConnection db(uri);
  store::migrate_postgres(db);
  for (int i = 1; i <= agents; ++i) {
    db.exec(
        "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, created_at) "
        "VALUES ($1, $1, 'agent', 'x', $2, 1)",
        {"agent" + std::to_string(i), std::to_string(capacity)});
  }
  db.exec("INSERT INTO customers(display_name, created_at) VALUES ('Ann', 1)");
  db.exec(
      "INSERT INTO conversations(id, customer_id, channel, status, queue, created_at, queued_at, "
      "updated_at) SELECT g, 1, 'chat', 'queued', 'general', 1, 1, 1 "
      "FROM generate_series(1, $1) g",
      {std::to_string(conversations)});
}

std::int64_t ClusterDatabase::count(const std::string& sql) const {
  store::PgConnection db(uri);
  return db.exec(sql).int64(0, 0);
}

void ClusterDatabase::exec(const std::string& sql) const {
  store::PgConnection db(uri);
  db.exec(sql);
}

std::int64_t elect_desk(cluster::DeskElection& candidate) {
  for (int i = 0; i < 50; ++i) {
    if (auto epoch = candidate.campaign()) return *epoch;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("not elected within a second");
}

}  // namespace kefu::testing
