#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <memory>
#include <string>

namespace kefu::net {

// The bytes of one WebSocket that a standby relays (WebSocketRelay), once the desk has accepted
// its upgrade: copied both ways as they come, as a TCP proxy (nginx's `proxy_pass` of an
// upgraded connection) copies them, with no WebSocket framing here at all. Frames, pings and
// close frames are the client's and the desk's own; the desk enforces its limits (message size,
// UTF-8, origin) and its pings reach the client through the tunnel, so a dead client or a
// frozen tunnel is the desk's to notice: the tunnel has no idle timer.
// - Each direction waits until its source is readable (no buffer is held while a socket is
//   idle), reads what is there (up to 64 KiB) into the network thread's scratch buffer and
//   writes it on at once. Only what the other side did not take at once is copied and written
//   asynchronously, and nothing more is read from that source until it is written
//   (backpressure, no queue); a write that stalls for 30 s (a side that does not read) closes
//   the tunnel.
// - The desk ends (it closed, or was killed): the client's connection ends after all the desk
//   sent; the client sees the desk's close frame if it sent one, else 1006, and reconnects. The
//   client ends: the desk's side is shut down for writing, so the desk sees the end and closes,
//   which ends the tunnel. A reset or a failed write on either side closes both.
// - close() closes both connections at once (the lease names a new desk, the node stops):
//   RelayedSockets holds every tunnel for it. The client sees 1006 and reconnects.
// Both sockets must share one strand; everything runs on it. Keeps itself alive with
// shared_from_this() while either direction waits.
class WebSocketTunnel : public std::enable_shared_from_this<WebSocketTunnel> {
 public:
  using Socket = boost::asio::ip::tcp::socket;

  WebSocketTunnel(Socket client, Socket desk);
  WebSocketTunnel(const WebSocketTunnel&) = delete;
  WebSocketTunnel& operator=(const WebSocketTunnel&) = delete;

  // Starts copying; `to_client` (bytes the desk sent right after its 101, read with its answer)
  // goes to the client first.
  void run(std::string to_client);
  // Closes both connections. Thread-safe.
  void close();

 private:
  // One way through the tunnel.
  struct Direction {
    Direction(Socket& source, Socket& destination, bool desk_is_source);
    Socket& from;
    Socket& to;
    bool from_desk;
    std::string unsent;                 // what `to` did not take at once, being written
    boost::asio::steady_timer stalled;  // runs while `unsent` is being written
  };

  void wait(Direction& way);
  void on_readable(Direction& way, boost::system::error_code ec);
  // Writes `size` bytes to the direction's destination; true when all of them went at once.
  bool pass_on(Direction& way, const char* bytes, std::size_t size);
  void on_written(Direction& way, boost::system::error_code ec, std::size_t bytes);
  void on_stalled(Direction& way, boost::system::error_code ec);
  // The client's connection ends after what was written to it; the desk's is closed.
  void close_both();

  Socket client_;
  Socket desk_;
  Direction to_desk_;
  Direction to_client_;
  bool closed_ = false;
};

}  // namespace kefu::net
