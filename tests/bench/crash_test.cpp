// kefu-crash-test: customers send messages through the real server while it is killed with
// SIGKILL at random moments and restarted on the same port. Each customer reconnects, reads
// `welcome`, syncs what it missed and resends every message it holds no ack for, with the same
// client_id. At the end the database must hold every acknowledged message exactly once, with
// the acknowledged seq; each conversation's seqs must run 1..n without gaps, in the database and
// in what each client holds; and `PRAGMA integrity_check` must say ok.
//
//   kefu-crash-test [--kills 20] [--customers 8] [--window 8] [--seed N]
#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/bench/server_process.hpp"
#include "tests/support/test_client.hpp"

namespace json = boost::json;
namespace po = boost::program_options;
using kefu::load::ServerProcess;
using kefu::testing::WsClient;

namespace {

struct Acked {
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
};

// One customer's widget that survives server crashes: it keeps `window` messages unacknowledged
// and never forgets one until the ack arrives.
class CrashCustomer {
 public:
  CrashCustomer(int index, std::string token, int window)
      : index_(index), token_(std::move(token)), window_(window) {}

  // Runs until `stop` is set and every message sent has its ack.
  void run(const std::atomic<unsigned short>& port, const std::atomic<bool>& stop) {
    while (!(stop && pending_.empty())) {
      try {
        const std::string origin = "http://127.0.0.1:" + std::to_string(port.load());
        auto ws = WsClient::customer(port, origin, token_);
        ++connections;
        resume(*ws);
        while (!(stop && pending_.empty())) {
          while (!stop && static_cast<int>(pending_.size()) < window_) {
            const std::string id = "k" + std::to_string(index_) + "-" + std::to_string(next_++);
            pending_.insert(id);
            ws->send(frame_for(id));
          }
          on_frame(ws->next(2000).as_object());
        }
      } catch (const std::exception&) {
        // The server went away (or is not back yet): reconnect.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  std::map<std::string, Acked> acked;
  std::set<std::int64_t> held;  // seqs this client holds for its conversation
  std::int64_t conversation_id = 0;
  std::vector<std::string> problems;
  int connections = 0;

 private:
  std::string frame_for(const std::string& id) const {
    return json::serialize(
        json::object{{"type", "message"}, {"client_id", id}, {"text", "order question " + id}});
  }

  // After (re)connecting: read welcome, sync any gap, resend what has no ack.
  void resume(WsClient& ws) {
    auto welcome = ws.next_of_type("welcome", 5000).as_object();
    for (const auto& c : welcome.at("conversations").as_array()) {
      const auto& conv = c.as_object();
      if (conversation_id == 0) conversation_id = conv.at("id").as_int64();
      if (conv.at("id").as_int64() != conversation_id) continue;
      const std::int64_t last = conv.at("last_seq").as_int64();
      const std::int64_t have = held.empty() ? 0 : *held.rbegin();
      if (last > have) {
        ws.send(json::serialize(json::object{
            {"type", "sync"}, {"conversation_id", conversation_id}, {"after_seq", have}}));
        for (;;) {
          auto f = ws.next(5000).as_object();
          if (f.at("type") == "synced") break;
          on_frame(f);
        }
      }
    }
    for (const auto& id : pending_) ws.send(frame_for(id));
  }

  void on_frame(const json::object& f) {
    const auto& type = f.at("type").as_string();
    if (type == "ack") {
      const std::string ref(f.at("ref").as_string());
      const Acked a{f.at("conversation_id").as_int64(), f.at("seq").as_int64()};
      if (conversation_id == 0) conversation_id = a.conversation_id;
      auto [it, fresh] = acked.emplace(ref, a);
      if (!fresh && (it->second.seq != a.seq || it->second.conversation_id != a.conversation_id)) {
        problems.push_back(ref + " acknowledged twice with different seqs");
      }
      pending_.erase(ref);
      held.insert(a.seq);
    } else if (type == "message") {
      if (f.at("conversation_id").as_int64() == conversation_id)
        held.insert(f.at("seq").as_int64());
    } else if (type == "error") {
      // unavailable: the store could not take it; it stays pending and is resent on reconnect.
      if (f.at("code") != "unavailable") {
        problems.push_back("error " + json::serialize(f));
      }
    }
  }

  int index_;
  std::string token_;
  int window_;
  long next_ = 0;
  std::set<std::string> pending_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string kefu = KEFU_BIN;
  int kills = 20, customers = 8, window = 8;
  unsigned seed = std::random_device{}();
  po::options_description d("kefu-crash-test options");
  d.add_options()("help,h", "show this help")("kefu", po::value(&kefu)->default_value(kefu),
                                              "the kefu binary")(
      "kills", po::value(&kills)->default_value(kills), "SIGKILLs during the run")(
      "customers", po::value(&customers)->default_value(customers), "customer sockets")(
      "window", po::value(&window)->default_value(window), "unacknowledged messages each")(
      "seed", po::value(&seed), "random seed for the kill moments");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << e.what() << "\n" << d;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  char pattern[] = "/tmp/kefu-crash-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return 1;
  const std::string folder = pattern;
  const std::string db = folder + "/kefu.db";
  if (kefu::load::run_program({kefu, "demo", "--db", db}) != 0) return 1;
  ServerProcess server;
  auto start = [&](unsigned short port) {
    for (int attempt = 0;; ++attempt) {
      try {
        server.start({kefu, "serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port),
                      "--static-dir", folder, "--customer-rate", "100000", "--visitors-per-minute",
                      "100000000"});
        return;
      } catch (const std::exception&) {
        if (attempt > 50) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  };
  start(0);
  std::atomic<unsigned short> port{server.port()};
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<CrashCustomer>> list;
  for (int i = 0; i < customers; ++i) {
    list.push_back(std::make_unique<CrashCustomer>(i, kefu::testing::new_visitor(port), window));
  }
  std::vector<std::thread> threads;
  for (auto& c : list) threads.emplace_back([&, c = c.get()] { c->run(port, stop); });

  std::mt19937 random(seed);
  std::vector<double> restart_ms;
  std::printf("crash test: %d kills, %d customers, window %d, seed %u\n", kills, customers, window,
              seed);
  for (int k = 0; k < kills; ++k) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution(150, 700)(random)));
    server.crash();
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution(0, 100)(random)));
    const auto down = std::chrono::steady_clock::now();
    start(port);
    restart_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - down).count());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : threads) t.join();
  server.stop();

  int passed = 0, failed = 0;
  auto check = [&](bool ok, const std::string& what) {
    ok ? ++passed : ++failed;
    if (!ok) std::printf("FAILED: %s\n", what.c_str());
  };
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  // Every customer message, read once: (conversation, client_id) -> the seqs stored under it.
  // (A query per acknowledged message scanned its whole conversation: quadratic, and 20 kills at
  // today's rate acknowledge hundreds of thousands of messages.)
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> stored;
  {
    SQLite::Statement all(database,
                          "SELECT conversation_id, client_id, seq FROM messages "
                          "WHERE author_kind = 'customer'");
    while (all.executeStep()) {
      stored[{all.getColumn(0).getInt64(), all.getColumn(1).getString()}].push_back(
          all.getColumn(2).getInt64());
    }
  }
  SQLite::Statement span(database,
                         "SELECT count(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) "
                         "FROM messages WHERE conversation_id = ?");
  long acked = 0, lost = 0, duplicated = 0, wrong_seq = 0;
  for (auto& c : list) {
    for (const auto& p : c->problems) check(false, p);
    for (const auto& [ref, a] : c->acked) {
      ++acked;
      const auto found = stored.find({a.conversation_id, ref});
      const std::size_t count = found == stored.end() ? 0 : found->second.size();
      if (count == 0) ++lost;
      if (count > 1) ++duplicated;
      if (count == 1 && found->second.front() != a.seq) ++wrong_seq;
    }
    span.reset();
    span.bind(1, c->conversation_id);
    span.executeStep();
    const auto rows = span.getColumn(0).getInt64();
    const auto max = span.getColumn(2).getInt64();
    check(rows == max && (rows == 0 || span.getColumn(1).getInt64() == 1),
          "conversation " + std::to_string(c->conversation_id) + " has gaps in the database");
    const bool contiguous =
        c->held.empty() ||
        (*c->held.begin() == 1 && static_cast<std::int64_t>(c->held.size()) == *c->held.rbegin() &&
         *c->held.rbegin() == max);
    check(contiguous, "customer " + std::to_string(&c - &list[0]) + " holds seqs with gaps (" +
                          std::to_string(c->held.size()) + " held, database has " +
                          std::to_string(max) + ")");
  }
  check(lost == 0, std::to_string(lost) + " acknowledged messages lost");
  check(duplicated == 0, std::to_string(duplicated) + " acknowledged messages stored twice");
  check(wrong_seq == 0, std::to_string(wrong_seq) + " messages stored under another seq");
  const std::string integrity = database.execAndGet("PRAGMA integrity_check").getString();
  check(integrity == "ok", "integrity_check: " + integrity);
  int reconnects = 0;
  for (auto& c : list) reconnects += c->connections;
  std::printf(
      "crash test: %d kills, %ld acknowledged messages checked, %ld lost, %ld duplicated, "
      "%d connections, integrity %s\n",
      kills, acked, lost, duplicated, reconnects, integrity.c_str());
  double slowest = 0;
  for (double ms : restart_ms) slowest = std::max(slowest, ms);
  std::printf("slowest restart %.0f ms\n", slowest);
  std::printf("%d passed, %d failed\n", passed, failed);
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
  return failed == 0 && acked > 0 ? 0 : 1;
}
