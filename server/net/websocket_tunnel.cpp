#include "server/net/websocket_tunnel.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

namespace kefu::net {
namespace net = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::chrono::seconds kStalledWrite{30};

// The network thread's buffer: each read is written on within the same handler, so one buffer
// per thread serves every tunnel it runs.
char* scratch() {
  thread_local std::array<char, kChunk> buffer;
  return buffer.data();
}

}  // namespace

WebSocketTunnel::Direction::Direction(Socket& source, Socket& destination, bool desk_is_source)
    : from(source), to(destination), from_desk(desk_is_source), stalled(source.get_executor()) {}

WebSocketTunnel::WebSocketTunnel(Socket client, Socket desk)
    : client_(std::move(client)),
      desk_(std::move(desk)),
      to_desk_(client_, desk_, false),
      to_client_(desk_, client_, true) {}

void WebSocketTunnel::run(std::string to_client) {
  error_code ec;
  client_.non_blocking(true, ec);
  if (!ec) desk_.non_blocking(true, ec);
  if (ec) return close_both();
  wait(to_desk_);
  if (to_client.empty() || pass_on(to_client_, to_client.data(), to_client.size())) {
    wait(to_client_);
  }
}

void WebSocketTunnel::close() {
  net::dispatch(client_.get_executor(), [self = shared_from_this()] { self->close_both(); });
}

void WebSocketTunnel::wait(Direction& way) {
  way.from.async_wait(Socket::wait_read, [self = shared_from_this(), &way](error_code ec) {
    self->on_readable(way, ec);
  });
}

void WebSocketTunnel::on_readable(Direction& way, error_code ec) {
  if (closed_) return;
  if (ec) return close_both();
  char* bytes = scratch();
  const std::size_t size = way.from.read_some(net::buffer(bytes, kChunk), ec);
  if (ec == net::error::would_block) return wait(way);
  if (ec == net::error::eof && !way.from_desk) {
    // The client ended: the desk reads the end of its stream and closes, which ends the tunnel
    // (what the desk still sends reaches the client meanwhile).
    error_code ignored;
    desk_.shutdown(Socket::shutdown_send, ignored);
    return;
  }
  // The desk ended (everything it sent before has been passed on), or either side failed.
  if (ec) return close_both();
  if (pass_on(way, bytes, size)) wait(way);
}

bool WebSocketTunnel::pass_on(Direction& way, const char* bytes, std::size_t size) {
  error_code ec;
  std::size_t sent = way.to.write_some(net::buffer(bytes, size), ec);
  if (ec == net::error::would_block) {
    sent = 0;
    ec = {};
  }
  if (ec) {
    close_both();
    return false;
  }
  if (sent == size) return true;
  // The other side's buffer is full: the rest is written as it takes it, and the source waits.
  way.unsent.assign(bytes + sent, size - sent);
  way.stalled.expires_after(kStalledWrite);
  way.stalled.async_wait(
      [self = shared_from_this(), &way](error_code ec) { self->on_stalled(way, ec); });
  net::async_write(way.to, net::buffer(way.unsent),
                   [self = shared_from_this(), &way](error_code ec, std::size_t bytes) {
                     self->on_written(way, ec, bytes);
                   });
  return false;
}

void WebSocketTunnel::on_written(Direction& way, error_code ec, std::size_t) {
  way.stalled.expires_at(net::steady_timer::time_point::max());
  std::string().swap(way.unsent);  // no memory held while the direction is quiet
  if (closed_) return;
  if (ec) return close_both();
  wait(way);
}

void WebSocketTunnel::on_stalled(Direction& way, error_code ec) {
  // Cancelled, or a write that completed just as the timer expired (expires_at above).
  if (ec || way.stalled.expiry() > net::steady_timer::clock_type::now()) return;
  close_both();
}

void WebSocketTunnel::close_both() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  // What the client sent and nobody will read is taken first: closing a socket with unread
  // bytes resets it, and a reset loses what the desk sent last (its close frame) on the way.
  if (client_.non_blocking()) {
    std::size_t read = kChunk;
    for (int round = 0; round < 16 && read == kChunk; ++round) {
      read = client_.read_some(net::buffer(scratch(), kChunk), ignored);
    }
  }
  client_.shutdown(Socket::shutdown_send, ignored);
  client_.close(ignored);
  desk_.close(ignored);
  to_desk_.stalled.cancel();
  to_client_.stalled.cancel();
}

}  // namespace kefu::net
