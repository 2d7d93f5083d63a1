#include <catch2/catch.hpp>

#include "server/metrics/prometheus_text.hpp"

namespace kefu::metrics {

TEST_CASE("operations figures are written in the Prometheus text format", "[metrics]") {
  OperationsFigures f;
  f.queue_depth = {{"general", 4}, {"vip \"gold\"\\n", 1}};
  f.connections = {{"customer", 120}, {"staff", 9}};
  f.messages_per_second = 12.5;
  f.messages_total = 90210;
  f.store_commit_latency = {{0.001, 0.005, 0.025}, {10, 5, 1}, 2, 0.125};
  const std::string text = prometheus_text(f);
  const std::string expected =
      "# HELP kefu_queue_depth Conversations waiting in each queue.\n"
      "# TYPE kefu_queue_depth gauge\n"
      "kefu_queue_depth{queue=\"general\"} 4\n"
      "kefu_queue_depth{queue=\"vip \\\"gold\\\"\\\\n\"} 1\n"
      "# HELP kefu_connections Open WebSocket connections by kind.\n"
      "# TYPE kefu_connections gauge\n"
      "kefu_connections{kind=\"customer\"} 120\n"
      "kefu_connections{kind=\"staff\"} 9\n"
      "# HELP kefu_messages_per_second Messages stored per second, last interval.\n"
      "# TYPE kefu_messages_per_second gauge\n"
      "kefu_messages_per_second 12.5\n"
      "# HELP kefu_messages_total Messages stored since the server started.\n"
      "# TYPE kefu_messages_total counter\n"
      "kefu_messages_total 90210\n"
      "# HELP kefu_store_commit_seconds Latency of store commits.\n"
      "# TYPE kefu_store_commit_seconds histogram\n"
      "kefu_store_commit_seconds_bucket{le=\"0.001\"} 10\n"
      "kefu_store_commit_seconds_bucket{le=\"0.005\"} 15\n"
      "kefu_store_commit_seconds_bucket{le=\"0.025\"} 16\n"
      "kefu_store_commit_seconds_bucket{le=\"+Inf\"} 18\n"
      "kefu_store_commit_seconds_sum 0.125\n"
      "kefu_store_commit_seconds_count 18\n";
  CHECK(text == expected);
}

TEST_CASE("a malformed histogram is refused", "[metrics]") {
  OperationsFigures f;
  f.store_commit_latency = {{0.01, 0.001}, {1, 1}, 0, 0};
  CHECK_THROWS_AS(prometheus_text(f), std::invalid_argument);
  f.store_commit_latency = {{0.001}, {1, 1}, 0, 0};
  CHECK_THROWS_AS(prometheus_text(f), std::invalid_argument);
}

}  // namespace kefu::metrics
