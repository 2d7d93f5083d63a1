#include "server/cluster/postgres_node_registry.hpp"

namespace kefu::cluster {
namespace {

// A timestamptz as ms since the epoch.
constexpr const char* kMs = "(extract(epoch FROM %s) * 1000)::bigint";

std::string ms(const std::string& column) {
  std::string text = kMs;
  return text.replace(text.find("%s"), 2, column);
}

}  // namespace

PostgresNodeRegistry::PostgresNodeRegistry(const std::string& uri) : db_(uri) {
  db_.exec("SET synchronous_commit = off");
}

void PostgresNodeRegistry::beat(const std::string& node) {
  db_.exec(
      "INSERT INTO node_heartbeats(node, started_at, beat_at) "
      "VALUES ($1, clock_timestamp(), clock_timestamp()) "
      "ON CONFLICT (node) DO UPDATE SET beat_at = excluded.beat_at",
      {node});
}

void PostgresNodeRegistry::agent_connected(const std::string& node, std::int64_t agent) {
  db_.exec(
      "INSERT INTO node_agents(agent_id, node, since) VALUES ($1, $2, clock_timestamp()) "
      "ON CONFLICT DO NOTHING",
      {std::to_string(agent), node});
}

void PostgresNodeRegistry::agent_disconnected(const std::string& node, std::int64_t agent) {
  db_.exec("DELETE FROM node_agents WHERE agent_id = $1 AND node = $2",
           {std::to_string(agent), node});
}

NodeRegistry::View PostgresNodeRegistry::view() {
  View view;
  db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    view.now = db_.exec("SELECT " + ms("clock_timestamp()")).int64(0, 0);
    const auto beats = db_.exec("SELECT node, " + ms("beat_at") + " FROM node_heartbeats");
    for (int i = 0; i < beats.rows(); ++i)
      view.beats.emplace_back(beats.text(i, 0), beats.int64(i, 1));
    const auto sockets = db_.exec("SELECT agent_id, node FROM node_agents");
    for (int i = 0; i < sockets.rows(); ++i) {
      view.sockets.emplace_back(sockets.int64(i, 0), sockets.text(i, 1));
    }
    db_.exec("COMMIT");
  } catch (...) {
    if (db_.healthy()) PQclear(PQexec(db_.handle(), "ROLLBACK"));
    throw;
  }
  return view;
}

}  // namespace kefu::cluster
