#include "tests/bench/chaos_customer.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "tests/bench/cluster_nodes.hpp"
#include "tests/bench/run_end.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::load {
namespace {
// A socket silent this long is taken for a node gone (frozen with SIGSTOP: the kernel keeps the
// connection open); a real client would ping. Under load frames arrive every few milliseconds.
constexpr int kQuietMs = 1000;
}  // namespace
namespace json = boost::json;
using kefu::testing::WsClient;

ChaosCustomer::ChaosCustomer(int index, std::string token, int window, double rate,
                             std::vector<unsigned short> ports)
    : index_(index),
      token_(std::move(token)),
      window_(window),
      rate_(rate),
      ports_(std::move(ports)) {}

std::unique_ptr<WsClient> ChaosCustomer::connect() {
  for (;;) {
    const auto port = reachable_port(ports_);
    if (port != 0) {
      try {
        // A deadline: the node chosen may freeze before it answers the upgrade.
        auto ws =
            WsClient::customer(port, "http://127.0.0.1:" + std::to_string(port), token_, 2000);
        ++connections;
        return ws;
      } catch (const std::exception&) {
        // A standby (503) or a node going away: look again.
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ChaosCustomer::run(const std::atomic<bool>& stop) {
  const auto interval = std::chrono::microseconds(static_cast<long>(1e6 / rate_));
  auto next_send = std::chrono::steady_clock::now();
  RunEnd end;
  const std::string who = "customer " + std::to_string(index_);
  auto finished = [&] { return end.reached(stop, pending_.size(), who, problems); };
  while (!finished()) {
    try {
      auto ws = connect();
      resume(*ws);
      while (!finished()) {
        while (!stop && static_cast<int>(pending_.size()) < window_ &&
               std::chrono::steady_clock::now() >= next_send) {
          const std::string id = "k" + std::to_string(index_) + "-" + std::to_string(next_++);
          pending_.insert(id);
          ws->send(frame_for(id));
          next_send += interval;
        }
        if (!stop && static_cast<int>(pending_.size()) < window_) {
          std::this_thread::sleep_until(next_send);  // frames wait in the client meanwhile
          continue;
        }
        on_frame(ws->next(kQuietMs).as_object());
      }
    } catch (const std::exception&) {
      // The node went away, froze or lost the desk: find the desk again.
      next_send = std::chrono::steady_clock::now();
    }
  }
}

void ChaosCustomer::resume_once() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      auto ws = connect();
      resume(*ws);
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  problems.push_back("customer " + std::to_string(index_) + " could not resume at the end");
}

std::string ChaosCustomer::frame_for(const std::string& id) const {
  return json::serialize(
      json::object{{"type", "message"}, {"client_id", id}, {"text", "order question " + id}});
}

void ChaosCustomer::resume(WsClient& ws) {
  auto welcome = ws.next_of_type("welcome", 5000).as_object();
  for (const auto& c : welcome.at("conversations").as_array()) {
    const auto& conv = c.as_object();
    if (conversation_id == 0) conversation_id = conv.at("id").as_int64();
    if (conv.at("id").as_int64() != conversation_id) continue;
    const std::int64_t last = conv.at("last_seq").as_int64();
    // The end of the run held without a hole from seq 1: a message relayed late (after an ack
    // of a later seq) and lost with a node leaves a hole below the highest seq held.
    std::int64_t have = 0;
    for (auto seq : held) {
      if (seq != have + 1) break;
      have = seq;
    }
    if (last > have) {
      ws.send(json::serialize(json::object{
          {"type", "sync"}, {"conversation_id", conversation_id.load()}, {"after_seq", have}}));
      for (;;) {
        auto f = ws.next(5000).as_object();
        if (f.at("type") == "synced") break;
        on_frame(f);
      }
    }
  }
  for (const auto& id : pending_) ws.send(frame_for(id));
}

void ChaosCustomer::on_frame(const json::object& f) {
  const auto& type = f.at("type").as_string();
  if (type == "ack") {
    const std::string ref(f.at("ref").as_string());
    if (!f.contains("seq")) return;
    const AckedMessage a{f.at("conversation_id").as_int64(), f.at("seq").as_int64()};
    if (conversation_id == 0) conversation_id = a.conversation_id;
    auto [it, fresh] = acked.emplace(ref, a);
    if (!fresh && (it->second.seq != a.seq || it->second.conversation_id != a.conversation_id)) {
      problems.push_back(ref + " acknowledged twice with different seqs");
    }
    pending_.erase(ref);
    if (a.conversation_id == conversation_id) held.insert(a.seq);
  } else if (type == "message") {
    if (f.at("conversation_id").as_int64() == conversation_id) held.insert(f.at("seq").as_int64());
  } else if (type == "error") {
    // unavailable: the store could not take it; it stays pending and is sent again.
    if (f.at("code") != "unavailable") problems.push_back("error " + json::serialize(f));
  }
}

}  // namespace kefu::load
