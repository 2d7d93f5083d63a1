#include "server/net/serve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "server/back_office/schema_setup.hpp"
#include "server/net/desk_candidate.hpp"
#include "server/net/listener.hpp"
#include "server/net/server_state.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite_store.hpp"

namespace kefu::net {
namespace net = boost::asio;

int serve(const ServeSettings& requested, std::ostream& out) {
  // A node of a cluster: the elected desk or a hot standby (docs/architecture.md, "Cluster").
  if (!requested.bus.empty()) return DeskCandidate(requested, out).run();
  ServeSettings settings = requested;
  const unsigned threads =
      settings.threads != 0 ? settings.threads : std::max(1u, std::thread::hardware_concurrency());

  // The store by location: PostgreSQL (migrated as it opens) or the SQLite file.
  std::unique_ptr<store::Store> opened;
  if (!settings.store.empty()) {
    opened = std::make_unique<store::PostgresStore>(store::PostgresOptions(settings.store));
  } else {
    store::SqliteOptions store_options;
    store_options.path = settings.database;
    store_options.synchronous = settings.synchronous;
    store_options.also_migrate = prepare_schema;
    opened = std::make_unique<store::SqliteStore>(store_options);
  }
  store::Store& store = *opened;

  net::io_context io(static_cast<int>(threads));
  const auto endpoint =
      net::ip::tcp::endpoint(net::ip::make_address(settings.address), settings.port);
  ServerState state(io, settings, store);
  auto listener = std::make_shared<Listener>(io, endpoint, state);
  const unsigned short port = listener->local_endpoint().port();
  const std::string own = "http://" + settings.address + ":" + std::to_string(port);

  state.start();
  listener->run();

  net::signal_set signals(io, SIGINT, SIGTERM);
  net::steady_timer last_call(state.desk());
  // Once every socket has finished its close handshake (or after two seconds), stop whatever
  // is still open, such as idle HTTP keep-alives.
  std::chrono::steady_clock::time_point give_up;
  std::function<void()> wait_for_sockets = [&] {
    if (state.centre().figures().connections == 0 || std::chrono::steady_clock::now() > give_up) {
      io.stop();
      return;
    }
    last_call.expires_after(std::chrono::milliseconds(20));
    last_call.async_wait([&](boost::system::error_code) { wait_for_sockets(); });
  };
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    listener->stop();
    state.shut_down();
    net::post(state.desk(), wait_for_sockets);
  });

  out << "listening on " << own << std::endl;
  // A new installation: the first admin signs up through a one-time link (StaffLinks).
  if (state.staff_directory().empty()) {
    const std::string& origin = settings.public_origin.empty() ? own : settings.public_origin;
    out << "setup: " << origin << "/setup?token=" << state.staff_directory().issue_setup_link()
        << std::endl;
  }

  // A failure a handler lets out is said and the thread runs on, rather than std::terminate
  // ending the node (what failed was one request's or one socket's work).
  const auto run_io = [&io] {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& failure) {
        std::cerr << "kefu: a request failed unexpectedly: " << failure.what() << std::endl;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(run_io);
  run_io();
  for (auto& t : pool) t.join();
  state.auth_pool().join();
  state.stop_mail();
  store.close();
  out << "stopped" << std::endl;
  return 0;
}

}  // namespace kefu::net
