#pragma once

// The cluster the real-process tests start (tests/desk_failover_test.cpp,
// tests/desk_relay_test.cpp): a fresh PostgreSQL database with Alice, and `kefu serve` nodes on
// it (ClusterNode), each stopped by the test or killed with it.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/auth/password_hasher.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/cluster_node.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::testing {

using namespace std::chrono_literals;

inline const std::string kPassword = "alice-on-the-cluster";
// How long a node may take to start (migrate, bind, build the desk) on a busy test machine.
inline constexpr auto kStart = 15s;

// A fresh database, migrated, with Alice (an agent of the support team, capacity 3).
struct Cluster {
  Cluster() : uri(LocalPostgres::shared().create_database()) {
    kefu::store::PgConnection db(uri);
    kefu::store::migrate_postgres(db);
    kefu::store::PostgresOptions options(uri);
    options.migrate = false;
    kefu::store::PostgresStore store(options);
    kefu::store::UserRecord u;
    u.login = "alice";
    u.display_name = "Alice Chen";
    u.teams = {"support"};
    u.languages = {"en"};
    u.password_hash = kefu::auth::PasswordHasher(1 << 16, 1).hash(kPassword);
    u.created_at = 1;
    kefu::store::WriteBatch batch;
    batch.mutations.push_back(kefu::store::InsertUser{std::move(u)});
    REQUIRE(store.submit_and_wait(std::move(batch)).ok);
    store.close();
    char pattern[] = "/tmp/kefu-desk-failover-XXXXXX";
    folder = ::mkdtemp(pattern);
  }
  ~Cluster() { std::filesystem::remove_all(folder); }

  // A node named `name` with a desk lease of `lease_ms` and `extra` options.
  std::unique_ptr<ClusterNode> node(const std::string& name, int lease_ms = 3000,
                                    const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{"--store",         uri,
                                  "--bus",           bus,
                                  "--mail-key-file", folder + "/mail.key",
                                  "--listen",        "127.0.0.1:0",
                                  "--static-dir",    folder,
                                  "--node",          name,
                                  "--desk-lease-ms", std::to_string(lease_ms),
                                  "--threads",       "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ClusterNode>(args);
  }

  std::int64_t count(const std::string& sql) const {
    kefu::store::PgConnection db(uri);
    return db.exec(sql).int64(0, 0);
  }

  std::string uri;
  std::string folder;
  // The nodes' bus: by default a port where no NATS answers (they keep trying in the
  // background and rely on reading the lease); a test with a LocalNats sets its url.
  std::string bus = "nats://127.0.0.1:4222";
};

// The node's GET /healthz as status and body, or nothing when it did not answer within
// `limit` (a standby relaying to a frozen desk waits for it).
inline std::optional<std::pair<int, std::string>> health_of(unsigned short port,
                                                            std::chrono::milliseconds limit) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  bool done = false;
  stream.expires_after(limit);
  stream.async_connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
      [&](beast::error_code ec) {
        if (ec) return;
        http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
          if (ec) return;
          http::async_read(stream, buffer, res,
                           [&](beast::error_code ec, std::size_t) { done = !ec; });
        });
      });
  io.run();
  if (!done) return std::nullopt;
  return std::make_pair(static_cast<int>(res.result_int()), res.body());
}

// Polls the node's /healthz every 10 ms until it answers 200 `ok` (it is the desk: a standby
// that relays answers 200 `relay`); the time it took, or nothing after `limit`.
inline std::optional<std::chrono::milliseconds> until_healthy(const ClusterNode& node,
                                                              std::chrono::milliseconds limit) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  while (Clock::now() - start < limit) {
    const auto health = health_of(node.port(), 100ms);
    if (health && health->first == 200 && health->second == "ok\n") {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

// The socket `connect` opens, tried again every 100 ms while the node refuses the upgrade (503
// or 502: the desk just moved, or the relaying node's heartbeat is not fresh again) for up to
// `limit`; each refusal is a 503 or a 502, nothing else.
template <typename Connect>
std::unique_ptr<WsClient> until_upgraded(Connect connect, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    try {
      return connect();
    } catch (const UpgradeRefused& refused) {
      if (std::chrono::steady_clock::now() > until) throw;
      CHECK((refused.status == 503 || refused.status == 502));
      std::this_thread::sleep_for(100ms);
    }
  }
}

// node-a elected the desk (epoch 1), then node-b standing by, both with `lease_ms`.
inline std::pair<std::unique_ptr<ClusterNode>, std::unique_ptr<ClusterNode>> desk_and_standby(
    const Cluster& cluster, int lease_ms = 3000) {
  auto a = cluster.node("node-a", lease_ms);
  REQUIRE(a->wait_for("desk: node node-a epoch 1", kStart));
  auto b = cluster.node("node-b", lease_ms);
  REQUIRE(b->wait_for("standby: node node-b", kStart));
  return {std::move(a), std::move(b)};
}

}  // namespace kefu::testing
