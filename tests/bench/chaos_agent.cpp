#include "tests/bench/chaos_agent.hpp"

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
// The node chosen may freeze between its /healthz and the upgrade: without a deadline the agent
// would wait for it (until SIGCONT) instead of finding the new desk.
constexpr int kUpgradeMs = 2000;

long ms_ago(std::chrono::steady_clock::time_point t) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
          .count());
}
}  // namespace
namespace json = boost::json;
using kefu::testing::UpgradeRefused;
using kefu::testing::WsClient;

ChaosAgent::ChaosAgent(int index, std::string login, std::string password,
                       std::vector<unsigned short> ports, std::function<bool(std::int64_t)> keep)
    : index_(index),
      login_(std::move(login)),
      password_(std::move(password)),
      ports_(std::move(ports)),
      keep_(std::move(keep)) {}

std::unique_ptr<WsClient> ChaosAgent::connect() {
  for (;;) {
    const auto port = reachable_port(ports_);
    if (port != 0) {
      try {
        note(port, false, false);
        if (cookie_.empty()) cookie_ = kefu::testing::log_in(port, login_, password_);
        if (!cookie_.empty()) {
          auto ws = WsClient::staff(port, "http://127.0.0.1:" + std::to_string(port), cookie_,
                                    kUpgradeMs);
          note(port, true, false);
          ++connections;
          return ws;
        }
      } catch (const UpgradeRefused& refused) {
        if (refused.status == 401) cookie_.clear();  // log in again
        if (refused.status == 0) ++upgrades_timed_out;
      } catch (const std::exception&) {
        // A node going away: look again.
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ChaosAgent::run(const std::atomic<bool>& stop) {
  RunEnd end;
  auto finished = [&] { return end.reached(stop, pending_.size(), login_, problems); };
  while (!finished()) {
    try {
      auto ws = connect();
      resume(*ws);
      while (!finished()) {
        const auto frame = ws->next(kQuietMs);
        note(0, true, true);
        on_frame(*ws, frame.as_object(), !stop);
      }
    } catch (const std::exception&) {
      // The node went away, froze or lost the desk: find the desk again.
    }
  }
}

void ChaosAgent::resume_once() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      auto ws = connect();
      syncs_waiting_ = 0;
      resume(*ws);
      while (syncs_waiting_ > 0) on_frame(*ws, ws->next(5000).as_object(), false);
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  problems.push_back(login_ + " could not resume at the end");
}

void ChaosAgent::note(unsigned short port, bool connected, bool frame) {
  std::lock_guard lock(whereabouts_mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (port != 0) port_ = port;
  if (connected != connected_ || port != 0) since_ = now;
  connected_ = connected;
  if (frame) last_frame_ = now;
  assigned_now_ = assigned.size();
}

std::string ChaosAgent::whereabouts() const {
  std::lock_guard lock(whereabouts_mutex_);
  if (port_ == 0) return login_ + ": not connected yet";
  if (!connected_) {
    return login_ + ": connecting to :" + std::to_string(port_) + " for " +
           std::to_string(ms_ago(since_)) + " ms";
  }
  return login_ + ": on :" + std::to_string(port_) + " since " + std::to_string(ms_ago(since_)) +
         " ms, last frame " +
         (last_frame_ < since_ ? std::string("none")
                               : std::to_string(ms_ago(last_frame_)) + " ms ago") +
         ", " + std::to_string(assigned_now_) + " assigned";
}

std::string ChaosAgent::reply_frame(const std::string& id, std::int64_t conversation) const {
  return json::serialize(json::object{{"type", "message"},
                                      {"client_id", id},
                                      {"conversation_id", conversation},
                                      {"text", "happy to help " + id}});
}

void ChaosAgent::resume(WsClient& ws) {
  auto welcome = ws.next_of_type("welcome", 5000).as_object();
  user_id_ = welcome.at("user").as_object().at("id").as_int64();
  assigned.clear();
  for (const auto& c : welcome.at("conversations").as_array()) {
    const auto& conv = c.as_object();
    if (conv.at("status") != "assigned") continue;
    follow(ws, conv.at("id").as_int64(), conv.at("last_seq").as_int64());
  }
  for (const auto& [id, conversation] : pending_) ws.send(reply_frame(id, conversation));
}

// A conversation now assigned to this agent: sync what it misses; answer only what comes next.
void ChaosAgent::follow(WsClient& ws, std::int64_t conversation, std::int64_t last_seq) {
  assigned.insert(conversation);
  if (!answer_after_.count(conversation)) answer_after_[conversation] = last_seq;
  answer_after_[conversation] = std::max(answer_after_[conversation], last_seq);
  if (!keep_(conversation)) {
    // A failover probe's conversation: give the capacity back.
    ws.send(json::serialize(
        json::object{{"type", "resolve"},
                     {"client_id", "r" + std::to_string(index_) + "-" + std::to_string(next_++)},
                     {"conversation_id", conversation}}));
    ++resolved;
    return;
  }
  // The end of the run held without a hole (from the first seq held): a message relayed late
  // and lost with a node leaves a hole below the highest seq held.
  const auto& seqs = held[conversation];
  std::int64_t have = seqs.empty() ? 0 : *seqs.begin() - 1;
  for (auto seq : seqs) {
    if (seq != have + 1) break;
    have = seq;
  }
  if (last_seq > have) {
    ws.send(json::serialize(
        json::object{{"type", "sync"}, {"conversation_id", conversation}, {"after_seq", have}}));
    ++syncs_waiting_;
  }
}

void ChaosAgent::on_frame(WsClient& ws, const json::object& f, bool answering) {
  const auto& type = f.at("type").as_string();
  if (type == "message") {
    const auto conversation = f.at("conversation_id").as_int64();
    const auto seq = f.at("seq").as_int64();
    const bool fresh = held[conversation].insert(seq).second;
    const auto& author = f.at("author").as_object();
    if (fresh && answering && author.at("kind") == "customer" && assigned.count(conversation) &&
        seq > answer_after_[conversation] && keep_(conversation)) {
      const std::string id = "a" + std::to_string(index_) + "-" + std::to_string(next_++);
      pending_[id] = conversation;
      ws.send(reply_frame(id, conversation));
    }
  } else if (type == "synced") {
    --syncs_waiting_;
  } else if (type == "ack") {
    const std::string ref(f.at("ref").as_string());
    const auto found = pending_.find(ref);
    if (found == pending_.end() || !f.contains("seq")) return;
    const AckedMessage a{f.at("conversation_id").as_int64(), f.at("seq").as_int64()};
    auto [it, fresh] = acked.emplace(ref, a);
    if (!fresh && it->second.seq != a.seq) problems.push_back(ref + " acknowledged twice");
    held[a.conversation_id].insert(a.seq);
    pending_.erase(found);
  } else if (type == "conversation") {
    const auto& conv = f.at("conversation").as_object();
    const auto id = conv.at("id").as_int64();
    const bool mine = conv.at("status") == "assigned" && conv.contains("agent") &&
                      conv.at("agent").is_object() &&
                      conv.at("agent").as_object().at("id").as_int64() == user_id_;
    if (mine && !assigned.count(id)) {
      follow(ws, id, conv.at("last_seq").as_int64());
    } else if (!mine) {
      assigned.erase(id);
    }
  } else if (type == "error") {
    // `unavailable`: the store could not take it; it stays pending and is sent again. Anything
    // else: a reply to a conversation that moved away meanwhile (requeued after a failover) is
    // refused; it was never acknowledged, so nothing is owed.
    const std::string code(f.at("code").as_string());
    const std::string ref =
        f.contains("ref") && f.at("ref").is_string() ? std::string(f.at("ref").as_string()) : "";
    if (code != "unavailable" && pending_.erase(ref) > 0) ++refusals[code];
  }
}

}  // namespace kefu::load
