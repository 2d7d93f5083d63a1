// Durable relay throughput through the real server: K customers each keep a window of messages
// in flight; every message counts once its ack (sent only after the group commit) arrives.
// Runs the same load against synchronous=FULL (the default) and NORMAL in the same run and
// prints both, and the ratio.
//
//   durable_relay_bench [customers=20] [messages_per_customer=500] [window=32]
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

using namespace kefu::testing;

namespace {

double run(const std::string& synchronous, int customers, int per_customer, int window) {
  TestServer server({"--synchronous", synchronous, "--customer-rate", "1000000",
                     "--visitors-per-minute", "100000000"});
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < customers; ++i) {
    clients.push_back(
        WsClient::customer(server.port(), server.origin(), new_visitor(server.port())));
    clients.back()->next_of_type("welcome");
  }
  const auto start = std::chrono::steady_clock::now();
  int sent_each = 0;
  long acked = 0;
  while (sent_each < per_customer) {
    const int batch = std::min(window, per_customer - sent_each);
    for (int c = 0; c < customers; ++c) {
      for (int k = 0; k < batch; ++k) {
        clients[static_cast<std::size_t>(c)]->send(
            R"({"type":"message","client_id":"m)" + std::to_string(sent_each + k) +
            R"(","text":"where is my parcel? order #10293"})");
      }
    }
    for (int c = 0; c < customers; ++c) {
      for (int k = 0; k < batch; ++k) {
        clients[static_cast<std::size_t>(c)]->next_of_type("ack", 10000);
        ++acked;
      }
    }
    sent_each += batch;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(acked) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const int customers = argc > 1 ? std::atoi(argv[1]) : 20;
  const int per_customer = argc > 2 ? std::atoi(argv[2]) : 500;
  const int window = argc > 3 ? std::atoi(argv[3]) : 32;
  const double normal = run("NORMAL", customers, per_customer, window);
  const double full = run("FULL", customers, per_customer, window);
  std::printf(
      "durable acknowledged messages/s  synchronous=FULL: %.0f  NORMAL: %.0f  FULL/NORMAL: %.2f\n",
      full, normal, full / normal);
  std::printf("{\"durable_msgs_per_s\":%.0f,\"normal_msgs_per_s\":%.0f,\"ratio\":%.3f}\n", full,
              normal, full / normal);
  return 0;
}
