#include "server/net/desk_connection_pool.hpp"

#include <unistd.h>

#include <boost/asio/dispatch.hpp>

namespace kefu::net {
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// True when the desk has neither closed `socket` nor sent anything on it (an idle kept-alive
// connection has nothing to read): a peek that would block.
bool still_open(net::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  if (ec) return false;
  char byte = 0;
  socket.receive(net::buffer(&byte, 1), net::socket_base::message_peek, ec);
  const bool open = ec == net::error::would_block;
  boost::system::error_code ignored;
  socket.non_blocking(false, ignored);
  return open;
}

// The same connection as a socket of `executor`, or nothing (the connection closed) when the
// descriptor cannot be moved.
std::optional<net::ip::tcp::socket> onto(const net::any_io_executor& executor,
                                         net::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return std::nullopt;
  const auto descriptor = socket.release(ec);
  if (ec) return std::nullopt;
  net::ip::tcp::socket moved(executor);
  moved.assign(protocol, descriptor, ec);
  if (ec) {
    ::close(descriptor);
    return std::nullopt;
  }
  return moved;
}

void close(net::ip::tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace

DeskConnectionPool::DeskConnectionPool(net::any_io_executor executor, std::size_t most,
                                       std::chrono::milliseconds idle)
    : most_(most), idle_(idle), strand_(net::make_strand(executor)), timer_(strand_) {}

void DeskConnectionPool::keep_for(const std::string& desk) {
  if (desk == desk_) return;
  for (auto& kept : kept_) close(kept.socket);
  kept_.clear();
  desk_ = desk;
}

std::optional<net::ip::tcp::socket> DeskConnectionPool::take(const std::string& desk,
                                                             const net::any_io_executor& executor) {
  std::lock_guard lock(mutex_);
  keep_for(desk);
  const auto now = Clock::now();
  // The newest first: the oldest are the next to expire, and the fewest connections stay busy.
  while (!kept_.empty()) {
    Kept kept = std::move(kept_.back());
    kept_.pop_back();
    if (kept.until > now && still_open(kept.socket)) {
      if (auto moved = onto(executor, kept.socket)) return moved;
    }
    close(kept.socket);
  }
  return std::nullopt;
}

void DeskConnectionPool::give_back(const std::string& desk, net::ip::tcp::socket socket) {
  {
    std::lock_guard lock(mutex_);
    keep_for(desk);
    if (kept_.size() >= most_) {
      close(socket);
      return;
    }
    kept_.push_back({std::move(socket), Clock::now() + idle_});
  }
  net::dispatch(strand_, [self = shared_from_this()] { self->arm(); });
}

void DeskConnectionPool::drop_all() {
  std::lock_guard lock(mutex_);
  for (auto& kept : kept_) close(kept.socket);
  kept_.clear();
}

std::size_t DeskConnectionPool::idle() {
  std::lock_guard lock(mutex_);
  return kept_.size();
}

void DeskConnectionPool::arm() {
  if (armed_) return;
  armed_ = true;
  // Every second while any is kept: an idle connection lives `idle_` to `idle_` + 1 s.
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->sweep();
  });
}

void DeskConnectionPool::sweep() {
  armed_ = false;
  bool more = false;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    while (!kept_.empty() && kept_.front().until <= now) {
      close(kept_.front().socket);
      kept_.pop_front();
    }
    more = !kept_.empty();
  }
  if (more) arm();
}

}  // namespace kefu::net
