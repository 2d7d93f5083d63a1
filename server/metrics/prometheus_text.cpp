#include "server/metrics/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace kefu::metrics {
namespace {

// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
std::string label_value(const std::string& value) {
  std::string out;
  for (char ch : value) {
    if (ch == '\\') {
      out += "\\\\";
    } else if (ch == '"') {
      out += "\\\"";
    } else if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

std::string prometheus_text(const OperationsFigures& f) {
  const LatencyHistogram& h = f.store_commit_latency;
  if (h.counts.size() != h.upper_bounds_seconds.size()) {
    throw std::invalid_argument("histogram needs one count per bucket bound");
  }
  for (std::size_t i = 0; i < h.upper_bounds_seconds.size(); ++i) {
    if (!std::isfinite(h.upper_bounds_seconds[i]) ||
        (i > 0 && h.upper_bounds_seconds[i] <= h.upper_bounds_seconds[i - 1])) {
      throw std::invalid_argument("histogram bounds must be finite and increasing");
    }
  }
  std::string out;
  header(out, "kefu_queue_depth", "gauge", "Conversations waiting in each queue.");
  for (const auto& [queue, depth] : f.queue_depth) {
    out += "kefu_queue_depth{queue=\"" + label_value(queue) + "\"} " + std::to_string(depth) + '\n';
  }
  header(out, "kefu_connections", "gauge", "Open WebSocket connections by kind.");
  for (const auto& [kind, count] : f.connections) {
    out += "kefu_connections{kind=\"" + label_value(kind) + "\"} " + std::to_string(count) + '\n';
  }
  header(out, "kefu_messages_per_second", "gauge", "Messages stored per second, last interval.");
  out += "kefu_messages_per_second " + number(f.messages_per_second) + '\n';
  header(out, "kefu_messages_total", "counter", "Messages stored since the server started.");
  out += "kefu_messages_total " + std::to_string(f.messages_total) + '\n';
  header(out, "kefu_store_commit_seconds", "histogram", "Latency of store commits.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    cumulative += h.counts[i];
    out += "kefu_store_commit_seconds_bucket{le=\"" + number(h.upper_bounds_seconds[i]) + "\"} " +
           std::to_string(cumulative) + '\n';
  }
  cumulative += h.overflow;
  out += "kefu_store_commit_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + '\n';
  out += "kefu_store_commit_seconds_sum " + number(h.sum_seconds) + '\n';
  out += "kefu_store_commit_seconds_count " + std::to_string(cumulative) + '\n';
  return out;
}

}  // namespace kefu::metrics
