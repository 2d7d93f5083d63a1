#include "tests/bench/cluster_nodes.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

namespace kefu::load {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// GET /healthz answered 200 within half a second, with `ok` (the desk) or, when `relays` is
// true, `relay` too (a standby that reaches the desk). (A node frozen with SIGSTOP still accepts
// the TCP connection in the kernel and never answers: each step has the deadline.)
bool answers_ok(unsigned short port, bool relays = false) {
  net::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  bool ok = false;
  stream.expires_after(std::chrono::milliseconds(500));
  stream.async_connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return;
        http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
          if (ec) return;
          http::async_read(stream, buffer, response, [&](beast::error_code ec, std::size_t) {
            ok = !ec && response.result_int() == 200 &&
                 (response.body() == "ok\n" || (relays && response.body() == "relay\n"));
          });
        });
      });
  io.run();
  return ok;
}

// `count` consecutive ports that can be bound now, chosen at random in 20000-32000: below the
// kernel's range for outgoing connections (32768-60999), which may take a port at any time,
// so that a node restarted later finds its port free.
unsigned short free_ports(int count) {
  std::random_device seed;
  std::mt19937 random(seed());
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto base =
        static_cast<unsigned short>(std::uniform_int_distribution(20000, 32000 - count)(random));
    bool all = true;
    for (int i = 0; i < count && all; ++i) {
      net::io_context io;
      net::ip::tcp::acceptor acceptor(io);
      beast::error_code ec;
      acceptor.open(net::ip::tcp::v4(), ec);
      if (!ec) {
        acceptor.bind(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"),
                                             static_cast<unsigned short>(base + i)),
                      ec);
      }
      all = !ec;
    }
    if (all) return base;
  }
  throw std::runtime_error("cluster nodes: no free ports");
}

// One GET /healthz of serving_port's, to one port.
struct HealthCheck {
  HealthCheck(net::io_context& io, unsigned short port) : stream(io), port(port) {
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  }
  beast::tcp_stream stream;
  unsigned short port;
  http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
};

}  // namespace

unsigned short serving_port(const std::vector<unsigned short>& ports,
                            std::chrono::milliseconds within) {
  // Every port asked at once, and again every 20 ms while earlier checks wait: a node whose
  // /healthz hangs (a standby relaying it to a frozen desk, until the check's half second runs
  // out) hides neither another node nor itself once it has become the desk, which the failover
  // figures would otherwise count up to half a second late.
  net::io_context io;
  std::vector<std::unique_ptr<HealthCheck>> checks;
  unsigned short found = 0;
  const auto ask = [&](unsigned short port) {
    HealthCheck* check = checks.emplace_back(std::make_unique<HealthCheck>(io, port)).get();
    check->stream.expires_after(std::chrono::milliseconds(500));
    check->stream.async_connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
        [&io, &found, check](beast::error_code ec) {
          if (ec) return;
          http::async_write(check->stream, check->request,
                            [&io, &found, check](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              http::async_read(
                                  check->stream, check->buffer, check->response,
                                  [&io, &found, check](beast::error_code ec, std::size_t) {
                                    if (ec || check->response.result_int() != 200 ||
                                        check->response.body() != "ok\n" || found != 0) {
                                      return;
                                    }
                                    found = check->port;
                                    io.stop();
                                  });
                            });
        });
  };
  const auto until = std::chrono::steady_clock::now() + within;
  net::steady_timer again(io);
  std::function<void()> round = [&] {
    for (auto port : ports) ask(port);
    if (std::chrono::steady_clock::now() + std::chrono::milliseconds(20) > until) return;
    again.expires_after(std::chrono::milliseconds(20));
    again.async_wait([&](beast::error_code ec) {
      if (!ec) round();
    });
  };
  round();
  io.run();
  return found;
}

unsigned short reachable_port(const std::vector<unsigned short>& ports) {
  for (auto port : ports) {
    if (answers_ok(port, true)) return port;
  }
  return 0;
}

std::vector<unsigned short> starting_at(std::vector<unsigned short> ports, std::size_t first) {
  if (ports.empty()) return ports;
  std::rotate(ports.begin(), ports.begin() + static_cast<long>(first % ports.size()), ports.end());
  return ports;
}

ClusterNodes::ClusterNodes(Settings settings, int count) : settings_(std::move(settings)) {
  for (int i = 0; i < count; ++i) {
    nodes_.push_back(std::make_unique<ServerProcess>());
    ports_.push_back(0);
  }
  const auto first = free_ports(count);
  for (int i = 0; i < count; ++i) {
    ports_[static_cast<std::size_t>(i)] = static_cast<unsigned short>(first + i);
    start(i);
  }
}

ClusterNodes::~ClusterNodes() {
  stop_all();
}

std::string ClusterNodes::name(int node) const {
  return std::string("node-") + static_cast<char>('a' + node);
}

void ClusterNodes::start(int node) {
  auto& process = *nodes_[static_cast<std::size_t>(node)];
  const auto port = ports_[static_cast<std::size_t>(node)];
  std::vector<std::string> argv{settings_.kefu,    "serve",
                                "--store",         settings_.store,
                                "--mail-key-file", settings_.key_file,
                                "--listen",        "127.0.0.1:" + std::to_string(port),
                                "--static-dir",    settings_.folder};
  if (settings_.cluster) {
    for (const auto& a : {std::string("--bus"), settings_.bus, std::string("--node"), name(node),
                          std::string("--desk-lease-ms"), std::to_string(settings_.lease_ms)}) {
      argv.push_back(a);
    }
  }
  argv.insert(argv.end(), settings_.extra.begin(), settings_.extra.end());
  for (int attempt = 0;; ++attempt) {
    try {
      process.start(argv, settings_.folder + "/" + name(node) + ".log");
      ports_[static_cast<std::size_t>(node)] = process.port();
      return;
    } catch (const std::exception&) {
      // The port may still be held by the node just killed, or PostgreSQL may be restarting.
      if (attempt > 100) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

int ClusterNodes::desk() const {
  for (int i = 0; i < count(); ++i) {
    if (nodes_[static_cast<std::size_t>(i)]->running() &&
        answers_ok(ports_[static_cast<std::size_t>(i)])) {
      return i;
    }
  }
  return -1;
}

int ClusterNodes::wait_for_desk(int ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    const int found = desk();
    if (found >= 0 || std::chrono::steady_clock::now() > deadline) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::vector<std::pair<int, int>> ClusterNodes::supervise() {
  std::vector<std::pair<int, int>> ended;
  for (int i = 0; i < count(); ++i) {
    auto& process = *nodes_[static_cast<std::size_t>(i)];
    const int code = process.reap();
    if (code < 0 && process.running()) continue;
    if (code >= 0) ended.emplace_back(i, code);
    start(i);
  }
  return ended;
}

int ClusterNodes::wait_for_exit(int node, int ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  auto& process = *nodes_[static_cast<std::size_t>(node)];
  for (;;) {
    const int code = process.reap();
    if (code >= 0 || std::chrono::steady_clock::now() > deadline) return code;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ClusterNodes::stop_all() {
  for (auto& node : nodes_) {
    // SIGKILL: what they acknowledged is durable, and a node whose PostgreSQL is gone could
    // take long to stop politely.
    node->crash();
  }
}

}  // namespace kefu::load
