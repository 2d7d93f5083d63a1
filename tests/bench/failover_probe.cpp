#include "tests/bench/failover_probe.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "tests/bench/cluster_nodes.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::load {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

double ms_until_routed(const std::vector<unsigned short>& ports, unsigned short frozen,
                       Clock::time_point fault, int probe, double* serving_ms) {
  *serving_ms = -1;
  std::vector<unsigned short> candidates;
  for (auto p : ports) {
    if (p != frozen) candidates.push_back(p);
  }
  while (ms_since(fault) < 30000) {
    const auto port = serving_port(candidates, std::chrono::milliseconds(500));
    if (port == 0) continue;
    if (*serving_ms < 0) *serving_ms = ms_since(fault);
    try {
      const auto token = kefu::testing::new_visitor(port);
      auto ws = kefu::testing::WsClient::customer(port, "http://127.0.0.1:" + std::to_string(port),
                                                  token);
      ws->next_of_type("welcome", 2000);
      ws->send(json::serialize(json::object{{"type", "message"},
                                            {"client_id", "p" + std::to_string(probe)},
                                            {"text", "is anyone there?"}}));
      const auto asked = Clock::now();
      while (ms_since(asked) < 10000) {
        const auto frame = ws->next(10000).as_object();
        if (std::getenv("KEFU_CLUSTER_DEBUG") != nullptr) {
          std::printf("  probe %.0f ms: %s\n", ms_since(fault), json::serialize(frame).c_str());
        }
        // `queue` position 0 comes with the assignment; the `conversation` frame shows the state
        // when it is sent (the agent may have resolved it already): one with an agent will do.
        const bool assigned =
            (frame.at("type") == "queue" && frame.at("position").as_int64() == 0) ||
            (frame.at("type") == "conversation" &&
             frame.at("conversation").as_object().contains("agent") &&
             frame.at("conversation").as_object().at("agent").is_object());
        if (assigned) return ms_since(fault);
      }
    } catch (const std::exception& e) {
      if (std::getenv("KEFU_CLUSTER_DEBUG") != nullptr) {
        std::printf("  probe %.0f ms: %s\n", ms_since(fault), e.what());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  return -1;
}

}  // namespace kefu::load
