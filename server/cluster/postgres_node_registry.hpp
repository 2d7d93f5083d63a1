#pragma once

#include <string>

#include "server/cluster/node_registry.hpp"
#include "server/store/postgres/pg_connection.hpp"

namespace kefu::cluster {

// The NodeRegistry on PostgreSQL (`node_heartbeats`, `node_agents`), on the database's clock.
// Heartbeats are not worth a synchronous flush (a lost one is repeated a moment later), so this
// connection commits with synchronous_commit=off. Its own connection; not thread-safe.
class PostgresNodeRegistry : public NodeRegistry {
 public:
  // Connects to `uri`; throws std::runtime_error when it cannot.
  explicit PostgresNodeRegistry(const std::string& uri);

  void beat(const std::string& node) override;
  void agent_connected(const std::string& node, std::int64_t agent) override;
  void agent_disconnected(const std::string& node, std::int64_t agent) override;
  View view() override;

 private:
  store::PgConnection db_;
};

}  // namespace kefu::cluster
